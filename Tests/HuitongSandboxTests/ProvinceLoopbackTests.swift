import HuitongCore
import HuitongHTTPServer
import HuitongTransport
import Testing
@testable import HuitongSandbox

/// The platform on the air: an `HTTPServer` on an ephemeral loopback port behind a `SandboxHost`,
/// reached with Huitong's libcurl client, signed by hand on the system clock.
@Suite("Province over loopback")
struct ProvinceLoopbackTests {
    final class Running: Sendable {
        let platform = ProvincePlatform(configuration: .init(appSecrets: ProvinceFixture.secrets))
        let host: SandboxHost
        let server: HTTPServer
        let client = HTTPClient()

        init(faults: FaultPlan = .none) throws {
            host = SandboxHost(platform: platform, faults: faults)
            server = try HTTPServer(handler: host.handler)
        }

        deinit { server.stop() }

        func send(_ method: String, _ target: String, body: [UInt8] = [], signed: Bool = true) async throws -> (HTTPResponse, ProvinceAnswer) {
            var headers: [HTTPHeader] = []
            if signed {
                headers = ProvinceSigner().headers(method: method, target: target, body: body, time: SystemWallClock().now())
                    .map { HTTPHeader($0.name, $0.value) }
            }
            if !body.isEmpty { headers.append(HTTPHeader("Content-Type", "application/json; charset=utf-8")) }
            let response = try await client.send(HTTPRequest(method: method, url: server.baseURL + target, headers: headers, body: body))
            return (response, try ProvinceAnswer(status: response.status, body: response.body))
        }
    }

    @Test("a signed batch over HTTP is accepted and read back")
    func batchAndReadBack() async throws {
        let running = try Running()
        let body = try JSONWriter().bytes(for: ProvinceBatches.batch(batchId: "loopback-0001", upserts: [ProvinceBatches.rfgc()]))
        let (response, answer) = try await running.send("POST", "/exchange/api/v1/exchange/rfgc/batches", body: body)
        #expect(response.status == 200)
        #expect(response.headers.value(of: "Content-Type") == "application/json; charset=utf-8")
        #expect(answer.data["accepted"] == 1)

        let (_, records) = try await running.send("GET", "/exchange/api/v1/exchange/rfgc/records?page=1&pageSize=500")
        #expect(records.data["records"] == [ProvinceBatches.rfgc()])
    }

    @Test("ping over HTTP answers pong; an unsigned one is 401 with code 4013")
    func pingAndUnsigned() async throws {
        let running = try Running()
        let (_, pong) = try await running.send("GET", "/exchange/api/v1/ping")
        #expect(pong.message == "pong")
        let (response, refused) = try await running.send("GET", "/exchange/api/v1/ping", signed: false)
        #expect(response.status == 401)
        #expect(refused.code == 4013)
    }

    @Test("GET /_sandbox/state shows the platform's counters and records")
    func sandboxState() async throws {
        let running = try Running()
        let body = try JSONWriter().bytes(for: ProvinceBatches.batch(upserts: [ProvinceBatches.zyd()], test: true))
        _ = try await running.send("POST", "/exchange/api/v1/exchange/zyd/batches", body: body)
        let response = try await running.client.send(HTTPRequest(method: "GET", url: running.server.baseURL + "/_sandbox/state"))
        let state = try JSONReader().value(from: response.body)
        #expect(state["platform"] == "province")
        #expect(state["state"]?["counters"]?["appliedBatches"] == 1)
        #expect(state["state"]?["test"]?["records"]?["zyd"] == [ProvinceBatches.zyd()])
        #expect(state["requestLog"]?[0]?["target"] == "/exchange/api/v1/exchange/zyd/batches")
    }

    @Test("an injected 503 reaches the client in the province's envelope")
    func injectedFault() async throws {
        let running = try Running(faults: FaultPlan(rules: [FaultRule(kind: .status(503), selection: .sequence([1]), paths: ["/batches"])]))
        let body = try JSONWriter().bytes(for: ProvinceBatches.batch(batchId: "fault-00001", upserts: [ProvinceBatches.hjjc()]))
        let (first, answer) = try await running.send("POST", "/exchange/api/v1/exchange/hjjc/batches", body: body)
        #expect(first.status == 503)
        #expect(answer.code == 5030)
        let (second, retried) = try await running.send("POST", "/exchange/api/v1/exchange/hjjc/batches", body: body)
        #expect(second.status == 200)
        #expect(retried.data["duplicate"] == false)
    }
}
