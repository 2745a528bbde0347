import Foundation
import HuitongCore
import HuitongLedger
import HuitongTestSupport
import Testing
@testable import HuitongHub

/// A sync target's mapping memo: a schema record that did not change is passed over without
/// being mapped again, and only while everything the mapping depends on is unchanged.
@Suite struct MappingMemoTests {
    static let basis = ContentHash(SHA256.hash(Array("basis one".utf8)))
    static let otherBasis = ContentHash(SHA256.hash(Array("basis two".utf8)))

    @Test func theRunningCodeIsNamedByTheBuildIDInItsELFNotes() throws {
        let id = try #require(ExecutableBuildID.current, "the test executable has a GNU build ID")
        #expect(id.count >= 16 && id.count % 2 == 0 && id.allSatisfy(\.isHexDigit), "\(id)")
        #expect(ExecutableBuildID.read("/proc/self/exe") == id, "read twice, the same")
        let text = NSTemporaryDirectory() + "/not-elf-\(UUID().uuidString)"
        try "#!/bin/sh\necho not an executable image\n".write(toFile: text, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: text) }
        #expect(ExecutableBuildID.read(text) == nil)
        #expect(ExecutableBuildID.read(text + ".missing") == nil)
    }

    @Test func aMemoIsTrustedOnlyUnderTheBasisItWasWrittenUnder() throws {
        let path = NSTemporaryDirectory() + "/memo-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entry = MappingMemo.Entry(source: Self.otherBasis, key: "RF-1", hash: Self.basis)
        let escaped = MappingMemo.Entry(source: Self.basis, key: "RF-\"2\"", hash: Self.otherBasis)
        let bytes = MappingMemo.headerLine(basis: Self.basis) + MappingMemo.line(schemaKey: "320602-0001", entry)
            + MappingMemo.line(schemaKey: "320602\\0002", escaped)
        try DurableFiles.replace(path, with: bytes)
        #expect(try JSONReader().value(from: MappingMemo.line(schemaKey: "320602-0001", entry).dropLast()) == [
            "s": "320602-0001", "g": .string(Self.otherBasis.hex), "k": "RF-1", "h": .string(Self.basis.hex),
        ], "a line is the JSON object the format names")
        #expect(Self.basis.hex == SHA256.hash(Array("basis one".utf8)).hex)

        let held: [String: AcceptedIndex.Entry] = ["RF-1": .init(hash: Self.basis, schemaKey: "320602-0001")]
        func sources(_ basis: ContentHash, _ path: String, held: [String: AcceptedIndex.Entry] = held) throws -> ([String: ContentHash?], [String: String]) {
            var accepted = held
            let renamed = try MappingMemo.load(path, basis: basis, into: &accepted)
            return (accepted.mapValues(\.source), renamed)
        }
        #expect(try sources(Self.basis, path) == (["RF-1": Self.otherBasis], ["320602-0001": "RF-1"]), "the held entry is vouched for")
        let both = held.merging(["RF-\"2\"": .init(hash: Self.otherBasis, schemaKey: "320602\\0002")]) { $1 }
        #expect(try sources(Self.basis, path, held: both).0["RF-\"2\""] == Self.basis, "a line with escapes is read too")
        #expect(try sources(Self.otherBasis, path) == (["RF-1": nil], [:]), "another basis: nothing is trusted")
        #expect(try sources(Self.basis, path + ".none") == (["RF-1": nil], [:]), "no memo yet")
        let otherContent: [String: AcceptedIndex.Entry] = ["RF-1": .init(hash: Self.otherBasis, schemaKey: "320602-0001")]
        #expect(try sources(Self.basis, path, held: otherContent) == (["RF-1": nil], [:]), "the platform holds other content: not vouched for")
        let otherRecord: [String: AcceptedIndex.Entry] = ["RF-1": .init(hash: Self.basis, schemaKey: "320602-0002")]
        #expect(try sources(Self.basis, path, held: otherRecord) == (["RF-1": nil], [:]), "held for another schema record: not vouched for")

        try DurableFiles.replace(path, with: bytes + Array(#"{"s":"x","g":"00","k":"y","h":"00"}"#.utf8) + [10])
        let damaged = #expect(throws: HubError.self) { try sources(Self.basis, path) }
        #expect(damaged?.code == .corruptState)
        #expect(damaged?.message.contains("remove it and run again") == true, "\(String(describing: damaged?.message))")
    }

    @Test func aSecondRunPassesOverTheRecordsTheMemoKnowsAndMapsThemWithoutIt() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        let job = try #require(configuration.job(named: "teams"))
        let first = try await runner.run(job)
        let zyd = try #require(first.targets.first { $0.name == "province-zyd" })
        #expect(zyd.upserts > 0)
        let memo = bed.directory + "/state/teams/targets/province-zyd/memo.jsonl"
        let lines = try String(contentsOfFile: memo, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == zyd.mapped + 1, "a header and one line per record mapped")

        // The platform is said to hold other content for one record, and the memo agrees: a run
        // that trusts the memo passes the record over; one without it maps the record and resends it.
        try Self.pretendTheHeldContentIs(Self.fakeHash, forTheFirstRecordOf: bed.acceptedFile(job: "teams", target: "province-zyd"), memo: memo)
        let second = try await runner.run(job)
        let trusted = try #require(second.targets.first { $0.name == "province-zyd" })
        #expect(trusted.upserts == 0 && trusted.unchanged == zyd.mapped, "the memo was trusted")
        // The held line's bytes no longer match its hash: the ledger parses them and writes
        // them canonically (the same bytes), so its dataset still holds every record.
        let ledger = try LedgerVerifier(directory: configuration.ledgerDirectory).verify()
        #expect(ledger.isIntact, "\(ledger.problems)")
        let entry = try #require(try LedgerReader(directory: configuration.ledgerDirectory).latestEntry(job: "teams", target: "province-zyd", test: false))
        let dataset = try LedgerReader(directory: configuration.ledgerDirectory).datasetRecords(of: entry)
        var count = 0
        while try dataset.next() != nil { count += 1 }
        #expect(count == zyd.mapped)

        try FileManager.default.removeItem(atPath: memo)
        let third = try await runner.run(job)
        let mapped = try #require(third.targets.first { $0.name == "province-zyd" })
        #expect(mapped.upserts == 1 && mapped.accepted == 1, "without the memo the record is mapped and its real content sent")
        #expect(FileManager.default.fileExists(atPath: memo), "and the memo is written again")
    }

    /// Each input of the mapping, edited (a comment is enough), makes the memo untrusted.
    @Test(arguments: ["mappings/targets/province/zyd.yaml", "mappings/codes/team_type.yaml", "mappings/schema/rescue_team.yaml", "plugins/platforms/province.yaml"])
    func anEditedInputOfTheMappingMakesTheMemoUntrusted(_ edited: String) async throws {
        let bed = try TestOffice.withSamples()
        try FileManager.default.copyItem(atPath: RepositoryPaths.mappings, toPath: bed.path("mappings"))
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("plugins"), toPath: bed.path("plugins"))
        var file = bed.sampleConfigurationFile
        file.mappings = bed.path("mappings")
        file.plugins = bed.path("plugins")
        try file.write()
        let before = try bed.configuration()
        let job = try #require(before.job(named: "teams"))
        _ = try await bed.runner(before).run(job)
        let memo = bed.directory + "/state/teams/targets/province-zyd/memo.jsonl"
        try Self.pretendTheHeldContentIs(Self.fakeHash, forTheFirstRecordOf: bed.acceptedFile(job: "teams", target: "province-zyd"), memo: memo)

        let handle = try #require(FileHandle(forWritingAtPath: bed.path(edited)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n# edited after the first run\n".utf8))
        try handle.close()
        let after = try bed.configuration()
        let report = try await bed.runner(after).run(try #require(after.job(named: "teams")))
        let zyd = try #require(report.targets.first { $0.name == "province-zyd" })
        #expect(zyd.upserts == 1, "\(edited) edited: the record is mapped again and its real content sent")
    }

    /// An edit of huitong.yaml outside the target (here a comment; a base URL or a delete
    /// policy alike) changes nothing a mapping makes: the memo stays trusted.
    @Test func anEditOfTheConfigurationOutsideTheTargetKeepsTheMemoTrusted() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        _ = try await bed.runner(configuration).run(job)
        let memo = bed.directory + "/state/teams/targets/province-zyd/memo.jsonl"
        try Self.pretendTheHeldContentIs(Self.fakeHash, forTheFirstRecordOf: bed.acceptedFile(job: "teams", target: "province-zyd"), memo: memo)
        let text = try String(contentsOfFile: bed.configurationPath, encoding: .utf8)
        try (text + "\n# the office moved\n").write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        let edited = try bed.configuration()
        let report = try await bed.runner(edited).run(try #require(edited.job(named: "teams")))
        let zyd = try #require(report.targets.first { $0.name == "province-zyd" })
        #expect(zyd.upserts == 0, "the memo is still trusted")
    }

    /// A scheduler compiles its configuration once: a mapping edited while it runs is not the
    /// one its runs map with, so they neither trust a memo nor write one until it is reloaded.
    @Test func aMappingEditedAfterTheConfigurationWasLoadedMakesTheMemoUntrusted() async throws {
        let bed = try TestOffice.withSamples()
        try FileManager.default.copyItem(atPath: RepositoryPaths.mappings, toPath: bed.path("mappings"))
        var file = bed.sampleConfigurationFile
        file.mappings = bed.path("mappings")
        try file.write()
        let loaded = try bed.configuration()
        let runner = bed.runner(loaded)
        let job = try #require(loaded.job(named: "teams"))
        _ = try await runner.run(job)
        let memo = bed.directory + "/state/teams/targets/province-zyd/memo.jsonl"
        try Self.pretendTheHeldContentIs(Self.fakeHash, forTheFirstRecordOf: bed.acceptedFile(job: "teams", target: "province-zyd"), memo: memo)
        let written = try String(contentsOfFile: memo, encoding: .utf8)

        let handle = try #require(FileHandle(forWritingAtPath: bed.path("mappings/codes/team_type.yaml")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n# edited while the scheduler runs\n".utf8))
        try handle.close()
        let report = try await runner.run(job)  // the same compiled configuration
        let zyd = try #require(report.targets.first { $0.name == "province-zyd" })
        #expect(zyd.upserts == 1, "the memo is not trusted: the record is mapped and its real content sent")
        #expect(try String(contentsOfFile: memo, encoding: .utf8) == written, "and no memo is written under the edited files")
    }

    static let fakeHash = String(repeating: "ab", count: 32)

    /// Replaces the first accepted record's hash by `fake` in the accepted state and in the memo.
    static func pretendTheHeldContentIs(_ fake: String, forTheFirstRecordOf accepted: String, memo: String) throws {
        let state = try String(contentsOfFile: accepted, encoding: .utf8)
        let first = try #require(state.split(separator: "\n").first)
        let marker = #""h":""#
        let start = try #require(first.range(of: marker)).upperBound
        let real = String(first[start...].prefix(64))
        #expect(real.count == 64)
        let memoText = try String(contentsOfFile: memo, encoding: .utf8)
        #expect(memoText.components(separatedBy: real).count == 2, "the memo names the record's hash once")
        try state.replacingOccurrences(of: real, with: fake).write(toFile: accepted, atomically: true, encoding: .utf8)
        try memoText.replacingOccurrences(of: real, with: fake).write(toFile: memo, atomically: true, encoding: .utf8)
    }
}
