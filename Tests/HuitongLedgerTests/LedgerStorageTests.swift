import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger
import HuitongTestSupport

/// Storage that grows with change: a dataset equal to the previous entry's is stored once and
/// referenced by hash, and the verifier still covers every byte of it.
@Suite("Ledger storage by reference")
struct LedgerStorageTests {
    private let same = LedgerFixtures.records

    @Test("an unchanged dataset is not copied: the entry names the first entry that holds the bytes, and reads as its own")
    func unchangedDatasetIsReferenced() throws {
        let ledger = TemporaryLedger()
        let first = try ledger.write(run: "r1", records: same)
        let second = try ledger.write(run: "r2", records: same)
        let third = try ledger.write(run: "r3", records: same)
        for entry in [second, third] {
            let manifest = try entry.manifest.get()
            #expect(manifest.files.datasetStoredIn == first.directoryName, "the holder, not the entry in between")
            #expect(manifest.files.dataset == (try first.manifest.get().files.dataset))
            #expect(!FileManager.default.fileExists(atPath: entry.path(of: "dataset.jsonl")))
            #expect(FileManager.default.fileExists(atPath: entry.path(of: "rejects.jsonl")))
            #expect(entry.datasetPath == first.path(of: "dataset.jsonl"))
        }
        let read = try ledger.reader.entries()
        let records = try ledger.reader.datasetRecords(of: read[2]).next(10)
        #expect(records == same.map { DatasetRecord(key: $0.0, record: $0.1) })
        let verification = try ledger.verify()
        #expect(verification.isIntact, "\(verification.problems)")
        // A manifest of a few hundred bytes, where the dataset was copied before.
        let manifestBytes = try ledger.bytes(of: third.path(of: "manifest.json")).count
        #expect(manifestBytes < 4_096)

        let changed = try ledger.write(run: "r4")
        #expect(try changed.manifest.get().files.datasetStoredIn == nil, "a changed dataset is stored")
        #expect(FileManager.default.fileExists(atPath: changed.path(of: "dataset.jsonl")))
        let back = try ledger.write(run: "r5", records: same)
        #expect(try back.manifest.get().files.datasetStoredIn == nil, "only the previous entry's dataset is looked at")
    }

    @Test("another job or target, the other of joint test and production, or an empty dataset: stored, not referenced")
    func referencesStayWithinTheJobAndTarget() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "r1", records: same)
        let otherTarget = try ledger.write(run: "r2", target: "city", records: same)
        let otherJob = try ledger.write(run: "r3", job: "sirens", records: same)
        let test = try ledger.write(run: "r4", records: same, test: true)
        let inBetween = try ledger.write(run: "r5", records: same)
        try ledger.write(run: "e1", job: "empty", records: [])
        let empty = try ledger.write(run: "e2", job: "empty", records: [])
        for entry in [otherTarget, otherJob, test, empty] {
            #expect(try entry.manifest.get().files.datasetStoredIn == nil, "\(entry.directoryName)")
        }
        #expect(try inBetween.manifest.get().files.datasetStoredIn == "000001-r1-shelters-province", "other jobs' entries between are passed over")
        #expect(try ledger.verify().isIntact)
    }

    @Test("a changed byte in the holder is named at the holder and at every entry that refers to it")
    func damageToTheHolderIsSeenFromTheReferrer() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "r1", records: same)
        try ledger.write(run: "r2", records: same)
        try ledger.flipByte(in: try ledger.filePath(1, "dataset.jsonl"), at: 20)
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.datasetReferenceBroken, .fileChanged] || problems.map(\.kind) == [.fileChanged, .datasetReferenceBroken], "\(problems)")
        let reference = try #require(problems.first { $0.kind == .datasetReferenceBroken })
        #expect(reference.sequence == 2)
        #expect(reference.message.contains("stored in 000001-r1-shelters-province") && reference.message.contains("damaged"), "\(reference.message)")
    }

    @Test("a dataset file added to a referring entry, and a reference to a later, unknown or itself-referring entry, are problems")
    func forgedReferences() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "r1", records: same)
        try ledger.write(run: "r2", records: same)
        try ledger.write(run: "r3", records: same)
        try FileManager.default.copyItem(atPath: try ledger.filePath(1, "dataset.jsonl"), toPath: try ledger.filePath(3, "dataset.jsonl"))
        let added = try ledger.verify().problems
        #expect(added.map(\.kind) == [.unexpectedFile], "\(added)")
        try FileManager.default.removeItem(atPath: try ledger.filePath(3, "dataset.jsonl"))

        for (holder, why) in [("000003-r3-shelters-province", "not an earlier one"), ("000009-nowhere", "no such entry"), ("000002-r2-shelters-province", "stored elsewhere itself")] {
            let forged = TemporaryLedger()
            try forged.write(run: "r1", records: same)
            try forged.write(run: "r2", records: same)
            try forged.write(run: "r3", records: same)
            try rewriteNewest(forged) { files in
                guard case var .object(dataset)? = files["dataset.jsonl"] else { return }
                dataset["storedIn"] = .string(holder)
                files["dataset.jsonl"] = .object(dataset)
            }
            let problems = try forged.verify().problems
            #expect(problems.map(\.kind) == [.datasetReferenceBroken], "\(holder): \(problems)")
            #expect(problems.first?.message.contains(why) == true, "\(problems.first?.message ?? "")")
        }
    }

    @Test("a first-format manifest (huitong-ledger/1, no kind, no storedIn) still reads, verifies and is chained to")
    func firstFormatStillReads() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "r1")
        try rewriteNewest(ledger, format: LedgerFormat.firstIdentifier) { _ in }
        let entry = try #require(try ledger.reader.entries().first)
        let manifest = try entry.manifest.get()
        #expect(manifest.format == "huitong-ledger/1" && manifest.kind == .exchange && manifest.exchange?.runId == "r1")
        let firstFormat = try ledger.verify()
        #expect(firstFormat.isIntact, "\(firstFormat.problems)")
        let next = try ledger.write(run: "r2")
        #expect(try next.manifest.get().format == "huitong-ledger/2")
        #expect(try ledger.verify().isIntact)

        let mixed = TemporaryLedger()
        try mixed.write(run: "r1")
        try rewriteNewest(mixed, format: LedgerFormat.firstIdentifier) { $0["rejects.jsonl"] = $0["rejects.jsonl"] }
        let path = try mixed.filePath(1, "manifest.json")
        guard case var .object(object) = try JSONReader().value(from: try mixed.bytes(of: path)) else { return }
        object["selfSHA256"] = nil
        object["kind"] = "exchange"
        object["selfSHA256"] = .string(try ExchangeManifest.selfHash(of: object).hex)
        try mixed.write(try CanonicalJSONWriter.bytes(for: .object(object)), to: path)
        #expect(try mixed.verify().problems.map(\.kind) == [.manifestNotFormat], "a first-format manifest has no kind")
    }

    @Test("a reconciliation entry: its dataset and differences, its manifest, kept apart from the exchanges")
    func reconciliationEntry() throws {
        let ledger = TemporaryLedger()
        let exchange = try ledger.write(run: "r1", records: same)
        let writer = try ledger.ledger.beginEntry(kind: .reconciliation)
        #expect(throws: LedgerError.self) { try writer.appendRejectedRecord(LedgerFixtures.rejects[1]) }
        for (key, record) in same.dropFirst() { try writer.appendDatasetRecord(key: key, record: record) }
        try writer.appendDifference(["kind": "removed", "key": "320602-0001", "record": same[0].1])
        #expect(throws: LedgerError.self) { try writer.appendDifference(["kind": "added", "key": "320602-0001", "record": 1]) }
        #expect(throws: LedgerError.self) { try writer.commit(LedgerFixtures.description(run: "x")) }
        let description = ReconciliationDescription(
            runId: "reconcile-1", job: "shelters", target: "province", platform: "province", dataset: "shelter", test: false,
            reconciles: EntryReference(sequence: exchange.sequence, manifestSHA256: try #require(exchange.manifestSHA256)),
            ignoredFields: ["updated_at", "audit"],
            counts: ReconciliationCounts(ledger: 3, platform: 2, unchanged: 2, changed: 0, removed: 1, added: 0),
            timings: ExchangeTimings(started: LedgerFixtures.started, finished: LedgerFixtures.started.adding(milliseconds: 40)))
        var wrong = description
        wrong.counts.platform = 3
        #expect(throws: LedgerError.self) { try writer.commit(wrong) }
        let entry = try writer.commit(description)

        let manifest = try entry.manifest.get()
        #expect(manifest.kind == .reconciliation && manifest.reconciliation == description && manifest.exchange == nil)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: entry.path)) == ["manifest.json", "dataset.jsonl", "differences.jsonl"])
        let value = try JSONReader().value(from: try ledger.bytes(of: entry.path(of: "manifest.json")))
        #expect(value["kind"] == "reconciliation" && value["ignoredFields"] == ["audit", "updated_at"])
        #expect(value["reconciles"]?["sequence"] == 1 && value["counts"]?["removed"] == 1 && value["mode"] == nil)
        #expect(try ledger.reader.differences(of: entry).next(5).map { $0["key"] } == ["320602-0001"])
        #expect(try ledger.reader.datasetRecords(of: entry).next(5).count == 2)
        #expect(try ledger.reader.latestEntry(job: "shelters", target: "province", test: false)?.sequence == 1, "a reconciliation is not an exchange")
        #expect(try ledger.reader.entry(reference: "shelters/province@latest").sequence == 1)
        #expect(try ledger.verify().isIntact)

        // The platform holding exactly what was sent: the reconciliation's dataset is a reference.
        let agreeing = try ledger.ledger.beginEntry(kind: .reconciliation)
        for (key, record) in same { try agreeing.appendDatasetRecord(key: key, record: record) }
        var agreement = description
        agreement.runId = "reconcile-2"
        agreement.counts = ReconciliationCounts(ledger: 3, platform: 3, unchanged: 3, changed: 0, removed: 0, added: 0)
        let agreed = try agreeing.commit(agreement)
        #expect(try agreed.manifest.get().files.datasetStoredIn == nil, "the previous entry of the target is the reconciliation with two records")
        let third = try ledger.ledger.beginEntry(kind: .reconciliation)
        for (key, record) in same { try third.appendDatasetRecord(key: key, record: record) }
        agreement.runId = "reconcile-3"
        let referring = try third.commit(agreement)
        #expect(try referring.manifest.get().files.datasetStoredIn == agreed.directoryName, "stored in the previous entry, which holds the bytes")

        // A rejects file in a reconciliation is not its format.
        try ledger.write([], to: entry.path(of: "rejects.jsonl"))
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == [.unexpectedFile] && problems.first?.message.contains("has no rejects.jsonl") == true, "\(problems)")
    }

    @Test("an evidence package of an entry that refers to one before the range carries the holder's dataset; verify.py checks it")
    func evidencePackageCarriesTheHolder() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "r1", records: same)
        try ledger.write(run: "r2", records: same)
        try ledger.write(run: "r3", records: same)
        let target = (ledger.directory as NSString).deletingLastPathComponent + "/evidence"
        let written = try EvidencePackage.export(ledger: ledger.directory, first: 3, last: 3, to: target)
        #expect(written.manifests == 3 && written.dataFiles == 2, "the holder's dataset and entry 3's rejects")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: target + "/entries/000001-r1-shelters-province")) == ["manifest.json", "dataset.jsonl"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target + "/entries/000002-r2-shelters-province") == ["manifest.json"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: target + "/entries/000003-r3-shelters-province")) == ["manifest.json", "rejects.jsonl"])
        let intact = try runCommand(["python3", "verify.py"], in: target)
        #expect(intact.status == 0 && intact.output.contains("3 manifests, 2 data files: intact"), "\(intact.output)")
        try ledger.flipByte(in: target + "/entries/000001-r1-shelters-province/dataset.jsonl", at: 30)
        let damaged = try runCommand(["python3", "verify.py"], in: target)
        #expect(damaged.status == 1, "\(damaged.output)")
        #expect(damaged.output.contains("000003-r3-shelters-province/dataset.jsonl: SHA-256"), "the referring entry's dataset is checked through the holder: \(damaged.output)")
    }

    /// Rewrites the newest entry's manifest (its `files` by `change`, and its format) and seals it again.
    private func rewriteNewest(_ ledger: TemporaryLedger, format: String? = nil, _ change: (inout OrderedObject) -> Void) throws {
        let newest = try #require(try ledger.reader.entries().last)
        let path = newest.path(of: "manifest.json")
        guard case var .object(object) = try JSONReader().value(from: try ledger.bytes(of: path)),
              case var .object(files)? = object["files"] else { return }
        object["selfSHA256"] = nil
        change(&files)
        object["files"] = .object(files)
        if let format {
            object["format"] = .string(format)
            if format == LedgerFormat.firstIdentifier { object["kind"] = nil }
        }
        object["selfSHA256"] = .string(try ExchangeManifest.selfHash(of: object).hex)
        try ledger.write(try CanonicalJSONWriter.bytes(for: .object(object)), to: path)
    }
}

/// The reconciliation's `reconciles` is checked by the verifier like the chain.
@Suite("Reconciliation references")
struct ReconciliationReferenceTests {
    func reconcile(_ ledger: TemporaryLedger, reconciles: EntryReference, job: String = "shelters", run: String = "reconcile-1") throws {
        let writer = try ledger.ledger.beginEntry(kind: .reconciliation)
        try writer.appendDatasetRecord(key: "k", record: ["k": 1])
        try writer.commit(ReconciliationDescription(
            runId: run, job: job, target: "province", platform: "province", dataset: "shelter", test: false, reconciles: reconciles,
            ignoredFields: [], counts: ReconciliationCounts(ledger: 3, platform: 1, unchanged: 0, changed: 0, removed: 3, added: 1),
            timings: ExchangeTimings(started: LedgerFixtures.started, finished: LedgerFixtures.started)))
    }

    @Test("a reconciliation must name an earlier exchange of its job and target, by its manifest's hash")
    func checked() throws {
        let ledger = TemporaryLedger()
        let exchange = try ledger.write(run: "r1")
        let hash = try #require(exchange.manifestSHA256)
        try reconcile(ledger, reconciles: EntryReference(sequence: 1, manifestSHA256: hash))
        #expect(try ledger.verify().isIntact)
        try reconcile(ledger, reconciles: EntryReference(sequence: 1, manifestSHA256: SHA256.hash("other")), run: "reconcile-2")
        try reconcile(ledger, reconciles: EntryReference(sequence: 2, manifestSHA256: try #require(try ledger.reader.entries()[1].manifestSHA256)), run: "reconcile-3")
        try reconcile(ledger, reconciles: EntryReference(sequence: 1, manifestSHA256: hash), job: "sirens", run: "reconcile-4")
        try reconcile(ledger, reconciles: EntryReference(sequence: 9, manifestSHA256: hash), run: "reconcile-5")
        let problems = try ledger.verify().problems
        #expect(problems.map(\.kind) == Array(repeating: .reconciliationReferenceBroken, count: 4), "\(problems)")
        #expect(problems.map(\.sequence) == [3, 4, 5, 6])
        #expect(problems[0].message.contains("hashes otherwise") && problems[1].message.contains("not an exchange"), "\(problems)")
        #expect(problems[2].message.contains("not of sirens to province") && problems[3].message.contains("no such earlier entry"), "\(problems)")
    }
}
