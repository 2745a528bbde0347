import Foundation
import HuitongSandbox
import HuitongTestSupport
import Testing

/// SIGTERM and SIGINT during `huitong run`: no new batch, the batches in flight answered and
/// journaled, the lock released, exit 4 — and the next run finishes exactly.
@Suite(.serialized) struct StopSignalTests {
    /// The first `first` province batches (every one when nil) take `seconds` to answer: a run
    /// is still sending when signalled, and the run after it need not wait as long.
    static func slowBed(_ seconds: Double, first: Int? = nil) throws -> TestOffice {
        let selection: FaultRule.Selection = first.map { .sequence(Set(1...$0)) } ?? .every(1)
        return try TestOffice.withSamples(province: FaultPlan(rules: [FaultRule(kind: .slow(seconds: seconds), selection: selection, paths: ["/batches"])]))
    }

    static func journalLines(_ bed: TestOffice) -> Int {
        let path = bed.directory + "/state/sensors/run/province-hjjc/journal.jsonl"
        return ((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()).count { $0 == UInt8(ascii: "\n") }
    }

    static func finishExactly(_ bed: TestOffice) async throws {
        let province = bed.sandbox.platforms.first { $0.name == "province" }!.host.platform as! ProvincePlatform
        let next = try HuitongProcess(["run", "--config", bed.configurationPath, "sensors"])
        let status = await next.exit(within: 180)
        #expect(status == 0 || status == 1, "the next run finishes: \(next.standardOutput)\(next.standardError)")
        #expect(province.counters.appliedBatches == 24, "every batch applied once")
        #expect(province.counters.conflicts == 0)
        let configuration = try bed.configuration()
        let stored = try await bed.stored(configuration, platform: "province", dataset: "hjjc")
        #expect(stored == (try await bed.expected(configuration, job: "sensors", target: "province-hjjc")))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalMidPushLetsTheBatchesInFlightFinishThenExits4AndTheNextRunFinishes(_ signal: Int32) async throws {
        let bed = try Self.slowBed(1)
        let province = bed.sandbox.platforms.first { $0.name == "province" }!.host.platform as! ProvincePlatform
        let run = try HuitongProcess(["run", "--config", bed.configurationPath, "--stop-grace", "60", "sensors"])
        // Signalled once the first group of batches is journaled and the next is in flight.
        let sent = await run.signal(signal, when: { Self.journalLines(bed) >= 1 }, upTo: 120)
        _ = try #require(sent, "the run never journaled a batch")
        let status = await run.exit(within: 90)
        #expect(status == 4, "exit 4 (incomplete): \(run.standardOutput)\(run.standardError)")
        #expect(!run.standardError.contains("took longer than"), "it ended when the batches in flight were answered, not at the end of the grace period")
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        #expect(run.standardError.contains("\(name) received; sending no new batches"))
        #expect(run.standardOutput.contains("stopped before sending"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("Stopped by \(name)"))
        #expect(bed.jobLockIsFree("sensors"), "the lock is released")
        // Every batch the platform answered was journaled: none is sent again.
        let answered = province.counters.appliedBatches
        #expect(answered < 24, "the run stopped early")
        #expect(Self.journalLines(bed) == answered)
        try await Self.finishExactly(bed)
        #expect(province.counters.duplicateBatches == 0, "no batch answered before the stop was sent again")
    }

    @Test func aSecondSignalExitsAtOnceWithStatus4() async throws {
        let bed = try Self.slowBed(5, first: 8)
        let run = try HuitongProcess(["run", "--config", bed.configurationPath, "sensors"])
        let marker = bed.directory + "/state/sensors/run/run.json"
        // The marker is written, then a moment: the first batches are out (they take 5 s each).
        #expect(await HuitongProcess.wait(upTo: 120) { FileManager.default.fileExists(atPath: marker) })
        try await Task.sleep(nanoseconds: 1_000_000_000)
        #expect(await run.signal(SIGTERM, when: { true }, upTo: 1) != nil)
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(await run.signal(SIGTERM, when: { true }, upTo: 1) != nil)
        #expect(await run.exit(within: 30) == 4, "\(run.standardError)")
        #expect(run.standardError.contains("SIGTERM again; stopping now"))
        #expect(Self.journalLines(bed) == 0, "at once: the batches in flight (5 s each) were not waited for")
        #expect(bed.jobLockIsFree("sensors"), "the kernel released the lock as the process exited")
        try await Self.finishExactly(bed)
    }

    @Test func theGracePeriodBoundsTheWaitForBatchesInFlight() async throws {
        let bed = try Self.slowBed(8, first: 8)
        let run = try HuitongProcess(["run", "--config", bed.configurationPath, "--stop-grace", "1", "sensors"])
        let marker = bed.directory + "/state/sensors/run/run.json"
        #expect(await HuitongProcess.wait(upTo: 120) { FileManager.default.fileExists(atPath: marker) })
        try await Task.sleep(nanoseconds: 1_000_000_000)
        #expect(await run.signal(SIGTERM, when: { true }, upTo: 1) != nil)
        #expect(await run.exit(within: 30) == 4)
        #expect(run.standardError.contains("took longer than 1 s; stopping now"))
        #expect(Self.journalLines(bed) == 0, "the batches in flight (8 s each) were not waited for past the grace period")
        try await Self.finishExactly(bed)
    }
}
