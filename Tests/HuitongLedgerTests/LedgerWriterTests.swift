import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger

@Suite("Ledger writer")
struct LedgerWriterTests {
    @Test("an entry is a directory named by sequence and entry id holding the manifest, dataset and rejects")
    func layout() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "20261129100000-ab12")
        #expect(entry.sequence == 1)
        #expect(entry.entryId == "20261129100000-ab12-shelters-province")
        #expect(entry.directoryName == "000001-20261129100000-ab12-shelters-province")
        let names = try FileManager.default.contentsOfDirectory(atPath: entry.path).sorted()
        #expect(names == ["dataset.jsonl", "manifest.json", "rejects.jsonl"])
        let entries = try FileManager.default.contentsOfDirectory(atPath: ledger.directory + "/entries")
        #expect(entries == ["000001-20261129100000-ab12-shelters-province"])
    }

    @Test("the dataset is canonical JSON Lines of key and record, in key order")
    func datasetLines() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "r1", records: LedgerFixtures.records)
        let text = String(decoding: try ledger.bytes(of: entry.path(of: "dataset.jsonl")), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines.last == "")
        #expect(lines[0] == #"{"key":"320602-0001","record":{"capacity":1200,"id":"320602-0001","lat":31.98,"name":"人民公园地下人防工程"}}"#)
        #expect(lines[2] == #"{"key":"320602-0003","record":{"capacity":350,"id":"320602-0003","name":"滨江","note":null}}"#)
    }

    @Test("rejects carry key, location, stage and every reason")
    func rejectLines() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "r1")
        let text = String(decoding: try ledger.bytes(of: entry.path(of: "rejects.jsonl")), as: UTF8.self)
        #expect(text == """
        {"key":"","location":"shelters.csv:7","reasons":[{"field":"id","message":"the key is empty","rule":"required"}],"stage":"set-aside"}
        {"key":"320602-0009","location":"shelters.csv:12","reasons":[{"field":"kljb","message":"not a code of the capacity list","rule":null},{"field":null,"message":"second reason","rule":null}],"stage":"rejected"}

        """)
    }

    @Test("the manifest is canonical JSON with every file's SHA-256, size and record count")
    func manifestFiles() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "r1")
        let bytes = try ledger.bytes(of: entry.path(of: "manifest.json"))
        let value = try JSONReader().value(from: bytes)
        #expect(try CanonicalJSONWriter.bytes(for: value) == bytes)
        #expect(entry.manifestSHA256 == SHA256.hash(bytes))
        let dataset = try ledger.bytes(of: entry.path(of: "dataset.jsonl"))
        #expect(value["files"]?["dataset.jsonl"]?["sha256"] == .string(SHA256.hash(dataset).hex))
        #expect(value["files"]?["dataset.jsonl"]?["bytes"] == .integer(Int64(dataset.count)))
        #expect(value["files"]?["dataset.jsonl"]?["records"] == 3)
        #expect(value["files"]?["rejects.jsonl"]?["records"] == 2)
        #expect(value["format"] == "huitong-ledger/2")
        #expect(value["kind"] == "exchange")
        #expect(value["previousManifestSHA256"] == .null)
        #expect(value["timings"]?["started"] == "2025-11-29T10:00:00.000+08:00")
        #expect(value["timings"]?["durationMilliseconds"] == 3250)
    }

    @Test("each manifest holds the SHA-256 of the previous manifest's bytes; sequence numbers count from 1")
    func chain() throws {
        let ledger = TemporaryLedger()
        let first = try ledger.write(run: "r1")
        let second = try ledger.write(run: "r2")
        let third = try ledger.write(run: "r3")
        #expect([first.sequence, second.sequence, third.sequence] == [1, 2, 3] as [Int])
        #expect(try first.manifest.get().previousManifestSHA256 == nil)
        let firstManifest: [UInt8] = try ledger.bytes(of: first.path(of: "manifest.json"))
        let firstHash: Digest? = SHA256.hash(firstManifest)
        #expect(try second.manifest.get().previousManifestSHA256 == firstHash)
        #expect(try third.manifest.get().previousManifestSHA256 == second.manifestSHA256)
        #expect(try ledger.verify().isIntact)
    }

    @Test("an entry id keeps only [A-Za-z0-9._-]; everything else becomes an underscore")
    func sanitisedEntryId() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "2026/11/29 10:00", job: "避难所 shelters", target: "../city")
        #expect(entry.entryId == "2026_11_29_10_00-____shelters-.._city")
        #expect(try entry.manifest.get().subject.job == "避难所 shelters")
    }

    @Test("a dataset record out of key order is refused, names both keys, and the entry stays usable")
    func outOfOrder() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        try entry.appendDatasetRecord(key: "b", record: 1)
        let error = #expect(throws: LedgerError.self) { try entry.appendDatasetRecord(key: "a", record: 2) }
        #expect(error?.code == .recordOutOfOrder)
        #expect(error?.description.contains(#"the key "a" comes after "b""#) == true)
        try entry.appendDatasetRecord(key: "c", record: 3)
        let written = try entry.commit(LedgerFixtures.description(run: "r1", records: 2, rejects: 0))
        #expect(try written.manifest.get().files.dataset.recordCount == 2)
    }

    @Test("keys are ordered by UTF-8 bytes; keys Swift calls equal (é and e + U+0301) are two keys")
    func byteOrder() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        for key in ["B", "a", "e\u{301}", "\u{e9}", "中"] { try entry.appendDatasetRecord(key: key, record: nil) }
        #expect(throws: LedgerError.self) { try entry.appendDatasetRecord(key: "z", record: nil) }
        entry.abandon()
    }

    @Test("the same key twice is refused as a duplicate")
    func duplicateKey() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        try entry.appendDatasetRecord(key: "k", record: 1)
        let error = #expect(throws: LedgerError.self) { try entry.appendDatasetRecord(key: "k", record: 2) }
        #expect(error?.code == .duplicateRecord)
    }

    @Test("an empty dataset key, a reject without reasons and a NaN are refused")
    func invalidRecords() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        #expect(throws: LedgerError.self) { try entry.appendDatasetRecord(key: "", record: 1) }
        #expect(throws: LedgerError.self) {
            try entry.appendRejectedRecord(RejectedRecord(key: "k", location: nil, stage: .rejected, reasons: []))
        }
        let error = #expect(throws: LedgerError.self) { try entry.appendDatasetRecord(key: "k", record: .double(.nan)) }
        #expect(error?.code == .invalidRecord)
        try entry.appendDatasetRecord(key: "k", record: 1)
    }

    @Test("rejects are ordered by key, then stage, then location; an identical one is refused")
    func rejectOrder() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        let reason = [RejectedRecord.Reason(message: "why")]
        try entry.appendRejectedRecord(RejectedRecord(key: "k", location: nil, stage: .rejected, reasons: reason))
        try entry.appendRejectedRecord(RejectedRecord(key: "k", location: "a.csv:2", stage: .setAside, reasons: reason))
        try entry.appendRejectedRecord(RejectedRecord(key: "k", location: "a.csv:3", stage: .setAside, reasons: reason))
        let duplicate = #expect(throws: LedgerError.self) {
            try entry.appendRejectedRecord(RejectedRecord(key: "k", location: "a.csv:3", stage: .setAside, reasons: reason))
        }
        #expect(duplicate?.code == .duplicateRecord)
        let early = #expect(throws: LedgerError.self) {
            try entry.appendRejectedRecord(RejectedRecord(key: "j", location: nil, stage: .rejected, reasons: reason))
        }
        #expect(early?.code == .recordOutOfOrder)
    }

    @Test("after a commit the writer takes no more records")
    func closedAfterCommit() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        try entry.commit(LedgerFixtures.description(run: "r1", records: 0, rejects: 0))
        let error = #expect(throws: LedgerError.self) { try entry.appendDatasetRecord(key: "k", record: 1) }
        #expect(error?.code == .writerClosed)
        #expect(throws: LedgerError.self) { try entry.commit(LedgerFixtures.description(run: "r1")) }
    }

    @Test("a description that is not truthful is refused and the entry can still be committed")
    func invalidDescription() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        var description = LedgerFixtures.description(run: "r1", records: 0, rejects: 0)
        description.counts.accepted = -1
        let error = #expect(throws: LedgerError.self) { try entry.commit(description) }
        #expect(error?.code == .invalidRecord)
        description.counts.accepted = 0
        description.timings.finished = description.timings.started.adding(milliseconds: -1)
        #expect(throws: LedgerError.self) { try entry.commit(description) }
        description.timings.finished = description.timings.started
        #expect(try entry.commit(description).sequence == 1)
    }

    @Test("an empty exchange still makes a complete entry with empty files")
    func emptyEntry() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "r1", records: [], rejects: [])
        let manifest = try entry.manifest.get()
        #expect(manifest.files.dataset == LedgerFileSummary(sha256: SHA256.hash([UInt8]()), byteCount: 0, recordCount: 0))
        #expect(try ledger.verify().isIntact)
    }

    @Test("committing the same exchange (run, job, target) twice returns the first entry and adds nothing")
    func idempotentCommit() throws {
        let ledger = TemporaryLedger()
        let first = try ledger.write(run: "r1")
        let again = try ledger.write(run: "r1", records: [])
        #expect(again.sequence == first.sequence)
        #expect(again.manifestSHA256 == first.manifestSHA256)
        #expect(try ledger.reader.entries().count == 1)
        #expect(try ledger.ledger.entry(runId: "r1", job: "shelters", target: "province")?.sequence == 1)
        #expect(try ledger.ledger.entry(runId: "r1", job: "shelters", target: "city") == nil)
        #expect(try ledger.write(run: "r1", target: "city").sequence == 2)
    }

    @Test("abandoning an entry leaves nothing behind")
    func abandon() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        try entry.appendDatasetRecord(key: "k", record: 1)
        entry.abandon()
        entry.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.directory + "/entries").isEmpty)
    }

    @Test("a writer released without committing removes its unfinished entry")
    func releasedWriter() throws {
        let ledger = TemporaryLedger()
        do {
            let entry = try ledger.ledger.beginEntry()
            try entry.appendDatasetRecord(key: "k", record: 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.directory + "/entries").isEmpty)
    }

    @Test("a large dataset streams through in order and is fingerprinted exactly")
    func largeDataset() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        for index in 0..<20_000 {
            let key = "k" + String(index).leftPadded(to: 6)
            try entry.appendDatasetRecord(key: key, record: ["n": .integer(Int64(index)), "text": "a record of some length"])
        }
        let written = try entry.commit(LedgerFixtures.description(run: "big", records: 20_000, rejects: 0))
        let bytes = try ledger.bytes(of: written.path(of: "dataset.jsonl"))
        let files = try written.manifest.get().files
        #expect(files.dataset.recordCount == 20_000)
        #expect(files.dataset.sha256 == SHA256.hash(bytes))
        #expect(files.dataset.byteCount == bytes.count)
    }

    @Test("the manifest type has no member that could hold a credential")
    func noPlaceForSecrets() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.write(run: "r1")
        let value = try JSONReader().value(from: try ledger.bytes(of: entry.path(of: "manifest.json")))
        let keys = Set(value.objectValue?.keys ?? [])
        #expect(keys == [
            "format", "huitongVersion", "sequence", "entryId", "previousManifestSHA256", "selfSHA256", "runId", "job",
            "target", "platform", "dataset", "mode", "test", "deletesAllowed", "schemaVersion", "inputs", "counts", "timings", "batches", "files", "kind",
        ])
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
