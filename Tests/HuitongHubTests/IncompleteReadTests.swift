import Foundation
import HuitongAdapters
import HuitongCore
import HuitongHub
import HuitongTestSupport
import Testing

/// The hub never deletes at a platform on a read known to be incomplete: a roster cut in the
/// middle of its array, or a registry export whose quote swallows the rest of the file, stops
/// the run before anything is sent, and the platforms keep exactly what they held.
@Suite struct IncompleteReadTests {
    /// Runs `job` once whole, damages its source with `damage`, and runs it again.
    /// Returns the error of the second run and what the platforms held before and after it.
    func runWhole(
        _ bed: TestOffice, job name: String, source: String, datasets: [(platform: String, dataset: String)],
        damage: ([UInt8]) -> [UInt8]
    ) async throws -> (error: HubError, before: [[String: Value]], after: [[String: Value]]) {
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        let job = try #require(configuration.job(named: name))
        let first = try await runner.run(job)
        #expect(first.status != .incomplete)
        var before: [[String: Value]] = []
        for (platform, dataset) in datasets { before.append(try await bed.stored(configuration, platform: platform, dataset: dataset)) }
        #expect(before.allSatisfy { $0.count > 2 }, "the first run reached the platforms")

        let path = bed.directory + "/sources/" + source
        let whole = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(damage(whole)).write(to: URL(fileURLWithPath: path))
        var caught: HubError?
        do {
            _ = try await runner.run(job)
        } catch let error as HubError {
            caught = error
        }
        let error = try #require(caught, "the run on the damaged source must fail")
        var after: [[String: Value]] = []
        for (platform, dataset) in datasets { after.append(try await bed.stored(configuration, platform: platform, dataset: dataset)) }
        #expect(!FileManager.default.fileExists(atPath: configuration.stateDirectory + "/\(name)/run/run.json"), "no run is marked to be sent")

        // Once the source is whole again, the next run stages afresh from the old state: nothing to send.
        try Data(whole).write(to: URL(fileURLWithPath: path))
        let again = try await runner.run(job)
        #expect(again.status != .incomplete)
        for target in again.targets {
            #expect(target.upserts == 0 && target.deletes == 0 && target.requests == 0, "\(target.name) sent again")
        }
        return (error, before, after)
    }

    @Test func aRosterCutInTheMiddleOfItsArrayStopsTheRunWithExitThreeAndDeletesNothing() async throws {
        let bed = try TestOffice.withSamples()
        let result = try await runWhole(bed, job: "teams", source: "teams.json",
                                        datasets: [("province", "zyd"), ("city", "team")]) { bytes in
            Array(bytes.prefix(bytes.count / 2))
        }
        #expect(result.error.code == .incompleteRead)
        #expect(result.error.exitStatus == .invalidInput)
        let message = result.error.description
        #expect(message.hasPrefix("job teams: the source read stopped early at teams.json:"), "\(message)")
        #expect(message.contains("the file ends inside the array: element "))
        #expect(message.contains("Nothing was sent or deleted."))
        #expect(message.contains("Next: export teams.json again completely"))
        #expect(result.after == result.before, "the platforms hold exactly what they held before")
    }

    @Test func aRegistryExportWhoseQuoteSwallowsTheRestStopsTheRunWithExitThreeAndDeletesNothing() async throws {
        let bed = try TestOffice.withSamples()
        // A quote opening the name on line 3, never closed: lines 3 to the end become one row.
        let damaged = { (bytes: [UInt8]) -> [UInt8] in
            var lineStarts = bytes.indices.filter { $0 == 0 || bytes[$0 - 1] == UInt8(ascii: "\n") }
            lineStarts.removeFirst(2)
            let comma = bytes[lineStarts[0]...].firstIndex(of: UInt8(ascii: ","))!
            var copy = bytes
            copy.insert(UInt8(ascii: "\""), at: comma + 1)
            // Keep the quote open to the end whatever the later rows hold: no other quote follows it.
            return Array(copy[...(comma + 1)]) + copy[(comma + 2)...].filter { $0 != UInt8(ascii: "\"") }
        }
        let whole = Array(try Data(contentsOf: URL(fileURLWithPath: bed.directory + "/sources/shelters.csv")))
        let probe = NSTemporaryDirectory() + "huitong-probe-\(UUID().uuidString).csv"
        try Data(damaged(whole)).write(to: URL(fileURLWithPath: probe))
        defer { try? FileManager.default.removeItem(atPath: probe) }
        let probed = try await CSVSourceAdapter(path: probe).read(since: nil) { _ in }
        #expect(probed.incompleteRead?.origin?.line == 3, "the damage is a quote open from line 3 to the end")

        let result = try await runWhole(bed, job: "shelters", source: "shelters.csv",
                                        datasets: [("province", "rfgc"), ("city", "shelter")], damage: damaged)
        #expect(result.error.code == .incompleteRead)
        #expect(result.error.exitStatus == .invalidInput)
        let message = result.error.description
        #expect(message.hasPrefix("job shelters: the source read stopped early at shelters.csv:3: field 2 opens a quote on line 3 that is never closed"), "\(message)")
        #expect(message.contains("Nothing was sent or deleted."))
        #expect(message.contains("Next: close the quote in shelters.csv"))
        #expect(result.after == result.before, "the platforms hold exactly what they held before")
    }
}
