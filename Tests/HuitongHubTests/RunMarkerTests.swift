import Foundation
import HuitongCore
import HuitongHub
import HuitongSandbox
import HuitongTestSupport
import Testing

/// The marker of an interrupted run is written whole: one that does not parse is damage, and
/// the run stops rather than discard the journaled answers and stage again under new keys.
@Suite struct RunMarkerTests {
    @Test func aDamagedMarkerStopsTheRunAndKeepsTheInterruptedRunsAnswers() async throws {
        let bed = try TestOffice.withSamples(province: FaultPlan(rules: [
            FaultRule(kind: .status(503), selection: .sequence(Set(1...8)), paths: ["/batches"]),
        ]))
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        let first = try await bed.runner(configuration).run(job)
        #expect(first.status == .incomplete)

        let marker = bed.directory + "/state/teams/run/run.json"
        let cityTarget = try #require(job.targets.first { $0.platform == "city" })
        let journal = bed.journalFile(job: "teams", target: cityTarget.name)
        let journaled = try Data(contentsOf: URL(fileURLWithPath: journal))
        #expect(!journaled.isEmpty, "the city's answer is journaled")
        try Data("{\"run\":\"2026".utf8).write(to: URL(fileURLWithPath: marker))

        do {
            _ = try await bed.runner(configuration).run(job)
            Issue.record("a damaged marker was taken for no run")
        } catch let error as HubError {
            #expect(error.code == .damagedRunMarker)
            #expect(error.exitStatus == .runtimeFailure)
            #expect(error.message.contains("the run marker \(marker) is damaged"), "\(error.message)")
            #expect(error.message.contains("Restore the marker from a backup"))
            #expect(error.message.contains("remove \(bed.directory)/state/teams/run/"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == journaled, "the journal was kept")
        #expect(try Data(contentsOf: URL(fileURLWithPath: marker)) == Data("{\"run\":\"2026".utf8), "the marker was left for repair")
        let city = bed.sandbox.platforms.first { $0.name == "city" }!.host.platform as! CityPlatform
        #expect(city.counters.appliedBatches == 1, "nothing was sent again")
    }
}
