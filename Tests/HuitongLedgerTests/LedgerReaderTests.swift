import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger

@Suite("Ledger reader")
struct LedgerReaderTests {
    @Test("entries come in sequence order with their manifests and manifest hashes")
    func entries() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(3)
        let entries = try ledger.reader.entries()
        #expect(entries.map(\.sequence) == [1, 2, 3])
        #expect(entries.map(\.entryId) == ["run-1-shelters-province", "run-2-shelters-province", "run-3-shelters-province"])
        let manifest = try entries[1].manifest.get()
        #expect(manifest.exchange == LedgerFixtures.description(run: "run-2"))
        #expect(manifest.previousManifestSHA256 == entries[0].manifestSHA256)
    }

    @Test("a ledger directory without entries is an empty ledger; a missing one is an error that says what to do")
    func emptyAndMissing() throws {
        let ledger = TemporaryLedger()
        try FileManager.default.createDirectory(atPath: ledger.directory, withIntermediateDirectories: true)
        #expect(try ledger.reader.entries().isEmpty)
        let missing = LedgerReader(directory: ledger.directory + "/nowhere")
        let error = #expect(throws: LedgerError.self) { try missing.entries() }
        #expect(error?.code == .ledgerUnreadable)
        #expect(error?.exitStatus == .invalidInput)
        #expect(error?.description.contains("--ledger DIR") == true)
    }

    @Test("an entry is found by sequence number, directory name, entry id or run id prefix")
    func matching() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "20261129100000-ab12")
        try ledger.write(run: "20261129110000-cd34")
        try ledger.write(run: "20261129110000-cd34", target: "city")
        let reader = ledger.reader
        #expect(try reader.entry(matching: "2").sequence == 2)
        #expect(try reader.entry(matching: "000003").sequence == 3)
        #expect(try reader.entry(matching: "000001-20261129100000-ab12-shelters-province").sequence == 1)
        #expect(try reader.entry(matching: "20261129110000-cd34-shelters-city").sequence == 3)
        #expect(try reader.entry(matching: "20261129100000").sequence == 1)
        let ambiguous = #expect(throws: LedgerError.self) { try reader.entry(matching: "20261129110000") }
        #expect(ambiguous?.code == .ambiguousEntry)
        #expect(ambiguous?.message.contains("000002-20261129110000-cd34-shelters-province") == true)
        let missing = #expect(throws: LedgerError.self) { try reader.entry(matching: "nothing") }
        #expect(missing?.code == .entryNotFound)
        #expect(missing?.exitStatus == .usage)
    }

    @Test("the latest entry of a job and target, production and joint test apart, is the next delta's baseline")
    func latest() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "r1")
        try ledger.write(run: "r2", target: "city")
        try ledger.write(run: "r3", test: true)
        let reader = ledger.reader
        #expect(try reader.latestEntry(job: "shelters", target: "province", test: false)?.sequence == 1)
        #expect(try reader.latestEntry(job: "shelters", target: "province", test: true)?.sequence == 3)
        #expect(try reader.latestEntry(job: "sirens", target: "province", test: false) == nil)
    }

    @Test("records stream back exactly as written")
    func records() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "r1")
        let dataset = try ledger.reader.datasetRecords(of: entry)
        var read: [DatasetRecord] = []
        while let record = try dataset.next() { read.append(record) }
        #expect(read == LedgerFixtures.records(run: "r1").map { DatasetRecord(key: $0.0, record: $0.1) })
        #expect(try ledger.reader.rejectedRecords(of: entry).next(10) == LedgerFixtures.rejects)
        #expect(try ledger.reader.datasetRecords(of: entry).next(1).map(\.key) == ["320602-0001"])
    }

    @Test("a record line that is not the format is an error naming file and line")
    func badRecordLine() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "r1")
        try ledger.write(Array(#"{"key":"a","record":1}"#.utf8) + [10] + Array(#"{"key":"b"}"#.utf8) + [10],
                         to: entry.path(of: "dataset.jsonl"))
        let reader = try ledger.reader.datasetRecords(of: entry)
        #expect(try reader.next()?.key == "a")
        let error = #expect(throws: LedgerError.self) { try reader.next() }
        #expect(error?.path?.hasSuffix("dataset.jsonl:2") == true)
        #expect(error?.message.contains("record: is missing") == true)
    }

    @Test("an entry whose manifest cannot be read is listed with the reason")
    func unreadableManifest() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(2)
        try ledger.write(Array("not json".utf8), to: try ledger.filePath(1, "manifest.json"))
        let entries = try ledger.reader.entries()
        #expect(entries.count == 2)
        guard case let .failure(error) = entries[0].manifest else {
            Issue.record("the manifest should not read")
            return
        }
        #expect(error.message.contains("not JSON"))
    }
}
