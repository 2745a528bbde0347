internal import CLibCurl
import Foundation

/// One request on one easy handle: sets the options, performs, collects the answer.
struct CurlTransfer {
    let handle: CurlEasyHandle
    let configuration: HTTPClientConfiguration

    func run(_ request: HTTPRequest) -> Result<HTTPResponse, TransportError> {
        handle.reset()
        let sink = ResponseSink(limit: configuration.maxResponseBytes)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        let headerLines = request.headers.map { "\($0.name): \($0.value)" }
            // libcurl would otherwise add `Expect: 100-continue` to large bodies and wait for it.
            + ["Expect:"]
        let headerList = CurlHeaderList(headerLines)

        handle.set(CURLOPT_URL, string: request.url)
        handle.set(CURLOPT_PROTOCOLS_STR, string: "http,https")
        handle.set(CURLOPT_HTTPHEADER, list: headerList.raw)
        handle.set(CURLOPT_ACCEPT_ENCODING, string: "")  // every encoding libcurl was built with
        applyMethodAndBody(of: request)
        applyConfiguration()
        handle.set(CURLOPT_WRITEFUNCTION, callback: writeBody)
        handle.set(CURLOPT_WRITEDATA, pointer: sinkPointer)
        handle.set(CURLOPT_HEADERFUNCTION, callback: writeHeader)
        handle.set(CURLOPT_HEADERDATA, pointer: sinkPointer)

        let code = withExtendedLifetime((sink, headerList)) { handle.perform() }
        guard code == CURLE_OK else {
            return .failure(error(for: code, request: request, overflow: sink.overflowed))
        }
        let status = handle.info(long: CURLINFO_RESPONSE_CODE)
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }

    private func applyMethodAndBody(of request: HTTPRequest) {
        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            handle.set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            handle.set(CURLOPT_NOBODY, 1)
        default:
            // The size goes first so COPYPOSTFIELDS copies exactly the body, NUL bytes included.
            handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(request.body.count))
            request.body.withUnsafeBytes { bytes in
                // An empty body still needs a valid pointer, or libcurl would strlen() it.
                var empty: UInt8 = 0
                let pointer = bytes.baseAddress.map(UnsafeMutableRawPointer.init(mutating:))
                    ?? withUnsafeMutablePointer(to: &empty) { UnsafeMutableRawPointer($0) }
                handle.set(CURLOPT_COPYPOSTFIELDS, pointer: pointer)
            }
            if method != "POST" { handle.set(CURLOPT_CUSTOMREQUEST, string: method) }
        }
    }

    private func applyConfiguration() {
        handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        handle.set(CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000))
        handle.set(CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedBytesPerSecond)
        handle.set(CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedSeconds)
        handle.set(CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0)
        handle.set(CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0)
        if let caFile = configuration.caFile { handle.set(CURLOPT_CAINFO, string: caFile) }
        if let caPath = configuration.caPath { handle.set(CURLOPT_CAPATH, string: caPath) }
        if let certificate = configuration.clientCertificateFile {
            handle.set(CURLOPT_SSLCERT, string: certificate)
        }
        if let key = configuration.clientKeyFile { handle.set(CURLOPT_SSLKEY, string: key) }
        handle.set(CURLOPT_PROXY, string: configuration.proxy ?? "")
    }

    private func error(for code: CURLcode, request: HTTPRequest, overflow: Bool) -> TransportError {
        let kind: TransportError.Kind
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .dns
        case CURLE_COULDNT_CONNECT: kind = .refused
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE:
            kind = .tls
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            kind = .reset
        case CURLE_WRITE_ERROR where overflow: kind = .tooLarge
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: kind = .invalidRequest
        default: kind = .other
        }
        let message = handle.lastErrorMessage
        return TransportError(
            kind: kind,
            method: request.method.uppercased(),
            url: TransportError.redacted(request.url),
            detail: message.isEmpty ? String(cString: curl_easy_strerror(code)) : message,
            curlCode: Int(code.rawValue)
        )
    }
}

/// Collects one answer's headers and body as libcurl delivers them.
final class ResponseSink {
    let limit: Int
    var body: [UInt8] = []
    var headers: [HTTPHeader] = []
    var overflowed = false

    init(limit: Int) { self.limit = limit }
}

private let writeBody: huitong_data_callback = { buffer, size, count, userdata in
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
    let length = size * count
    guard sink.body.count + length <= sink.limit else {
        sink.overflowed = true
        return 0  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    if let buffer, length > 0 {
        sink.body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
    }
    return length
}

private let writeHeader: huitong_data_callback = { buffer, size, count, userdata in
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
    let length = size * count
    guard let buffer, length > 0 else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        // A new status line (after a 100 Continue or a redirect) starts a new header block.
        sink.headers.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        sink.headers.append(HTTPHeader(name, value))
    }
    return length
}
