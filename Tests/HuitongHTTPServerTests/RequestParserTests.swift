import HuitongCore
import Testing
@testable import HuitongHTTPServer

@Suite("Request parser")
struct RequestParserTests {
    let parser = RequestParser(maxHeaderBytes: 1024, maxBodyBytes: 64)

    @Test("a complete request with a body is found and its length consumed")
    func completeRequest() {
        let bytes = Array("POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloNEXT".utf8)
        guard case let .request(head, range, consumed) = parser.parse(bytes) else {
            Issue.record("expected a request")
            return
        }
        #expect(head.method == "POST")
        #expect(head.target == "/a?b=1")
        #expect(Array(bytes[range]) == Array("hello".utf8))
        #expect(consumed == bytes.count - 4)
    }

    @Test("a request whose body has not fully arrived asks for more bytes")
    func partialBody() {
        let bytes = Array("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nhell".utf8)
        #expect(parser.parse(bytes) == .needMoreBytes)
    }

    @Test("a body over the limit is refused with 413 before it is read")
    func bodyTooLarge() {
        let bytes = Array("POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n".utf8)
        guard case .malformed(413, _) = parser.parse(bytes) else {
            Issue.record("expected 413")
            return
        }
    }

    @Test("a header section over the limit is refused with 431")
    func headerTooLarge() {
        let bytes = Array("GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 2000))".utf8)
        guard case .malformed(431, _) = parser.parse(bytes) else {
            Issue.record("expected 431")
            return
        }
    }

    @Test("a garbled request line, a bad Content-Length and chunked bodies are answered 4xx", arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET /\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 400),
        ("get / HTTP/1.1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        ("GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
    ])
    func malformed(text: String, status: Int) {
        guard case let .malformed(actual, _) = parser.parse(Array(text.utf8)) else {
            Issue.record("expected a malformed outcome for \(text.debugDescription)")
            return
        }
        #expect(actual == status)
    }

    @Test("HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it")
    func keepAlive() {
        func head(_ version: String, _ connection: String?) -> ParsedRequestHead {
            ParsedRequestHead(method: "GET", target: "/", version: version,
                              headers: connection.map { [("Connection", $0)] } ?? [])
        }
        #expect(head("HTTP/1.1", nil).keepAlive)
        #expect(!head("HTTP/1.1", "close").keepAlive)
        #expect(!head("HTTP/1.0", nil).keepAlive)
        #expect(head("HTTP/1.0", "keep-alive").keepAlive)
    }

    @Test("random and truncated byte sequences never crash the parser")
    func randomBytes() {
        var generator = SeededRandom(seed: 42)
        let valid = Array("POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc".utf8)
        for round in 0..<5000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                bytes = Array(valid.prefix(Int(generator.next() % UInt64(valid.count + 1))))
                if !bytes.isEmpty { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            }
            _ = parser.parse(bytes)
        }
    }
}
