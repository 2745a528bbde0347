import HuitongCore
import HuitongHTTPServer
import HuitongTestSupport
import Testing
@testable import HuitongSandbox

@Suite("Faults injected by the sandbox host")
struct SandboxHostFaultTests {
    static let items: [Value] = (1...7).map { .object(OrderedObject(uniqueKeysWithValues: [("code", .string("ZH-\($0)"))])) }

    func host(_ rules: [FaultRule], seed: UInt64 = 1) -> SandboxHost {
        SandboxHost(
            platform: FacilitiesPlatform(configuration: .init(items: Self.items, pageSize: 3)),
            faults: FaultPlan(rules: rules, seed: seed)
        )
    }

    func get(_ host: SandboxHost, _ target: String = "/api/facilities?page=1") -> ServerResponse {
        host.respond(to: ServerRequest(method: "GET", target: target, headers: [], body: []))
    }

    func status(_ response: ServerResponse) -> Int? {
        if case let .answer(status, _, _) = response { return status }
        return nil
    }

    @Test("a status fault answers with the platform's own failure for that status, in sequence")
    func statusSequence() {
        let host = host([FaultRule(kind: .status(503), selection: .sequence([2]))])
        #expect([get(host), get(host), get(host)].map(status) == [200, 503, 200])
        #expect(host.log.totals.faults == 1)
    }

    @Test("a rate-limit fault answers 429 with Retry-After")
    func rateLimited() {
        let host = host([FaultRule(kind: .rateLimited(retryAfterSeconds: 3), selection: .every(1))])
        guard case let .answer(status, headers, _) = get(host) else {
            Issue.record("expected an answer")
            return
        }
        #expect(status == 429)
        #expect(headers.contains { $0.name == "Retry-After" && $0.value == "3" })
    }

    @Test("drop-after-apply handles the request, then closes without an answer")
    func dropAfterApply() {
        let host = host([FaultRule(kind: .dropAfterApply, selection: .every(1))])
        guard case .dropConnection = get(host) else {
            Issue.record("expected the connection to be dropped")
            return
        }
        #expect(host.log.snapshot.first?.fault == "drop after apply")
    }

    @Test("the inspection endpoint is never faulted and reports requests and the log")
    func inspection() throws {
        let host = host([FaultRule(kind: .status(500), selection: .share(1))])
        _ = get(host)
        guard case let .answer(status, _, body) = get(host, "/_sandbox/state?records=false") else {
            Issue.record("expected an answer")
            return
        }
        #expect(status == 200)
        let state = try JSONReader().value(from: body)
        #expect(state["requests"] == .integer(1))
        #expect(state["faultsInjected"] == .integer(1))
        #expect(state["state"]?["records"] == nil)
    }

    @Test("a slow fault delays the answer")
    func slow() {
        let host = host([FaultRule(kind: .slow(seconds: 0.2), selection: .every(1))])
        let started = ContinuousClock.now
        #expect(status(get(host)) == 200)
        #expect(ContinuousClock.now - started >= .milliseconds(200))
    }

    @Test("a platform's clock skew makes a request signed with the right time too old (4011)")
    func clockSkew() throws {
        var configuration = SandboxConfiguration()
        configuration.city.enabled = false
        configuration.facilities.enabled = false
        configuration.province.faults = FaultPlan(clockSkewSeconds: 400)
        let runner = try SandboxRunner(configuration: configuration)
        defer { runner.stop() }
        let province = try #require(runner.platforms.first)
        let signer = ProvinceSigner(appKey: SandboxCredentials.province.id, secret: SandboxCredentials.province.secret)
        let target = "/exchange/api/v1/ping"
        let response = province.host.respond(to: signer.request("GET", target, time: SystemWallClock().now()))
        guard case let .answer(status, _, body) = response else {
            Issue.record("expected an answer")
            return
        }
        #expect(status == 401)
        #expect(try JSONReader().value(from: body)["code"] == .integer(4011))
    }
}

@Suite("Facilities API stand-in")
struct FacilitiesPlatformTests {
    let items: [Value] = (1...7).map { .object(OrderedObject(uniqueKeysWithValues: [("code", .string("ZH-\($0)"))])) }

    func page(_ platform: FacilitiesPlatform, _ query: String, headers: [(name: String, value: String)] = []) throws -> (Int, Value) {
        guard case let .answer(status, _, body) = platform.handle(ServerRequest(method: "GET", target: "/api/facilities?\(query)", headers: headers, body: [])) else {
            throw SandboxTestError("no answer")
        }
        return (status, try JSONReader().value(from: body))
    }

    @Test("pages hold page, pages and that page's items; the last page is short")
    func paging() throws {
        let platform = FacilitiesPlatform(configuration: .init(items: items, pageSize: 3))
        let (status, first) = try page(platform, "page=1")
        #expect(status == 200)
        #expect(first["pages"] == .integer(3))
        #expect(first["items"]?.arrayValue?.count == 3)
        let (_, last) = try page(platform, "page=3")
        #expect(last["items"]?.arrayValue?.map { $0["code"] } == [.string("ZH-7")])
    }

    @Test("no items means pages 0")
    func empty() throws {
        let (_, answer) = try page(FacilitiesPlatform(configuration: .init(items: [])), "page=1")
        #expect(answer["pages"] == .integer(0))
        #expect(answer["items"] == .array([]))
    }

    @Test("with a bearer token configured, a request without it is refused 401")
    func bearer() throws {
        let platform = FacilitiesPlatform(configuration: .init(items: items, bearerToken: "t0ken"))
        #expect(try page(platform, "page=1").0 == 401)
        #expect(try page(platform, "page=1", headers: [("Authorization", "Bearer t0ken")]).0 == 200)
    }

    @Test("page 0 or a word is a 400")
    func badPage() throws {
        let platform = FacilitiesPlatform(configuration: .init(items: items))
        #expect(try page(platform, "page=0").0 == 400)
        #expect(try page(platform, "page=two").0 == 400)
    }
}

struct SandboxTestError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
