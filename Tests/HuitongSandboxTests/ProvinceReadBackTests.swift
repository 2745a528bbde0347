import HuitongCore
import HuitongHTTPServer
import Testing
@testable import HuitongSandbox

@Suite("Province read-back, ping and other answers (contract §3.1, §3.3, §5)")
struct ProvinceReadBackTests {
    @Test("records are sorted by key in byte order and paged from 1")
    func pagingInByteOrder() throws {
        let fixture = ProvinceFixture()
        let keys = ["b-1", "B-2", "a-1", "A-10", "A-2", "崇川-1", "Z-9"]
        _ = try fixture.post("rfgc", ProvinceBatches.batch(upserts: keys.map { ProvinceBatches.rfgc($0) }))

        func page(_ query: String) throws -> [String] {
            let answer = try fixture.records("rfgc", query: query)
            #expect(answer.data["total"] == 7)
            return answer.data["records"]?.arrayValue?.compactMap { $0["gcbm"]?.stringValue } ?? []
        }
        #expect(try page("page=1&pageSize=3") == ["A-10", "A-2", "B-2"])
        #expect(try page("page=2&pageSize=3") == ["Z-9", "a-1", "b-1"])
        #expect(try page("page=3&pageSize=3") == ["崇川-1"])
        #expect(try page("page=4&pageSize=3") == [])
    }

    @Test("the read-back answers total, page and pageSize, with pageSize 500 by default")
    func defaults() throws {
        let fixture = ProvinceFixture()
        _ = try fixture.post("zyd", ProvinceBatches.batch(upserts: [ProvinceBatches.zyd()]))
        let answer = try fixture.send("GET", "/exchange/api/v1/exchange/zyd/records")
        #expect(answer.body == [
            "code": 0, "msg": "ok",
            "data": ["total": 1, "page": 1, "pageSize": 500, "records": [ProvinceBatches.zyd()]],
        ])
    }

    @Test("page and pageSize out of range are refused with 4000", arguments: [
        "page=0", "pageSize=0", "pageSize=1001", "page=-1", "page=one", "pageSize=", "tset=true", "test=yes", "page=1&page=2",
    ])
    func badPaging(query: String) throws {
        let answer = try ProvinceFixture().records("rfgc", query: query)
        #expect(answer.status == 400)
        #expect(answer.code == 4000)
    }

    @Test("pageSize 1000 is the largest accepted")
    func largestPage() throws {
        #expect(try ProvinceFixture().records("rfgc", query: "page=1&pageSize=1000").code == 0)
    }

    @Test("the read-back of an unknown dataset is refused with 4001")
    func unknownDataset() throws {
        #expect(try ProvinceFixture().records("shelters").code == 4001)
    }

    @Test("ping answers pong with the server time in Beijing time from the platform clock")
    func ping() throws {
        let fixture = ProvinceFixture()
        fixture.clock.advance(milliseconds: 61_500)
        let answer = try fixture.send("GET", "/exchange/api/v1/ping")
        #expect(answer.body == ["code": 0, "msg": "pong", "data": ["serverTime": "2026-11-29 10:01:01"]])
    }

    @Test("paths outside the base path or the contract are 404 in the envelope")
    func notFound() throws {
        let fixture = ProvinceFixture()
        for target in ["/api/v1/ping", "/exchange/api/v2/ping", "/exchange/api/v1/exchange/rfgc", "/exchangeX/api/v1/ping"] {
            let answer = try fixture.send("GET", target)
            #expect(answer.status == 404, "\(target)")
            #expect(answer.code == 4040)
            #expect(answer.data == .null)
        }
    }

    @Test("a configured base path replaces /exchange, and an empty one serves at the root")
    func basePath() throws {
        let clock = ManualClock(ProvinceFixture.start)
        let signer = ProvinceSigner()
        for (base, target) in [("/gateway/rf/", "/gateway/rf/api/v1/ping"), ("", "/api/v1/ping")] {
            let platform = ProvincePlatform(configuration: .init(appSecrets: ProvinceFixture.secrets, basePath: base, clock: clock))
            #expect(try ProvinceAnswer(platform.handle(signer.request("GET", target, time: clock.now()))).code == 0)
        }
    }

    @Test("a known path with the wrong method is 405 in the envelope")
    func wrongMethod() throws {
        let answer = try ProvinceFixture().send("GET", "/exchange/api/v1/exchange/rfgc/batches")
        #expect(answer.status == 405)
        #expect(answer.code == 4050)
    }

    @Test("an injected 503 (or 502, 504) answers that status with code 5030, a 500 with 5000")
    func injectedServerErrors() throws {
        let platform = ProvinceFixture().platform
        for status in [502, 503, 504] {
            let answer = try ProvinceAnswer(platform.failureResponse(status: status, retryAfterSeconds: nil))
            #expect(answer.status == status)
            #expect(answer.code == 5030)
            #expect(answer.data == .null)
        }
        let answer = try ProvinceAnswer(platform.failureResponse(status: 500, retryAfterSeconds: nil))
        #expect(answer.status == 500)
        #expect(answer.code == 5000)
    }

    @Test("an injected 429 answers code 4290 with a Retry-After header")
    func injectedRateLimit() throws {
        let answer = try ProvinceAnswer(ProvinceFixture().platform.failureResponse(status: 429, retryAfterSeconds: 7))
        #expect(answer.status == 429)
        #expect(answer.code == 4290)
        #expect(answer.header("Retry-After") == "7")
        #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
    }

    @Test("the snapshot counts requests, batches and errors by code, and holds both stores when asked")
    func snapshot() throws {
        var fixture = ProvinceFixture()
        _ = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc("A"), ProvinceBatches.rfgc("B").setting("zt", "9")]))
        _ = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc("T")], test: true))
        fixture.signer.secret = "wrong"
        _ = try fixture.send("GET", "/exchange/api/v1/ping")

        let counters = fixture.platform.counters
        #expect(counters.requestsHandled == 3)
        #expect(counters.appliedBatches == 2)
        #expect(counters.rejectedItems == 1)
        #expect(counters.largestBatchItems == 2)
        #expect(counters.errorsByCode == [4010: 1])

        let snapshot = fixture.platform.snapshot(includeRecords: true)
        #expect(snapshot["counters"]?["errorsByCode"] == ["4010": 1])
        #expect(snapshot["production"]?["records"]?["rfgc"] == [ProvinceBatches.rfgc("A")])
        #expect(snapshot["test"]?["records"]?["rfgc"] == [ProvinceBatches.rfgc("T")])
        #expect(fixture.platform.snapshot(includeRecords: false)["production"] == ["totals": ["rfgc": 1, "jbsm": 0, "zyd": 0, "zhss": 0, "hjjc": 0]])
    }
}
