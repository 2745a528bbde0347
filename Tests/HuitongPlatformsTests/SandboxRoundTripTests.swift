import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongPlatforms

@Suite struct SandboxRoundTripTests {
    @Test func provinceStoresEveryRecordOfAMultiBatchPushAndReadsThemBack() async throws {
        let bed = try TestOffice()
        let connector = try bed.connector("province")
        let records = (1...1_203).map { Payloads.rfgc($0) }
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "run-1", upserts: records)
        #expect(report.batches.count == 3)
        #expect(report.accepted == 1_203)
        #expect(report.notSent == 0 && report.rejected == 0)
        var keys: [String] = []
        try await connector.readBack(dataset: "rfgc", test: false) { page in
            keys += page.compactMap { $0["gcbm"]?.stringValue }
        }
        #expect(keys == records.map(\.key).sorted())
        #expect(bed.provincePlatform.counters.conflicts == 0)
    }

    @Test func cityTakesShelterBatchesOfAtMost200WithOneToken() async throws {
        let bed = try TestOffice()
        let connector = try bed.connector("city")
        let report = try await connector.push(dataset: "shelter", test: false, scope: "run-1", upserts: (1...450).map { Payloads.shelter($0) })
        #expect(report.batches.map { $0.upserts.count } == [200, 200, 50])
        #expect(report.accepted == 450)
        #expect(await connector.tokenRequests == 1)
        var count = 0
        try await connector.readBack(dataset: "shelter", test: false) { count += $0.count }
        #expect(count == 450)
    }

    @Test func pingReportsSignatureAndClockSkew() async throws {
        let bed = try TestOffice(province: FaultPlan(clockSkewSeconds: 120))
        let report = try await bed.connector("province").ping()
        #expect(report.status == 200)
        #expect(report.authentication == "signed HMAC-SHA256")
        let skew = try #require(report.skewMilliseconds)
        #expect(abs(skew - 120_000) <= report.milliseconds / 2 + 1_000, "at most half the round trip plus the one-second resolution of serverTime")
    }
}
