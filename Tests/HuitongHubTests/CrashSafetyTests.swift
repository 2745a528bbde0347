import Dispatch
import Foundation
import HuitongCore
import HuitongHub
import HuitongSandbox
import HuitongTestSupport
import Testing

/// `huitong run` as a process, killed with SIGKILL at every failpoint of a run and at random
/// moments, then run again: the platforms end with exactly the right records, every batch is
/// applied once, and no resend ever causes an idempotency conflict.
@Suite(.serialized) struct CrashSafetyTests {
    /// Runs `huitong run JOB…` with the bed's configuration; returns the exit status, or the
    /// negated signal when it was killed. The waiting happens on a Dispatch thread, never on
    /// Swift's cooperative pool, which the other suites running alongside need.
    static func huitong(_ bed: TestOffice, _ jobs: [String], failpoint: String? = nil, killAfter: Double? = nil) async throws -> Int32 {
        let path = bed.configurationPath
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(configurationPath: path, jobs, failpoint: failpoint, killAfter: killAfter) })
            }
        }
    }

    private static func runBlocking(configurationPath: String, _ jobs: [String], failpoint: String?, killAfter: Double?) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path(of: "huitong"))
        process.arguments = ["run", "--config", configurationPath] + jobs
        var environment = ProcessInfo.processInfo.environment
        environment["HUITONG_FAILPOINT"] = failpoint
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let killAfter {
            Thread.sleep(forTimeInterval: killAfter)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    }

    static func expectExact(_ bed: TestOffice, provinceBatches: Int, cityBatches: Int) async throws {
        let configuration = try bed.configuration()
        for (job, target, platform, dataset) in [
            ("shelters", "province-rfgc", "province", "rfgc"), ("shelters", "city-shelter", "city", "shelter"),
            ("sensors", "province-hjjc", "province", "hjjc"),
        ] {
            let stored = try await bed.stored(configuration, platform: platform, dataset: dataset)
            let expected = try await bed.expected(configuration, job: job, target: target)
            #expect(stored == expected, "\(target): \(stored.count) stored, \(expected.count) expected")
        }
        let province = bed.sandbox.platforms.first { $0.name == "province" }!.host.platform as! ProvincePlatform
        let city = bed.sandbox.platforms.first { $0.name == "city" }!.host.platform as! CityPlatform
        #expect(province.counters.conflicts == 0)
        #expect(city.counters.conflicts == 0)
        #expect(province.counters.appliedBatches == provinceBatches, "every province batch applied exactly once")
        #expect(city.counters.appliedBatches == cityBatches, "every city batch applied exactly once")
    }

    /// shelters: 1 province batch (rfgc, ≤ 500) and 2 city batches (≤ 200); sensors: 24 province batches.
    static let provinceBatches = 25
    static let cityBatches = 2

    @Test(arguments: ["staged", "batch-answered#1", "batch-answered#3", "batch-answered#20", "batch-journaled#2", "target-committed#1", "ledger-written#1", "ledger-written#2"])
    func aKillAtAFailpointIsFinishedByTheNextRun(_ failpoint: String) async throws {
        let bed = try TestOffice.withSamples()
        let first = try await Self.huitong(bed, ["sensors", "shelters"], failpoint: failpoint)
        #expect(first == -SIGKILL, "the run was killed at \(failpoint)")
        let second = try await Self.huitong(bed, ["sensors", "shelters"])
        #expect(second == 0 || second == 1, "the next run finishes (exit \(second))")
        try await Self.expectExact(bed, provinceBatches: Self.provinceBatches, cityBatches: Self.cityBatches)
        let third = try await Self.huitong(bed, ["sensors", "shelters"])
        #expect(third <= 1)
        try await Self.expectExact(bed, provinceBatches: Self.provinceBatches, cityBatches: Self.cityBatches)
    }

    @Test func killsWhileASingerTapStreamsThenARerunEndExact() async throws {
        let bed = try TestOffice.withSamples()
        try bed.configurationText.replacingOccurrences(
            of: "source: {adapter: csv, path: sources/shelters.csv}", with: "source: {adapter: tap-shelter-register, path: sources/shelters.csv}"
        ).write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        var random = SeededRandom(seed: 7)
        for _ in 0..<5 {
            _ = try await Self.huitong(bed, ["shelters", "sensors"], killAfter: 0.05 + Double(random.next() % 300) / 1000)
        }
        var status: Int32 = 4
        for _ in 0..<3 where status > 1 { status = try await Self.huitong(bed, ["shelters", "sensors"]) }
        #expect(status <= 1)
        try await Self.expectExact(bed, provinceBatches: Self.provinceBatches, cityBatches: Self.cityBatches)
    }

    @Test func killsAtRandomMomentsThenARerunEndExact() async throws {
        let bed = try TestOffice.withSamples()
        var random = SeededRandom(seed: 42)
        for _ in 0..<6 {
            _ = try await Self.huitong(bed, ["sensors", "shelters"], killAfter: 0.05 + Double(random.next() % 400) / 1000)
        }
        var status: Int32 = 4
        for _ in 0..<3 where status > 1 { status = try await Self.huitong(bed, ["sensors", "shelters"]) }
        #expect(status <= 1)
        try await Self.expectExact(bed, provinceBatches: Self.provinceBatches, cityBatches: Self.cityBatches)
    }
}
