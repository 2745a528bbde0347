import HuitongCore
import HuitongHTTPServer
import HuitongTransport
import Testing
@testable import HuitongSandbox

/// The city sandbox on the air: an `HTTPServer` on an ephemeral loopback port behind a
/// `SandboxHost`, reached with Huitong's libcurl client as the hub would reach the platform.
struct CityOnLoopback {
    let platform: CityPlatform
    let host: SandboxHost
    let server: HTTPServer
    let client: HTTPClient
    let basePath = "/city"

    init(faults: FaultPlan = .none, client: HTTPClient = HTTPClient()) throws {
        self.client = client
        platform = CityPlatform(configuration: .init(clients: ["rf-hub": "s3cret"], basePath: basePath))
        host = SandboxHost(platform: platform, faults: faults)
        server = try HTTPServer(handler: host.handler)
    }

    private init(platform: CityPlatform, host: SandboxHost, server: HTTPServer, client: HTTPClient) {
        self.platform = platform
        self.host = host
        self.server = server
        self.client = client
    }

    /// The same server reached through another client (its own connections).
    static func sharing(_ other: CityOnLoopback, client: HTTPClient) throws -> CityOnLoopback {
        CityOnLoopback(platform: other.platform, host: other.host, server: other.server, client: client)
    }

    var base: String { server.baseURL + basePath }

    func token() async throws -> String {
        let response = try await client.send(HTTPRequest(
            method: "POST", url: base + "/openapi/v2/auth/token",
            headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(#"{"clientId":"rf-hub","clientSecret":"s3cret"}"#.utf8)
        ))
        return try #require(JSONReader().value(from: response.body)["result"]?["accessToken"]?.stringValue)
    }

    func post(_ path: String, records: [Value], token: String, key: String) async throws(TransportError) -> HTTPResponse {
        let body = CityRecords.body(records)
        return try await client.send(HTTPRequest(method: "POST", url: base + path, headers: [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader("Authorization", "Bearer \(token)"),
            HTTPHeader("X-Content-SM3", SM3.hash(body).hex), HTTPHeader("Idempotency-Key", key),
        ], body: body))
    }

    func send(_ method: String, _ path: String, token: String) async throws -> HTTPResponse {
        try await client.send(HTTPRequest(method: method, url: base + path, headers: [HTTPHeader("Authorization", "Bearer \(token)")]))
    }

    func state() async throws -> Value {
        let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/_sandbox/state"))
        return try JSONReader().value(from: response.body)
    }
}

extension HTTPResponse {
    var envelope: Value { (try? JSONReader().value(from: body)) ?? .null }
}

@Suite("City platform over loopback HTTP")
struct CityLoopbackTests {
    @Test("token, POST, GET and the sandbox state work end to end through libcurl")
    func endToEnd() async throws {
        let city = try CityOnLoopback()
        defer { city.server.stop() }
        let token = try await city.token()
        let posted = try await city.post("/openapi/v2/resources/shelter", records: [
            CityRecords.shelter("B"), CityRecords.shelter("A"), CityRecords.shelter("X", ["phone": "13812345678"]),
        ], token: token, key: "loopback-1")
        #expect(posted.status == 200)
        #expect(posted.headers.value(of: "Content-Type")?.hasPrefix("application/json") == true)
        #expect(posted.envelope["result"] == ["total": 3, "succeeded": 2, "failed": [["id": "X", "message": "unknown field phone"]]])

        let listed = try await city.send("GET", "/openapi/v2/resources/shelter?pageNo=1&pageSize=100", token: token)
        #expect(listed.envelope["result"]?["list"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["A", "B"])

        let state = try await city.state()
        #expect(state["platform"] == "city")
        #expect(state["requests"] == 3)
        #expect(state["state"]?["counters"]?["appliedBatches"] == 1)
        #expect(state["state"]?["counters"]?["rejectedItems"] == 1)
        #expect(state["state"]?["resources"]?["shelter"]?.arrayValue?.count == 2)
    }

    @Test("a percent-encoded id is deleted over the wire; deleting it again is 404")
    func deleteOverTheWire() async throws {
        let city = try CityOnLoopback()
        defer { city.server.stop() }
        let token = try await city.token()
        _ = try await city.post("/openapi/v2/resources/team", records: [CityRecords.team("320613/DW 01")], token: token, key: "t")
        let deleted = try await city.send("DELETE", "/openapi/v2/resources/team/320613%2FDW%2001", token: token)
        #expect(deleted.status == 200)
        #expect(deleted.envelope["result"] == .null)
        let again = try await city.send("DELETE", "/openapi/v2/resources/team/320613%2FDW%2001", token: token)
        #expect(again.status == 404)
        #expect(again.envelope["code"] == "NOT_FOUND")
    }

    @Test("tokens revoked by the fault plan give TOKEN_EXPIRED; a new token and one resend succeed")
    func revokedByFaultPlan() async throws {
        let city = try CityOnLoopback(faults: FaultPlan(rules: [
            FaultRule(kind: .revokeTokens, selection: .sequence([1]), paths: ["/events"], method: "POST"),
        ]))
        defer { city.server.stop() }
        let token = try await city.token()
        let refused = try await city.post("/openapi/v2/events", records: [CityRecords.event()], token: token, key: "e1")
        #expect(refused.status == 401)
        #expect(refused.envelope["code"] == "TOKEN_EXPIRED")
        let resent = try await city.post("/openapi/v2/events", records: [CityRecords.event()], token: try await city.token(), key: "e1")
        #expect(resent.status == 200)
        #expect(city.platform.counters.appliedBatches == 1)
    }

    @Test("an answer lost after the batch was applied is recovered by resending with the same key")
    func droppedAnswerReplayed() async throws {
        let city = try CityOnLoopback(faults: FaultPlan(rules: [
            FaultRule(kind: .dropAfterApply, selection: .sequence([1]), paths: ["/events"], method: "POST"),
        ]))
        defer { city.server.stop() }
        let token = try await city.token()
        // A fresh connection: libcurl silently resends a request once when a *reused*
        // keep-alive connection closes without an answer, which would hide the drop.
        let fresh = try CityOnLoopback.sharing(city, client: HTTPClient())
        await #expect(throws: TransportError.self) {
            _ = try await fresh.post("/openapi/v2/events", records: [CityRecords.event()], token: token, key: "lost")
        }
        let resent = try await city.post("/openapi/v2/events", records: [CityRecords.event()], token: token, key: "lost")
        #expect(resent.status == 200)
        #expect(resent.envelope["result"]?["succeeded"] == 1)
        #expect(city.platform.counters.appliedBatches == 1)
        #expect(city.platform.counters.duplicates == 1)
    }

    @Test("an injected 503 is SYSTEM_ERROR in the city envelope; the resend is applied once")
    func injectedSystemError() async throws {
        let city = try CityOnLoopback(faults: FaultPlan(rules: [
            FaultRule(kind: .status(503), selection: .sequence([1]), paths: ["/resources/"], method: "POST"),
        ]))
        defer { city.server.stop() }
        let token = try await city.token()
        let failed = try await city.post("/openapi/v2/resources/siren", records: [CityRecords.siren()], token: token, key: "s")
        #expect(failed.status == 503)
        #expect(failed.envelope["code"] == "SYSTEM_ERROR")
        let resent = try await city.post("/openapi/v2/resources/siren", records: [CityRecords.siren()], token: token, key: "s")
        #expect(resent.status == 200)
        #expect(city.platform.counters.appliedBatches == 1)
    }
}
