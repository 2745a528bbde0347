import Foundation
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongHub

/// A write to the push journal cut short (a full disk, a crash) leaves part of a line; the
/// next run cuts it off and finishes, resending only what that part would have recorded.
@Suite struct TornJournalTailTests {
    let line1 = Array(#"{"b":0,"final":true}"#.utf8) + [10]
    let line2 = Array(#"{"b":1,"final":true}"#.utf8) + [10]

    @Test func completeLinesAreLeftAlone() {
        #expect(AppendOnlyFile.tornTail(of: []) == nil)
        #expect(AppendOnlyFile.tornTail(of: line1 + line2) == nil)
    }

    @Test func aPartOfALineAfterTheLastNewlineIsCutOff() throws {
        let torn = line1 + line2 + Array(#"{"b":2,"fi"#.utf8)
        let tail = try #require(AppendOnlyFile.tornTail(of: torn))
        #expect(tail.keep == line1.count + line2.count)
        #expect(tail.line == 3)
        // Even a part that happens to be complete JSON: without its newline it was not finished.
        #expect(AppendOnlyFile.tornTail(of: line1 + Array(#"{"b":1}"#.utf8))?.keep == line1.count)
        #expect(AppendOnlyFile.tornTail(of: Array(#"{"b":0"#.utf8))?.keep == 0)
    }

    @Test func aLastLineOfZerosIsTornToo() {
        let zeros = line1 + [UInt8](repeating: 0, count: 12) + [10]
        #expect(AppendOnlyFile.tornTail(of: zeros)?.keep == line1.count)
        #expect(AppendOnlyFile.tornTail(of: zeros)?.line == 2)
    }

    @Test func theDecisionNeedsOnlyTheTailFromTheNewlineBeforeTheLastLine() throws {
        let torn = line1 + line2 + Array(#"{"b":2,"fi"#.utf8)
        // A tail starting inside the torn line does not hold the newline before it.
        let inside = line1.count + line2.count + 3
        #expect(!AppendOnlyFile.holdsLastLine(Array(torn[inside...]), at: inside))
        // A tail from line 2 on does.
        let tail = Array(torn[line1.count...])
        #expect(AppendOnlyFile.holdsLastLine(tail, at: line1.count))
        let cut = try #require(AppendOnlyFile.tornTail(of: tail, at: line1.count))
        #expect(cut.keep == line1.count + line2.count, "an offset in the file, not in the tail")
        #expect(cut.line == 2, "counted from the tail's start; heal adds the one newline before it")
        #expect(AppendOnlyFile.tornTail(of: Array((line1 + line2)[line1.count...]), at: line1.count) == nil)
    }

    @Test func aJournalLargerThanTheChunkIsHealedFromItsTail() throws {
        let path = NSTemporaryDirectory() + "huitong-journal-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes: [UInt8] = []
        for batch in 0..<6000 { bytes += Array(#"{"b":\#(batch),"final":true}"#.utf8) + [10] }
        #expect(bytes.count > 2 * AppendOnlyFile.tailChunk)
        let intact = bytes.count
        try Data(bytes + Array(#"{"b":6000,"fin"#.utf8)).write(to: URL(fileURLWithPath: path))
        let healing = try #require(try AppendOnlyFile.heal(path))
        #expect(healing.line == 6001)
        #expect(healing.removedBytes == 14)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == intact)
        #expect(try AppendOnlyFile.heal(path) == nil, "healed once, complete after")

        // A last line longer than several chunks (zeros a crash left), read back chunk by chunk.
        try Data(bytes + [UInt8](repeating: 0, count: 3 * 1024) + [10]).write(to: URL(fileURLWithPath: path))
        let zeros = try #require(try AppendOnlyFile.heal(path, chunk: 1000))
        #expect(zeros.line == 6001)
        #expect(zeros.removedBytes == 3 * 1024 + 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == intact)
        #expect(try AppendOnlyFile.heal(path, chunk: 7) == nil)
    }

    @Test func damageBeforeTheLastLineIsNotHealedButNamedWithTheRecoveryThatLosesNothing() throws {
        let path = NSTemporaryDirectory() + "huitong-journal-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(line1 + Array("{garbage\n".utf8) + line2).write(to: URL(fileURLWithPath: path))
        do {
            _ = try AppendOnlyFile.healAndCheck(journal: path)
            Issue.record("a damaged middle line passed")
        } catch {
            #expect(error.code == .damagedJournal)
            #expect(error.message.contains("damaged at line 2"))
            #expect(error.message.contains(#"sed -i '2d' "\#(path)""#), "only the damaged line goes: \(error.message)")
            #expect(!error.message.contains("head -n"), "the answers after it are kept")
            #expect(error.message.contains("Do not remove the state directory"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == line1.count + 9 + line2.count, "nothing was cut")
    }
}

@Suite(.serialized) struct TornJournalRunTests {
    @Test func aFullDiskTearsTheJournalAndTheNextRunHealsItWithoutResendingConfirmedBatches() async throws {
        let bed = try TestOffice.withSamples()
        let province = bed.sandbox.platforms.first { $0.name == "province" }!.host.platform as! ProvincePlatform
        let first = try HuitongProcess(["run", "--config", bed.configurationPath, "sensors"], environment: ["HUITONG_FAILPOINT": "journal-disk-full#3"])
        #expect(await first.exit(within: 120) == 4, "a full disk leaves the run incomplete: \(first.standardOutput)")
        #expect(first.standardOutput.contains("No space left on device"), "\(first.standardOutput)")

        let journal = bed.directory + "/state/sensors/run/province-hjjc/journal.jsonl"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journal)))
        #expect(bytes.last != UInt8(ascii: "\n"), "the journal ends inside a line")
        let journaled = bytes.count { $0 == UInt8(ascii: "\n") }
        let answered = province.counters.appliedBatches
        #expect(answered > journaled, "some answered batches have no complete journal line")

        let second = try HuitongProcess(["run", "--config", bed.configurationPath, "sensors"])
        let status = await second.exit(within: 120)
        #expect(status == 0 || status == 1, "the next run finishes: \(second.standardOutput)\(second.standardError)")
        #expect(second.standardOutput.contains("removed an incomplete last line"), "\(second.standardOutput)")
        #expect(province.counters.appliedBatches == 24, "every batch applied once")
        #expect(province.counters.duplicateBatches == answered - journaled, "only the batches without a complete line were sent again")
        #expect(province.counters.conflicts == 0)
        let configuration = try bed.configuration()
        let stored = try await bed.stored(configuration, platform: "province", dataset: "hjjc")
        #expect(stored == (try await bed.expected(configuration, job: "sensors", target: "province-hjjc")))
    }

    /// A full disk while a target stages (on its own thread): the run stops before the marker,
    /// nothing is sent, and the next run stages afresh and sends everything once.
    @Test func aFullDiskWhileATargetStagesStopsTheRunBeforeAnythingIsSent() async throws {
        let bed = try TestOffice.withSamples()
        let province = bed.sandbox.platforms.first { $0.name == "province" }!.host.platform as! ProvincePlatform
        let first = try HuitongProcess(["run", "--config", bed.configurationPath, "sensors"], environment: ["HUITONG_FAILPOINT": "staged-disk-full#1"])
        #expect(await first.exit(within: 120) == 4, "a full disk fails the run: \(first.standardOutput)")
        #expect(first.standardOutput.contains("No space left on device"), "\(first.standardOutput)")
        #expect(province.counters.appliedBatches == 0, "nothing was sent")
        #expect(!FileManager.default.fileExists(atPath: bed.directory + "/state/sensors/run/run.json"), "no marker")

        let second = try HuitongProcess(["run", "--config", bed.configurationPath, "sensors"])
        let status = await second.exit(within: 120)
        #expect(status == 0 || status == 1, "the next run finishes: \(second.standardOutput)\(second.standardError)")
        #expect(province.counters.appliedBatches == 24 && province.counters.duplicateBatches == 0, "every batch applied once")
        let configuration = try bed.configuration()
        let stored = try await bed.stored(configuration, platform: "province", dataset: "hjjc")
        #expect(stored == (try await bed.expected(configuration, job: "sensors", target: "province-hjjc")))
    }
}

