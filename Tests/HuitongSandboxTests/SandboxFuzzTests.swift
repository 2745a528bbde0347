import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongSandbox
import FoundationEssentials
import HuitongHTTPServer

/// Garbage at the platforms' real endpoints, past their signature and token checks, so the
/// JSON reading and field validation see it too: the sandbox stays up and keeps answering.
@Suite("Sandbox under random requests")
struct SandboxFuzzTests {
    static let bodies: [String] = [
        #"{"batchId":"fuzz-0001","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","upserts":[{"gcbm":"320613-RF-0042","jd":120.9}]}"#,
        #"[{"id":"320613-RF-0042","name":"掩蔽所","areaCode":"320613000000","lng":120.9,"lat":32.0}]"#,
    ]

    static func mutate(_ text: String, _ random: inout SeededRandom) -> [UInt8] {
        var bytes = Array(text.utf8)
        switch random.next() % 4 {
        case 0: return Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
        case 1:
            for _ in 0..<4 { bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next()) }
            return bytes
        case 2: return (0..<Int(random.next() % 200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        default:
            let cut = Int(random.next() % UInt64(bytes.count))
            return Array(bytes[..<cut]) + Array("[{\"x\":[[[[\(String(repeating: "9", count: 400))".utf8)
        }
    }

    static func raw(_ method: String, _ target: String, _ headers: [(name: String, value: String)], _ body: [UInt8]) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    @Test("1,500 signed but garbled batches and resources leave both platforms answering the next good request")
    func garbledBodies() throws {
        var configuration = SandboxConfiguration()
        configuration.facilities.enabled = false
        let runner = try SandboxRunner(configuration: configuration)
        defer { runner.stop() }
        let province = try #require(runner.platforms.first { $0.name == "province" })
        let city = try #require(runner.platforms.first { $0.name == "city" })
        let signer = ProvinceSigner(appKey: SandboxCredentials.province.id, secret: SandboxCredentials.province.secret)

        let tokenBody = Array(#"{"clientId":"\#(SandboxCredentials.city.id)","clientSecret":"\#(SandboxCredentials.city.secret)"}"#.utf8)
        let tokenAnswer = try #require(RawConnection.exchange(
            port: city.server.port, bytes: Self.raw("POST", "/openapi/v2/auth/token", [], tokenBody)
        ))
        let tokenJSON = String(decoding: tokenAnswer, as: UTF8.self).components(separatedBy: "\r\n\r\n").last ?? ""
        let token = try #require(try JSONReader().value(from: tokenJSON)["result"]?["accessToken"]?.stringValue)

        var random = SeededRandom(seed: 4)
        var answered = 0
        for round in 0..<1500 {
            let request: [UInt8]
            let port: UInt16
            if round % 2 == 0 {
                let body = Self.mutate(Self.bodies[0], &random)
                let target = "/exchange/api/v1/exchange/rfgc/batches"
                request = Self.raw("POST", target, signer.headers(method: "POST", target: target, body: body, time: SystemWallClock().now()), body)
                port = province.server.port
            } else {
                let body = Self.mutate(Self.bodies[1], &random)
                request = Self.raw("POST", "/openapi/v2/resources/shelter", [
                    ("Authorization", "Bearer \(token)"), ("X-Content-SM3", SM3.hash(body).hex), ("Idempotency-Key", "fuzz-\(round)"),
                ], body)
                port = city.server.port
            }
            if let answer = RawConnection.exchange(port: port, bytes: request), RawConnection.status(of: answer) != nil {
                answered += 1
            }
        }
        #expect(answered == 1500)

        let target = "/exchange/api/v1/ping"
        let ping = try #require(RawConnection.exchange(
            port: province.server.port,
            bytes: Self.raw("GET", target, signer.headers(method: "GET", target: target, body: [], time: SystemWallClock().now()), [])
        ))
        #expect(RawConnection.status(of: ping) == 200)
    }
}
