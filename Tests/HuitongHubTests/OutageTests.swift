import Foundation
import HuitongCore
import HuitongHub
import HuitongSandbox
import HuitongTestSupport
import Testing

@Suite struct OutageTests {
    @Test func anOutageEndsTheRunIncompleteAndTheNextRunSendsOnlyWhatRemains() async throws {
        // The province fails its first eight batch requests: more than the profile's attempts.
        let bed = try TestOffice.withSamples(province: FaultPlan(rules: [
            FaultRule(kind: .status(503), selection: .sequence(Set(1...8)), paths: ["/batches"]),
        ]))
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        let first = try await bed.runner(configuration).run(job)
        #expect(first.status == .incomplete)
        #expect(first.exitStatus == .runtimeFailure)
        let province = try #require(first.targets.first { $0.platform == "province" })
        #expect(province.openBatches == 1 && province.notSent == 40)
        #expect(province.failures.first?.contains("HTTP 503") == true, "\(province.failures)")
        #expect(first.targets.first { $0.platform == "city" }?.accepted == 40, "the city was not held back")
        #expect(try await bed.stored(configuration, platform: "province", dataset: "zyd").isEmpty)

        let second = try await bed.runner(configuration).run(job)
        #expect(second.resumed, "the next run finishes the interrupted one without reading again")
        #expect(second.status != .incomplete)
        #expect(try await bed.stored(configuration, platform: "province", dataset: "zyd").count == 40)
        let city = bed.sandbox.platforms.first { $0.name == "city" }!.host.platform as! CityPlatform
        #expect(city.counters.appliedBatches == 1, "the city's batch had its answer and was not sent again")
        #expect(city.counters.duplicates == 0)
    }
}
