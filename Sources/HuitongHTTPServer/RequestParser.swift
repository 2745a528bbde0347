/// Finds one HTTP/1.1 request at the start of a byte buffer.
///
/// Pure and incremental: given what has arrived so far, says "need more", "here is a request
/// and how many bytes it used", or "this is malformed, answer with this status". Kept apart
/// from sockets so every rule is tested without I/O and no byte sequence can crash it.
struct RequestParser: Sendable {
    var maxHeaderBytes: Int = 64 * 1024
    var maxBodyBytes: Int = 16 << 20

    enum Outcome: Equatable {
        case needMoreBytes
        case request(ParsedRequestHead, bodyRange: Range<Int>, consumed: Int)
        case malformed(status: Int, reason: String)
    }

    func parse(_ buffer: [UInt8]) -> Outcome {
        guard let headEnd = indexOfHeaderTerminator(in: buffer) else {
            return buffer.count > maxHeaderBytes
                ? .malformed(status: 431, reason: "request header larger than \(maxHeaderBytes) bytes")
                : .needMoreBytes
        }
        guard headEnd <= maxHeaderBytes else {
            return .malformed(status: 431, reason: "request header larger than \(maxHeaderBytes) bytes")
        }
        guard let headText = String(validating: buffer[0..<headEnd], as: UTF8.self) else {
            return .malformed(status: 400, reason: "request header is not valid UTF-8")
        }
        let lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3,
              !requestLine[0].isEmpty, requestLine[0].allSatisfy({ $0.isASCII && ($0.isUppercase || $0 == "-") }),
              requestLine[1].hasPrefix("/") || requestLine[1] == "*",
              requestLine[2] == "HTTP/1.1" || requestLine[2] == "HTTP/1.0"
        else {
            return .malformed(status: 400, reason: "malformed request line")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                return .malformed(status: 400, reason: "malformed header line")
            }
            let name = line[..<colon]
            guard name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                return .malformed(status: 400, reason: "malformed header name")
            }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append((String(name), String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed())))
        }
        let head = ParsedRequestHead(
            method: String(requestLine[0]),
            target: String(requestLine[1]),
            version: String(requestLine[2]),
            headers: headers
        )
        if head.headerValues("transfer-encoding").contains(where: { !$0.isEmpty }) {
            return .malformed(status: 411, reason: "chunked bodies are not accepted; send Content-Length")
        }
        let lengths = head.headerValues("content-length")
        var bodyLength = 0
        if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.count <= 12,
                  first.allSatisfy(\.isASCII), let length = Int(first), length >= 0
            else {
                return .malformed(status: 400, reason: "invalid Content-Length")
            }
            bodyLength = length
        }
        guard bodyLength <= maxBodyBytes else {
            return .malformed(status: 413, reason: "request body larger than \(maxBodyBytes) bytes")
        }
        let bodyStart = headEnd + 4
        guard buffer.count >= bodyStart + bodyLength else { return .needMoreBytes }
        return .request(head, bodyRange: bodyStart..<(bodyStart + bodyLength), consumed: bodyStart + bodyLength)
    }

    private func indexOfHeaderTerminator(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = 0
        let limit = min(buffer.count - 3, maxHeaderBytes + 1)
        while index < limit {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }
}

/// The request line and headers of a parsed request.
struct ParsedRequestHead: Equatable {
    var method: String
    var target: String
    var version: String
    var headers: [(name: String, value: String)]

    func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name }.map(\.value)
    }

    /// HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it.
    var keepAlive: Bool {
        let connection = headerValues("connection").joined(separator: ",").lowercased()
        if version == "HTTP/1.0" { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }

    static func == (lhs: ParsedRequestHead, rhs: ParsedRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.version == rhs.version
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
