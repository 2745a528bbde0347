import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import HuitongTransport
import Synchronization
import Testing

@testable import HuitongPlatforms

/// A transport that answers from a script, one step per request, and keeps what was sent.
final class ScriptedTransport: HTTPTransport {
    /// One answer: made from the request it answers, or no answer at all.
    struct Step: Sendable {
        let answer: @Sendable (HTTPRequest) -> Result<HTTPResponse, TransportError>

        static func status(_ status: Int, headers: [HTTPHeader] = [], _ body: Value) -> Step {
            let bytes = (try? JSONWriter().bytes(for: body)) ?? []
            return Step { _ in .success(HTTPResponse(status: status, headers: headers, body: bytes)) }
        }

        static func drop(_ kind: TransportError.Kind) -> Step {
            Step { request in .failure(TransportError(kind: kind, method: request.method, url: request.url, detail: "scripted", curlCode: 0)) }
        }

        /// The province takes every upsert of the batch (§3.2: accepted, deleted, batchId echoed).
        static let provinceAccepts = Step { request in
            let body = try? JSONReader().value(from: request.body)
            let answer: Value = [
                "code": 0, "msg": "ok",
                "data": [
                    "batchId": body?["batchId"] ?? .null, "accepted": .integer(Int64(body?["upserts"]?.arrayValue?.count ?? 0)),
                    "deleted": 0, "duplicate": false, "rejected": [],
                ],
            ]
            return .success(HTTPResponse(status: 200, headers: [], body: (try? JSONWriter().bytes(for: answer)) ?? []))
        }

        /// The city stores every object of the array (§3.1: total and succeeded).
        static let cityAccepts = Step { request in
            let count = Int64((try? JSONReader().value(from: request.body))?.arrayValue?.count ?? 0)
            let answer: Value = ["success": true, "code": "200", "message": "ok", "result": ["total": .integer(count), "succeeded": .integer(count), "failed": []]]
            return .success(HTTPResponse(status: 200, headers: [], body: (try? JSONWriter().bytes(for: answer)) ?? []))
        }

        static func cityToken(_ token: String) -> Step {
            status(200, ["success": true, "code": "200", "message": "ok", "result": ["accessToken": .string(token), "expiresIn": 7200]])
        }

        static func cityRefuses(_ status: Int, _ code: String) -> Step {
            Self.status(status, ["success": false, "code": .string(code), "message": "no", "result": .null])
        }

        static func provinceRefuses(_ status: Int, _ code: Int, headers: [HTTPHeader] = []) -> Step {
            Self.status(status, headers: headers, ["code": .integer(Int64(code)), "msg": "no", "data": .null])
        }
    }

    private let state: Mutex<(steps: [Step], sent: [HTTPRequest])>

    init(_ steps: [Step]) {
        state = Mutex((steps, []))
    }

    var sent: [HTTPRequest] { state.withLock { $0.sent } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let step: Step? = state.withLock { state in
            state.sent.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        guard let step else {
            Issue.record("a request beyond the script: \(request.method) \(request.url)")
            return HTTPResponse(status: 599, headers: [], body: [])
        }
        return try step.answer(request).get()
    }
}

/// The connector's loop against a scripted transport: it sends, asks `ExchangeDecision`, and
/// does what it says — waits, renews the token once, splits, gives up — without a socket.
@Suite struct ScriptedExchangeTests {
    let waits = WaitRecorder()

    func connector(_ name: String, _ transport: ScriptedTransport, clock: ManualClock? = nil) throws -> PlatformConnector {
        let credentials: [String: Secret] = name == "province"
            ? ["app_key": Secret("k"), "app_secret": Secret("s")]
            : ["client_id": Secret("c"), "client_secret": Secret("s")]
        let settings = PlatformSettings(name: name, baseURL: "http://\(name).invalid/base", credentials: credentials)
        let waits = self.waits
        return try PlatformConnector(
            profile: try PlatformProfile.bundled(name), settings: settings, transport: transport,
            clock: clock ?? ManualClock(Timestamp(millisecondsSinceEpoch: 1_764_293_400_000)),
            sleep: { seconds in
                waits.record(seconds)
                clock?.advance(milliseconds: Int64(seconds * 1000))
            }
        )
    }

    static func batch(_ name: String, upserts: Int, deletes: [String] = []) throws -> OutgoingBatch {
        try BatchAnswerTests.batch(try PlatformProfile.bundled(name), name == "province" ? "rfgc" : "shelter", upserts: upserts, deletes: deletes)
    }

    static func allNotSent(_ report: BatchReport) -> Bool {
        (report.upserts + report.deletes).allSatisfy { if case .notSent = $0.fate { true } else { false } }
    }

    // MARK: The province

    @Test func aResetAndA503AreRetriedUnderTheSameBatchIdThenTheAnswerIsTaken() async throws {
        let transport = ScriptedTransport([.drop(.reset), .provinceRefuses(503, 5030), .provinceAccepts])
        let batch = try Self.batch("province", upserts: 3)
        let report = try await connector("province", transport).deliver(batch)
        #expect(report.upserts.allSatisfy { $0.fate == .accepted } && report.upserts.count == 3, "\(report.failures)")
        #expect(report.requests.count == 1)
        #expect(report.requests[0].attempts == 3)
        #expect(report.requests[0].status == 200)
        let waits = waits.all
        #expect(waits.count == 2)
        #expect((0.25...0.5).contains(waits[0]) && (0.5...1).contains(waits[1]), "\(waits)")
        #expect(report.requests[0].waitedSeconds == waits[0] + waits[1])
        let sent = transport.sent
        #expect(sent.count == 3)
        #expect(sent.allSatisfy { (try? JSONReader().value(from: $0.body))?["batchId"]?.stringValue == batch.idempotencyKey })
        #expect(Set(sent.compactMap { $0.headers.value(of: "X-Nonce") }).count == 3, "each attempt is signed afresh")
    }

    @Test func eightAnswers503EndTheBatchAsExhaustedAfterSevenWaits() async throws {
        let transport = ScriptedTransport(Array(repeating: .provinceRefuses(503, 5030), count: 9))
        let report = try await connector("province", transport).deliver(try Self.batch("province", upserts: 2))
        #expect(transport.sent.count == 8)
        let failure = try #require(report.failures.first)
        #expect(failure.kind == .exhausted)
        #expect(failure.status == 503 && failure.code == "5030")
        #expect(failure.attempts == 8)
        #expect(failure.detail == "still failing at the attempt or time limit")
        #expect(waits.all.count == 7)
        #expect(Self.allNotSent(report))
    }

    @Test func rateLimitWaitsSpendTheTimeBudgetUntilTheRequestGivesUp() async throws {
        let clock = ManualClock(Timestamp(millisecondsSinceEpoch: 1_764_293_400_000))
        let limited = ScriptedTransport.Step.provinceRefuses(429, 4290, headers: [HTTPHeader("Retry-After", "250")])
        let transport = ScriptedTransport([limited, limited, limited, limited])
        let report = try await connector("province", transport, clock: clock).deliver(try Self.batch("province", upserts: 1))
        // 250 s, 250 s, and a third wait would pass the profile's 600 s.
        #expect(transport.sent.count == 3)
        let failure = try #require(report.failures.first)
        #expect(failure.kind == .exhausted)
        #expect(failure.attempts == 3)
        #expect(failure.detail == "still rate limited at the attempt or time limit")
        #expect(waits.all.count == 2)
        #expect(waits.all.allSatisfy { (250...250.25).contains($0) }, "\(waits.all)")
    }

    @Test func a413SplitsTheBatchInHalvesThatAreSentOnTheirOwn() async throws {
        let transport = ScriptedTransport([.provinceRefuses(413, 4130), .provinceAccepts, .provinceAccepts])
        let batch = try Self.batch("province", upserts: 2)
        let report = try await connector("province", transport).deliver(batch)
        #expect(report.upserts.map(\.fate) == [.accepted, .accepted], "\(report.failures)")
        #expect(report.requests.map(\.attempts) == [1, 1, 1])
        let upsertCounts = transport.sent.map { (try? JSONReader().value(from: $0.body))?["upserts"]?.arrayValue?.count }
        #expect(upsertCounts == [2, 1, 1])
        let keys = transport.sent.map { (try? JSONReader().value(from: $0.body))?["batchId"]?.stringValue }
        #expect(keys[0] == batch.idempotencyKey && Set(keys).count == 3, "each half has a key of its own")
        #expect(waits.all.isEmpty)
    }

    @Test func anUnresolvedHostStopsAtTheFirstAttempt() async throws {
        let transport = ScriptedTransport([.drop(.dns)])
        let report = try await connector("province", transport).deliver(try Self.batch("province", upserts: 1))
        let failure = try #require(report.failures.first)
        #expect(failure.kind == .transport)
        #expect(failure.attempts == 1 && failure.status == nil)
        #expect(transport.sent.count == 1 && waits.all.isEmpty)
        #expect(Self.allNotSent(report))
    }

    // MARK: The city

    @Test func aRefusedTokenIsRenewedOnceAndTheRequestResentWithoutWaiting() async throws {
        let transport = ScriptedTransport([.cityToken("tok-1"), .cityRefuses(401, "TOKEN_EXPIRED"), .cityToken("tok-2"), .cityAccepts])
        let connector = try connector("city", transport)
        let batch = try Self.batch("city", upserts: 2)
        let report = await connector.deliver(batch)
        #expect(report.upserts.allSatisfy { $0.fate == .accepted } && report.upserts.count == 2, "\(report.failures)")
        #expect(await connector.tokenRequests == 2)
        #expect(report.requests.map(\.attempts) == [1], "a renewal is not an attempt")
        let sent = transport.sent
        #expect(sent.map { $0.url.hasSuffix("/auth/token") } == [true, false, true, false])
        #expect(sent[1].headers.value(of: "Authorization") == "Bearer tok-1")
        #expect(sent[3].headers.value(of: "Authorization") == "Bearer tok-2")
        #expect(sent[1].headers.value(of: "Idempotency-Key") == batch.idempotencyKey)
        #expect(sent[3].headers.value(of: "Idempotency-Key") == batch.idempotencyKey)
        #expect(waits.all.isEmpty)
    }

    @Test func aRenewedTokenRefusedAgainStopsTheRequest() async throws {
        // The endpoint hands out the refused token again: renewing once more would not help.
        let transport = ScriptedTransport([
            .cityToken("tok-1"), .cityRefuses(401, "TOKEN_EXPIRED"), .cityToken("tok-1"), .cityRefuses(401, "TOKEN_EXPIRED"),
        ])
        let connector = try connector("city", transport)
        let report = await connector.deliver(try Self.batch("city", upserts: 1))
        let failure = try #require(report.failures.first)
        #expect(failure.kind == .authentication)
        #expect(failure.detail == "the platform refused 2 tokens for this request, 1 of them fetched afresh")
        #expect(failure.code == "TOKEN_EXPIRED" && failure.attempts == 1)
        #expect(transport.sent.count == 4)
        #expect(await connector.tokenRequests == 2)
        #expect(Self.allNotSent(report))
    }

    @Test func aDeleteOfAnIdThePlatformDoesNotHoldIsAccepted() async throws {
        let transport = ScriptedTransport([.cityToken("tok-1"), .cityRefuses(404, "NOT_FOUND")])
        let report = try await connector("city", transport).deliver(try Self.batch("city", upserts: 0, deletes: ["320613-RF-0001"]))
        #expect(report.deletes.map(\.fate) == [.accepted], "\(report.failures)")
        #expect(report.failures.isEmpty)
        let delete = try #require(transport.sent.last)
        #expect(delete.method == "DELETE" && delete.url.hasSuffix("/openapi/v2/resources/shelter/320613-RF-0001"))
    }
}
