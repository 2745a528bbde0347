import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongHTTPServer
import FoundationEssentials

@Suite("HTTP server on the wire")
struct HTTPServerWireTests {
    @Test("a malformed request line is answered 400 and the connection closed")
    func malformedRequest() throws {
        let server = try HTTPServer { _ in .text(200, "ok") }
        defer { server.stop() }
        let answer = try #require(RawConnection.exchange(port: server.port, bytes: Array("HELLO THERE\r\n\r\n".utf8)))
        #expect(RawConnection.status(of: answer) == 400)
    }

    @Test("two requests on one connection are both answered (keep-alive)")
    func pipelined() throws {
        let server = try HTTPServer { request in .text(200, request.target) }
        defer { server.stop() }
        let two = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let answer = try #require(RawConnection.exchange(port: server.port, bytes: Array(two.utf8)))
        let text = String(decoding: answer, as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        #expect(text.hasSuffix("/b"))
    }

    @Test("thousands of random and truncated requests leave the server answering the next good one")
    func fuzz() throws {
        let server = try HTTPServer { request in .text(200, "echo \(request.body.count)") }
        defer { server.stop() }
        var generator = SeededRandom(seed: 2026)
        let templates = [
            "POST /api/v1/exchange/rfgc/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{\"batchId\":\"abcdefgh\",\"x\":1}",
            "GET /openapi/v2/resources/shelter?pageNo=1&pageSize=5 HTTP/1.1\r\nAuthorization: Bearer abc\r\n\r\n",
        ].map { Array($0.utf8) }
        var answered = 0
        for round in 0..<2000 {
            var bytes: [UInt8]
            switch round % 4 {
            case 0:  // pure noise
                bytes = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            case 1:  // a real request cut short
                let template = templates[Int(generator.next() % 2)]
                bytes = Array(template.prefix(Int(generator.next() % UInt64(template.count))))
            case 2:  // a real request with bytes flipped
                bytes = templates[Int(generator.next() % 2)]
                for _ in 0..<3 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            default:  // an absurd Content-Length
                bytes = Array("POST / HTTP/1.1\r\nContent-Length: \(generator.next())\r\n\r\nabc".utf8)
            }
            if RawConnection.exchange(port: server.port, bytes: bytes, timeoutSeconds: 2) != nil { answered += 1 }
        }
        #expect(answered == 2000)
        let good = try #require(RawConnection.exchange(
            port: server.port, bytes: Array("POST /x HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc".utf8)
        ))
        #expect(RawConnection.status(of: good) == 200)
        #expect(String(decoding: good, as: UTF8.self).hasSuffix("echo 3"))
    }
}
