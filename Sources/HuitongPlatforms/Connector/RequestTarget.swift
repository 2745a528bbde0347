import Foundation

/// The base URL split where the profile's paths attach, and the encoding of path and query
/// parts, so that the signed `PATH_AND_QUERY` is byte for byte what goes on the request line.
struct BaseURL: Sendable {
    /// `http://127.0.0.1:8081`
    let origin: String
    /// `/exchange`, or empty.
    let path: String

    init?(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        guard !afterScheme.isEmpty else { return nil }
        if let slash = afterScheme.firstIndex(of: "/") {
            origin = String(url[..<slash])
            var rest = String(url[slash...])
            while rest.hasSuffix("/") { rest.removeLast() }
            path = rest
        } else {
            origin = url
            path = ""
        }
        guard !origin.contains("?"), !path.contains("?"), !path.contains("#") else { return nil }
    }
}

enum PercentEncoding {
    /// RFC 3986 unreserved characters stay; every other byte of the UTF-8 text is `%XX`.
    static func encode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }

    /// Substitutes `{name}` in a profile path with the encoded values.
    static func fill(_ path: String, _ values: [String: String]) -> String {
        var result = path
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: encode(value))
        }
        return result
    }

    static func query(_ parameters: [(name: String, value: String)]) -> String {
        parameters.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }
}

/// A request as the connector plans it, before authentication and signing (which are done
/// afresh on every attempt, since timestamps and nonces must not repeat).
struct PlannedRequest: Sendable {
    var method: String
    /// After the base URL's path, already encoded: `/api/v1/exchange/rfgc/batches`.
    var path: String
    var query: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// Builds the body for each attempt (an envelope with a fresh `sentAt`); nil: `body`.
    var bodyForAttempt: (@Sendable () -> [UInt8])?
    var headers: [(name: String, value: String)] = []
    var idempotencyKey: String?
    var test: Bool
    /// The token request itself: no token, no body digest, no idempotency header.
    var isTokenRequest = false

    var pathAndQuery: String {
        query.isEmpty ? path : path + "?" + PercentEncoding.query(query)
    }
}
