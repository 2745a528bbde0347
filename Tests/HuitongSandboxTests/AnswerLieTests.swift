import Foundation
import HuitongCore
import HuitongHTTPServer
import Testing
@testable import HuitongSandbox

/// The sandbox lies on demand: it applies the batch honestly, remembers the honest answer, and
/// tells the client something else. A resend under the same key gets the honest first answer.
@Suite("Lies told by the sandbox host after honest handling")
struct AnswerLieTests {
    static func plan(_ lie: AnswerLie, path: String) -> FaultPlan {
        FaultPlan(rules: [FaultRule(kind: .lie(lie), selection: .sequence([1]), paths: [path])])
    }

    static func json(_ response: ServerResponse) -> Value? {
        guard case let .answer(_, _, body) = response else { return nil }
        return try? JSONReader().value(from: body)
    }

    static func contentType(_ response: ServerResponse) -> String? {
        guard case let .answer(_, headers, _) = response else { return nil }
        return headers.first { $0.name.lowercased() == "content-type" }?.value
    }

    @Test("the province lies about a batch it applied, and answers the resend with the honest first answer", arguments: AnswerLie.allCases)
    func province(_ lie: AnswerLie) throws {
        let fixture = ProvinceFixture()
        let host = SandboxHost(platform: fixture.platform, faults: Self.plan(lie, path: "/batches"))
        let batch = ProvinceBatches.batch(batchId: "lie-batch-0001", upserts: [ProvinceBatches.rfgc("320613-RF-0001"), ProvinceBatches.rfgc("320613-RF-0002")])
        let body = try JSONWriter().bytes(for: batch)
        func send() -> ServerResponse {
            host.respond(to: fixture.signer.request("POST", "/exchange/api/v1/exchange/rfgc/batches", body: body, time: fixture.clock.now()))
        }
        let told = send()
        let data = Self.json(told)?["data"]
        switch lie {
        case .shortCount:
            #expect(data?["accepted"] == 1 && data?["rejected"] == [])
        case .nullData:
            #expect(data == .null)
        case .strayRejection:
            #expect(data?["accepted"] == 1 && data?["rejected"]?[0]?["index"] == 999)
        case .foreignAnswer:
            #expect(data?["duplicate"] == true && data?["batchId"] != "lie-batch-0001" && data?["accepted"] == 2)
        case .emptyBody:
            guard case let .answer(200, _, bytes) = told else { Issue.record("expected an answer"); return }
            #expect(bytes.isEmpty)
        case .htmlBody:
            #expect(Self.contentType(told)?.hasPrefix("text/html") == true && Self.json(told) == nil)
        }
        #expect(fixture.platform.counters.appliedBatches == 1, "the batch was applied before the lie")
        #expect(host.log.snapshot.first?.fault == "lie \(lie.rawValue)")

        let resent = try #require(Self.json(send())?["data"])
        #expect(resent["duplicate"] == true && resent["accepted"] == 2 && resent["batchId"] == "lie-batch-0001" && resent["rejected"] == [])
        #expect(fixture.platform.counters.appliedBatches == 1 && fixture.platform.counters.conflicts == 0)
    }

    @Test("the city lies about a batch it applied, and replays the honest first answer", arguments: AnswerLie.allCases)
    func city(_ lie: AnswerLie) throws {
        let harness = CityHarness()
        let token = harness.token()
        let host = SandboxHost(platform: harness.platform, faults: Self.plan(lie, path: "/resources"))
        let records = [CityRecords.shelter("320613-RF-0001"), CityRecords.shelter("320613-RF-0002")]
        let body = CityRecords.body(records)
        func send() -> ServerResponse {
            let headers: [(name: String, value: String)] = [
                ("Content-Type", "application/json"), ("Authorization", "Bearer \(token)"),
                ("X-Content-SM3", SM3.hash(body).hex), ("Idempotency-Key", "lie-key-0001"),
            ]
            return host.respond(to: ServerRequest(method: "POST", target: "/openapi/v2/resources/shelter", headers: headers, body: body))
        }
        let told = send()
        let result = Self.json(told)?["result"]
        switch lie {
        case .shortCount:
            #expect(result?["total"] == 2 && result?["succeeded"] == 1 && result?["failed"] == [])
        case .nullData:
            #expect(result == .null && Self.json(told)?["success"] == true)
        case .strayRejection:
            #expect(result?["succeeded"] == 1 && result?["failed"]?[0]?["id"] == "NEVER-SENT-999")
        case .foreignAnswer:
            #expect(result?["total"] == 9 && result?["succeeded"] == 9)
        case .emptyBody:
            guard case let .answer(200, _, bytes) = told else { Issue.record("expected an answer"); return }
            #expect(bytes.isEmpty)
        case .htmlBody:
            #expect(Self.contentType(told)?.hasPrefix("text/html") == true)
        }
        let resent = try #require(Self.json(send())?["result"])
        #expect(resent == ["total": 2, "succeeded": 2, "failed": []])
        let counters = harness.platform.counters
        #expect(counters.appliedBatches == 1 && counters.duplicates == 1 && counters.conflicts == 0)
    }

    @Test("a lie leaves a refusal as it is")
    func refusalsAreNotRewritten() {
        let harness = CityHarness()
        let host = SandboxHost(platform: harness.platform, faults: FaultPlan(rules: [FaultRule(kind: .lie(.emptyBody), selection: .share(1))]))
        let answer = host.respond(to: ServerRequest(method: "POST", target: "/openapi/v2/resources/shelter", headers: [], body: Array("[]".utf8)))
        #expect(Self.json(answer)?["code"] == "TOKEN_EXPIRED")
    }

    @Test("faults replaced while running apply from the next request on")
    func replacedFaults() {
        let harness = CityHarness()
        let host = SandboxHost(platform: harness.platform, faults: FaultPlan(rules: [FaultRule(kind: .status(503), selection: .share(1))]))
        let request = ServerRequest(method: "GET", target: "/openapi/v2/events?pageNo=1&pageSize=1", headers: [], body: [])
        guard case .answer(503, _, _) = host.respond(to: request) else { Issue.record("expected the fault"); return }
        host.replaceFaults(with: .none)
        guard case .answer(401, _, _) = host.respond(to: request) else { Issue.record("expected the platform's own answer"); return }
    }

    @Test("a sandbox configuration names lies by name and refuses unknown ones")
    func loading() throws {
        let path = NSTemporaryDirectory() + "huitong-lies-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "province:\n  faults:\n    rules:\n      - {lie: stray_rejection, sequence: [1], paths: [/batches]}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try SandboxConfiguration.load(path: path)
        #expect(configuration.province.faults.rules == [FaultRule(kind: .lie(.strayRejection), selection: .sequence([1]), paths: ["/batches"])])
        try "city:\n  faults:\n    rules:\n      - {lie: fib, share: 1}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try SandboxConfiguration.load(path: path)
        } throws: { error in
            "\(error)".contains("unknown lie \"fib\"; lies: short_count, null_data, stray_rejection, foreign_answer, empty_body, html_body")
        }
    }
}
