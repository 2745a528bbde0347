import HuitongCore
import HuitongHTTPServer
import Testing
@testable import HuitongSandbox

/// A city platform on a manual clock, driven with hand-made requests.
struct CityHarness {
    static let start = Timestamp(millisecondsSinceEpoch: 1_764_300_000_000)  // 2025-11-28
    static let clients = ["rf-hub": "s3cret", "other-dept": "other-secret"]

    let clock = ManualClock(CityHarness.start)
    let platform: CityPlatform

    init(basePath: String = "", configure: (inout CityPlatform.Configuration) -> Void = { _ in }) {
        var configuration = CityPlatform.Configuration(clients: Self.clients, basePath: basePath, clock: clock)
        configure(&configuration)
        platform = CityPlatform(configuration: configuration)
    }

    func send(_ method: String, _ target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> CityAnswer {
        CityAnswer(platform.handle(ServerRequest(method: method, target: target, headers: headers, body: body)))
    }

    func requestToken(client: String = "rf-hub", secret: String = "s3cret", basePath: String = "") -> CityAnswer {
        let body = #"{"clientId":"\#(client)","clientSecret":"\#(secret)"}"#
        return send("POST", basePath + "/openapi/v2/auth/token", headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }

    /// A working token for `client`.
    func token(client: String = "rf-hub", secret: String = "s3cret") -> String {
        requestToken(client: client, secret: secret).result?["accessToken"]?.stringValue ?? "no token"
    }

    /// A POST as a correct client sends it: bearer token, SM3 digest, idempotency key, JSON type.
    func post(
        _ target: String, body: [UInt8], token: String, key: String? = nil,
        digest: String? = nil, extraHeaders: [(name: String, value: String)] = []
    ) -> CityAnswer {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("Authorization", "Bearer \(token)"),
            ("X-Content-SM3", digest ?? SM3.hash(body).hex),
        ]
        headers.append(("Idempotency-Key", key ?? "key-\(SM3.hash(body).hex.prefix(16))"))
        return send("POST", target, headers: headers + extraHeaders, body: body)
    }

    func post(_ target: String, records: [Value], token: String, key: String? = nil) -> CityAnswer {
        post(target, body: CityRecords.body(records), token: token, key: key)
    }

    func get(_ target: String, token: String) -> CityAnswer {
        send("GET", target, headers: [("Authorization", "Bearer \(token)")])
    }

    func delete(_ target: String, token: String) -> CityAnswer {
        send("DELETE", target, headers: [("Authorization", "Bearer \(token)")])
    }
}

/// A platform answer, with its envelope read back.
struct CityAnswer {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]
    let envelope: Value

    init(_ response: ServerResponse) {
        guard case let .answer(status, headers, body) = response else {
            self.init(status: 0, headers: [], body: [])
            return
        }
        self.init(status: status, headers: headers, body: body)
    }

    init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
        envelope = (try? JSONReader().value(from: body)) ?? .null
    }

    var code: String? { envelope["code"]?.stringValue }
    var message: String { envelope["message"]?.stringValue ?? "" }
    var result: Value? { envelope["result"] }
    var failed: [Value] { result?["failed"]?.arrayValue ?? [] }
    var failedMessages: [String] { failed.compactMap { $0["message"]?.stringValue } }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Valid records of every type, to be spoiled one field at a time.
enum CityRecords {
    static let time: Value = 1_764_300_000_000

    static func shelter(_ id: String = "320613-RF-0001", _ changes: [String: Value?] = [:]) -> Value {
        apply(changes, to: [
            "id": .string(id), "name": "北大街地下人防工程", "areaCode": "320613000000", "address": "北大街 12 号",
            "lng": 120.88721, "lat": 31.977804, "protectLevel": 4, "wartimeUse": "一等人员掩蔽所",
            "peacetimeUse": "停车", "capacity": 1_200, "parkingSpaces": 80, "chargingPiles": 6,
            "status": "IN_USE", "updatedAt": time,
        ])
    }

    static func siren(_ id: String = "320613-JB-0001", _ changes: [String: Value?] = [:]) -> Value {
        apply(changes, to: [
            "id": .string(id), "name": "区政府楼顶", "areaCode": "320613000000", "lng": 120.9, "lat": 32.01,
            "sirenType": "ELECTROACOUSTIC", "lastTestAt": time, "lastTestResult": "NORMAL",
        ])
    }

    static func team(_ id: String = "320613-DW-0001", _ changes: [String: Value?] = [:]) -> Value {
        apply(changes, to: [
            "id": .string(id), "name": "通信专业队", "teamType": "通信", "members": 24, "leader": "王明",
            "phone": "138****5678",
        ])
    }

    static func facility(_ id: String = "320613-ZH-0001", _ changes: [String: Value?] = [:]) -> Value {
        apply(changes, to: [
            "id": .string(id), "name": "机动指挥车 1 号", "facilityType": "MOBILE", "lng": 120.88, "lat": 31.98,
            "commState": "NORMAL", "readiness": "ON_DUTY", "updatedAt": time,
        ])
    }

    static func event(_ eventId: String = "RF-20251128-0001", _ changes: [String: Value?] = [:]) -> Value {
        apply(changes, to: [
            "eventId": .string(eventId), "title": "防空警报试鸣", "eventType": "AIR_DEFENCE", "level": 4,
            "status": "NEW", "occurTime": time, "lng": 120.88721, "lat": 31.977804, "address": "崇川区",
            "areaCode": "320613000000", "description": "全市统一试鸣", "source": "RF",
        ])
    }

    static func body(_ records: [Value]) -> [UInt8] {
        (try? JSONWriter().bytes(for: .array(records))) ?? []
    }

    private static func apply(_ changes: [String: Value?], to record: OrderedObject) -> Value {
        var record = record
        for (key, value) in changes { record[key] = value }
        return .object(record)
    }
}

@Suite("City platform: routing, envelope and snapshot")
struct CityPlatformTests {
    @Test("every answer is the four-member envelope, code 200 on success")
    func envelope() throws {
        let city = CityHarness()
        let answer = city.requestToken()
        #expect(answer.status == 200)
        #expect(answer.envelope.objectValue?.keys == ["success", "code", "message", "result"])
        #expect(answer.envelope["success"] == true)
        #expect(answer.code == "200")
        let failure = city.requestToken(secret: "wrong")
        #expect(failure.envelope.objectValue?.keys == ["success", "code", "message", "result"])
        #expect(failure.envelope["success"] == false)
        #expect(failure.result == .null)
    }

    @Test("a path outside the contract is 404 NOT_FOUND in the envelope")
    func unknownPath() {
        let city = CityHarness()
        let answer = city.send("GET", "/openapi/v2/nothing")
        #expect(answer.status == 404)
        #expect(answer.code == "NOT_FOUND")
        #expect(city.send("GET", "/openapi/v1/events").code == "NOT_FOUND")
    }

    @Test("with a base path the contract's paths live under it and nowhere else")
    func basePath() {
        let city = CityHarness(basePath: "/city/")
        #expect(city.requestToken().status == 404)
        let answer = city.requestToken(basePath: "/city")
        #expect(answer.status == 200)
        #expect(answer.result?["accessToken"]?.stringValue != nil)
    }

    @Test("a method a path does not serve is 405 with Allow")
    func wrongMethod() {
        let city = CityHarness()
        let answer = city.send("PUT", "/openapi/v2/resources/shelter")
        #expect(answer.status == 405)
        #expect(answer.code == "METHOD_NOT_ALLOWED")
        #expect(answer.header("Allow") == "GET, POST")
        #expect(city.send("GET", "/openapi/v2/auth/token").status == 405)
    }

    @Test("a body over the byte limit is 413 PAYLOAD_TOO_LARGE")
    func bodyTooLarge() {
        let city = CityHarness { $0.maxBodyBytes = 1_000 }
        let answer = city.post("/openapi/v2/events", body: Array(repeating: UInt8(ascii: " "), count: 1_001), token: city.token())
        #expect(answer.status == 413)
        #expect(answer.code == "PAYLOAD_TOO_LARGE")
    }

    @Test("an injected 5xx is SYSTEM_ERROR and an injected 429 is RATE_LIMITED with Retry-After")
    func failureResponses() {
        let platform = CityHarness().platform
        let failure = CityAnswer(platform.failureResponse(status: 503, retryAfterSeconds: nil))
        #expect(failure.status == 503)
        #expect(failure.code == "SYSTEM_ERROR")
        #expect(failure.envelope["success"] == false)
        let limited = CityAnswer(platform.failureResponse(status: 429, retryAfterSeconds: 7))
        #expect(limited.status == 429)
        #expect(limited.code == "RATE_LIMITED")
        #expect(limited.header("Retry-After") == "7")
    }

    @Test("the snapshot counts requests, batches, rejects and error codes, with records on request")
    func snapshot() throws {
        let city = CityHarness()
        let token = city.token()
        _ = city.post("/openapi/v2/resources/shelter", records: [
            CityRecords.shelter("B"), CityRecords.shelter("A"), CityRecords.shelter("C", ["lat": 99.0]),
        ], token: token)
        _ = city.get("/openapi/v2/events?pageNo=0&pageSize=10", token: token)
        let counters = city.platform.counters
        #expect(counters.requests == 3)
        #expect(counters.tokensIssued == 1)
        #expect(counters.appliedBatches == 1)
        #expect(counters.acceptedItems == 2)
        #expect(counters.rejectedItems == 1)
        #expect(counters.largestBatch == 3)
        #expect(counters.errorsByCode == ["INVALID_PARAM": 1])

        let full = city.platform.snapshot(includeRecords: true)
        #expect(full["stored"]?["shelter"] == 2)
        #expect(full["resources"]?["shelter"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["A", "B"])
        let bare = city.platform.snapshot(includeRecords: false)
        #expect(bare["resources"] == nil)
        #expect(bare["counters"]?["requests"] == 3)
    }

    @Test("concurrent batches under distinct keys are all applied, none lost")
    func concurrentBatches() async {
        let city = CityHarness()
        let token = city.token()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = city.post("/openapi/v2/resources/team", records: [CityRecords.team("T-\(index)")], token: token)
                }
            }
        }
        #expect(city.platform.counters.appliedBatches == 40)
        #expect(city.platform.snapshot(includeRecords: false)["stored"]?["team"] == 40)
    }

    @Test("concurrent requests with one key apply once and replay the rest")
    func concurrentSameKey() async {
        let city = CityHarness()
        let token = city.token()
        let body = CityRecords.body([CityRecords.event()])
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = city.post("/openapi/v2/events", body: body, token: token, key: "same") }
            }
        }
        let counters = city.platform.counters
        #expect(counters.appliedBatches == 1)
        #expect(counters.duplicates == 19)
    }
}
