import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger

@Suite("Ledger verifier: every kind of tampering is found and named")
struct LedgerVerifierTests {
    /// A ledger of three entries, `run-1` … `run-3`.
    private func threeEntries() throws -> TemporaryLedger {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(3)
        return ledger
    }

    /// The problems, as `(kind, sequence, file name)` for compact expectations.
    private func findings(_ ledger: TemporaryLedger) throws -> [(LedgerProblem.Kind, Int?, String?)] {
        try ledger.verify().problems.map { ($0.kind, $0.sequence, $0.file.map { ($0 as NSString).lastPathComponent }) }
    }

    /// An entry made in another ledger, for copying in as a forgery.
    private func forgedEntry(after runs: [String], run: String, records: [(String, Value)] = LedgerFixtures.records) throws -> (TemporaryLedger, String) {
        let other = TemporaryLedger()
        for earlier in runs { try other.write(run: earlier) }
        let entry = try other.write(run: run, records: records)
        return (other, entry.path)
    }

    @Test("an untouched ledger is intact, and its head is the newest manifest")
    func intact() throws {
        let ledger = try threeEntries()
        let verification = try ledger.verify()
        #expect(verification.isIntact)
        #expect(verification.entryCount == 3)
        let newest = try #require(try ledger.reader.entries().last)
        #expect(verification.head == LedgerVerification.Head(sequence: 3, entryId: newest.entryId, manifestSHA256: try #require(newest.manifestSHA256)))
    }

    @Test("a changed dataset file is named with its entry, and with both hashes")
    func datasetChanged() throws {
        let ledger = try threeEntries()
        try ledger.flipByte(in: try ledger.filePath(2, "dataset.jsonl"), at: 30)
        let problems = try ledger.verify().problems
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .fileChanged)
        #expect(problems.first?.file == "entries/000002-run-2-shelters-province/dataset.jsonl")
        #expect(problems.first?.description.hasPrefix("entry 000002 (000002-run-2-shelters-province): dataset.jsonl was changed") == true)
    }

    @Test("a changed rejects file is named")
    func rejectsChanged() throws {
        let ledger = try threeEntries()
        try ledger.flipByte(in: try ledger.filePath(1, "rejects.jsonl"), at: -2)
        #expect(try findings(ledger).map(\.0) == [.fileChanged])
        #expect(try findings(ledger).first?.2 == "rejects.jsonl")
    }

    @Test("a removed data file or manifest is named as missing")
    func fileRemoved() throws {
        let ledger = try threeEntries()
        try FileManager.default.removeItem(atPath: try ledger.filePath(3, "rejects.jsonl"))
        try FileManager.default.removeItem(atPath: try ledger.filePath(2, "manifest.json"))
        let found = try findings(ledger)
        #expect(found.count == 2)
        #expect(found.contains { $0 == (.fileMissing, 2, "manifest.json") })
        #expect(found.contains { $0 == (.fileMissing, 3, "rejects.jsonl") })
    }

    @Test("a removed entry shows as a gap in the sequence")
    func entryRemoved() throws {
        let ledger = try threeEntries()
        try FileManager.default.removeItem(atPath: try ledger.entryPath(2))
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.entryMissing])
        #expect(problems.first?.message.contains("entry 000002 is missing") == true)
    }

    @Test("removing the first entries is found too")
    func firstEntriesRemoved() throws {
        let ledger = try threeEntries()
        try FileManager.default.removeItem(atPath: try ledger.entryPath(1))
        try FileManager.default.removeItem(atPath: try ledger.entryPath(2))
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.entryMissing])
        #expect(problems.first?.message.contains("entries 000001 to 000002 are missing") == true)
    }

    @Test("removing the first entry and renumbering the rest breaks the chain at the new first entry")
    func firstEntryRemovedAndRenumbered() throws {
        let ledger = try threeEntries()
        let second = try ledger.entryPath(2)
        let third = try ledger.entryPath(3)
        try FileManager.default.removeItem(atPath: try ledger.entryPath(1))
        try ledger.move(second, to: ledger.directory + "/entries/000001-run-2-shelters-province")
        try ledger.move(third, to: ledger.directory + "/entries/000002-run-3-shelters-province")
        let kinds = try findings(ledger).map(\.0)
        #expect(kinds.contains(.entryMissing))
        #expect(kinds.filter { $0 == .entryMisplaced }.count == 2)
    }

    @Test("swapped entries are reported as reordered (and misplaced), not as inserted")
    func reordered() throws {
        let ledger = try threeEntries()
        let second = try ledger.entryPath(2)
        let third = try ledger.entryPath(3)
        try ledger.move(second, to: ledger.directory + "/entries/000003-run-2-shelters-province")
        try ledger.move(third, to: ledger.directory + "/entries/000002-run-3-shelters-province")
        let kinds = try findings(ledger).map(\.0)
        #expect(kinds.contains(.entriesReordered))
        #expect(kinds.filter { $0 == .entryMisplaced }.count == 2)
        #expect(!kinds.contains(.entryInserted))
        #expect(!kinds.contains(.chainBroken))
    }

    @Test("an entry inserted with a sequence number already taken is named as inserted; the original is kept")
    func insertedTwin() throws {
        let ledger = try threeEntries()
        let (other, forged) = try forgedEntry(after: ["run-1"], run: "forged")
        try FileManager.default.copyItem(atPath: forged, toPath: ledger.directory + "/entries/000002-forged-shelters-province")
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.entryInserted])
        #expect(problems.first?.entry == "000002-forged-shelters-province")
        withExtendedLifetime(other) {}
    }

    @Test("an entry inserted with the later entries renumbered is named as inserted")
    func insertedAndRenumbered() throws {
        let ledger = try threeEntries()
        let (other, forged) = try forgedEntry(after: ["run-1", "run-2"], run: "forged")
        try ledger.move(try ledger.entryPath(3), to: ledger.directory + "/entries/000004-run-3-shelters-province")
        try FileManager.default.copyItem(atPath: forged, toPath: ledger.directory + "/entries/000003-forged-shelters-province")
        let problems = try ledger.verify().problems
        #expect(problems.contains { $0.kind == .entryInserted && $0.sequence == 4 && $0.message.contains("entry 000003 was inserted") })
        #expect(problems.contains { $0.kind == .entryMisplaced && $0.sequence == 4 })
        withExtendedLifetime(other) {}
    }

    @Test("a manifest replaced by another self-consistent one breaks the chain at the next entry")
    func chainBroken() throws {
        let ledger = try threeEntries()
        let (other, forged) = try forgedEntry(after: ["run-1"], run: "run-2", records: [("only", 1)])
        let second = try ledger.entryPath(2)
        try FileManager.default.removeItem(atPath: second)
        try FileManager.default.copyItem(atPath: forged, toPath: second)
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.chainBroken])
        #expect(problems.first?.sequence == 3)
        withExtendedLifetime(other) {}
    }

    @Test("unexpected files in an entry, in entries/ and in the ledger directory are named")
    func unexpectedFiles() throws {
        let ledger = try threeEntries()
        try ledger.write(Array("x".utf8), to: try ledger.entryPath(2) + "/notes.txt")
        try ledger.write(Array("x".utf8), to: ledger.directory + "/entries/README")
        try ledger.write(Array("x".utf8), to: ledger.directory + "/extra.json")
        let problems = try ledger.verify().problems
        #expect(problems.allSatisfy { $0.kind == .unexpectedFile })
        #expect(Set(problems.compactMap(\.file)) == ["entries/000002-run-2-shelters-province/notes.txt", "entries/README", "extra.json"])
    }

    @Test("a manifest that is not JSON is named, and the chain is not blamed for it")
    func manifestNotJSON() throws {
        let ledger = try threeEntries()
        try ledger.write(Array("{\"format\":".utf8), to: try ledger.filePath(2, "manifest.json"))
        #expect(try findings(ledger).map(\.0) == [.manifestNotJSON])
    }

    @Test("a manifest rewritten as pretty JSON is named as not canonical")
    func manifestNotCanonical() throws {
        let ledger = try threeEntries()
        let path = try ledger.filePath(3, "manifest.json")
        let value = try JSONReader().value(from: try ledger.bytes(of: path))
        try ledger.write(try JSONWriter(style: .pretty).bytes(for: value), to: path)
        #expect(try findings(ledger).map(\.0) == [.manifestNotCanonical])
    }

    @Test("an edited count in the newest manifest is caught by its selfSHA256")
    func manifestChanged() throws {
        let ledger = try threeEntries()
        let path = try ledger.filePath(3, "manifest.json")
        let text = String(decoding: try ledger.bytes(of: path), as: UTF8.self)
        #expect(text.contains("\"accepted\":3,\"deleted\""))
        try ledger.write(Array(text.replacingOccurrences(of: "\"accepted\":3,\"deleted\"", with: "\"accepted\":9,\"deleted\"").utf8), to: path)
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.manifestChanged])
        #expect(problems.first?.message.contains("manifest.json was changed") == true)
    }

    @Test("a sealed manifest with a member the format does not have is not the format")
    func manifestNotFormat() throws {
        let ledger = try threeEntries()
        let path = try ledger.filePath(3, "manifest.json")
        try rewriteSealed(path, in: ledger) { $0["operatorPassword"] = "hunter2" }
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.manifestNotFormat])
        #expect(problems.first?.message.contains("operatorPassword") == true)
    }

    @Test("a manifest of another format version is named as such")
    func otherFormat() throws {
        let ledger = try threeEntries()
        let path = try ledger.filePath(1, "manifest.json")
        try rewriteSealed(path, in: ledger) { $0["format"] = "huitong-ledger/3" }
        let problems = try ledger.verify().problems
        #expect(problems.first?.kind == .manifestNotFormat)
        #expect(problems.first?.message.contains("huitong-ledger/3") == true)
    }

    @Test("a renamed entry directory is named as misplaced")
    func misplaced() throws {
        let ledger = try threeEntries()
        try ledger.move(try ledger.entryPath(3), to: ledger.directory + "/entries/000003-run-9-shelters-province")
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.entryMisplaced])
        #expect(problems.first?.message.contains("000003-run-3-shelters-province") == true)
    }

    @Test("a head recorded earlier must still be in the ledger: removing the newest entry is found")
    func recordedHead() throws {
        let ledger = try threeEntries()
        let head = try #require(try ledger.verify().head)
        #expect(try ledger.verify(recordedHead: head.manifestSHA256).isIntact)
        try ledger.write(run: "run-4")
        #expect(try ledger.verify(recordedHead: head.manifestSHA256).isIntact)
        try FileManager.default.removeItem(atPath: try ledger.entryPath(4))
        try FileManager.default.removeItem(atPath: try ledger.entryPath(3))
        let problems = try ledger.verify(recordedHead: head.manifestSHA256).problems
        #expect(problems.map(\.kind) == [.recordedHeadMissing])
    }

    @Test("a missing ledger directory is an error, not a problem list")
    func missingLedger() throws {
        let error = #expect(throws: LedgerError.self) { try LedgerVerifier(directory: "/nonexistent/ledger").verify() }
        #expect(error?.code == .ledgerUnreadable)
    }

    /// Rewrites a manifest with `change` applied and a correct `selfSHA256`, as a careful forger would.
    private func rewriteSealed(_ path: String, in ledger: TemporaryLedger, _ change: (inout OrderedObject) -> Void) throws {
        guard case var .object(object) = try JSONReader().value(from: try ledger.bytes(of: path)) else { return }
        object["selfSHA256"] = nil
        change(&object)
        object["selfSHA256"] = .string(try ExchangeManifest.selfHash(of: object).hex)
        try ledger.write(try CanonicalJSONWriter.bytes(for: .object(object)), to: path)
    }
}
