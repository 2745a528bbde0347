import Foundation
import HuitongCore
import HuitongLedger
import HuitongMapping

/// Records each finished exchange in the ledger (`HuitongLedger.ExchangeLedger`): the manifest,
/// the dataset the platform holds afterwards, and the records set aside or refused.
///
/// For a sync target the dataset is the whole accepted state, sorted by key; for an append
/// target (sensor readings, which only ever grow) it is the records this exchange delivered.
/// Only names, hashes, counts and verdicts reach the manifest: never a credential.
package struct LedgerRecorder: LedgerRecording {
    package let ledger: ExchangeLedger

    package init(directory: String) {
        ledger = ExchangeLedger(directory: directory)
    }

    package func record(_ submission: LedgerSubmission) throws -> String {
        let (entry, description) = try prepare(submission)
        do {
            let path = try entry.commit(description).path
            Failpoints.hit("ledger-written")
            return path
        } catch {
            entry.abandon()
            throw error
        }
    }

    /// The run's exchanges, one entry each: their files are written side by side, one thread
    /// each (the ledger lets any number of entries be written at once), and committed in the
    /// order given, so entry numbers follow the job's targets. A failure abandons every entry
    /// not yet committed; an entry committed before it stays (as recording them one by one
    /// would leave it), and the run that repeats the commit finds it.
    package func record(all submissions: [LedgerSubmission]) throws -> [String] {
        guard submissions.count > 1 else { return try submissions.map(record) }
        let recorder = self
        let works = submissions.map { submission in
            let box = UncheckedSendable(submission)
            return BackgroundWork<UncheckedSendable<(LedgerEntryWriter, ExchangeDescription)>, any Error> {
                UncheckedSendable(try recorder.prepare(box.value))
            }
        }
        var prepared: [(LedgerEntryWriter, ExchangeDescription)] = []
        var failure: (any Error)?
        for work in works {
            do { prepared.append(try work.result().value) } catch { failure = failure ?? error }
        }
        if let failure {
            for (entry, _) in prepared { entry.abandon() }
            throw failure
        }
        var paths: [String] = []
        for (index, (entry, description)) in prepared.enumerated() {
            do {
                paths.append(try entry.commit(description).path)
                Failpoints.hit("ledger-written")
            } catch {
                for (later, _) in prepared[index...] { later.abandon() }
                throw error
            }
        }
        return paths
    }

    /// Writes one entry's dataset and rejects; the entry waits for its commit.
    private func prepare(_ submission: LedgerSubmission) throws -> (LedgerEntryWriter, ExchangeDescription) {
        let entry = try ledger.beginEntry()
        do {
            try writeDataset(submission, into: entry)
            for reject in try rejects(submission) { try entry.appendRejectedRecord(reject) }
            return (entry, try description(submission))
        } catch {
            entry.abandon()
            throw error
        }
    }

    private func writeDataset(_ submission: LedgerSubmission, into entry: LedgerEntryWriter) throws {
        func append(_ record: StagedRecord) throws {
            do {
                try entry.appendDatasetRecord(key: record.key, canonicalRecord: record.canonical, sha256: record.hash)
            } catch {
                throw HubError(.ledger, "ledger: \(error)")
            }
        }
        if submission.target.mode == .sync {
            // Each line's canonical bytes are found in place and copied as they are; a line of
            // another shape is decoded strictly.
            try forEachLineBytes(of: submission.paths.accepted) { (bytes, _, number) throws(HubError) in
                do {
                    if let (key, hash, canonical) = StagedRecord.canonicalPart(bytes) {
                        try bytes.withUnsafeBytes { raw in
                            Result { () throws(LedgerError) in
                                try entry.appendDatasetRecord(key: key, canonicalRecord: UnsafeRawBufferPointer(rebasing: raw[canonical]), sha256: hash.digest)
                            }
                        }.get()
                    } else {
                        try append(try StagedRecord.decode(bytes, place: "\(submission.paths.accepted):\(number)"))
                    }
                } catch {
                    throw error as? HubError ?? HubError(.ledger, "ledger: \(error)")
                }
            }
            return
        }
        // An append target: the records this exchange delivered, sorted by key on disk as the
        // journal was read (`JobRunner` fills the sorter while reading the outcome).
        guard let sorter = submission.appended else { return }
        func append(_ key: String, _ hash: String, _ canonical: [UInt8]) throws {
            do {
                try entry.appendDatasetRecord(key: key, canonicalRecord: canonical, sha256: hash)
            } catch {
                throw HubError(.ledger, "ledger: \(error)")
            }
        }
        // A key sent twice (a reading repeated by the gateway) is held once: the later one,
        // as the platform keeps it.
        var held: (key: String, hash: String, canonical: [UInt8])?
        try sorter.forEachSorted { key, hash, canonical in
            if let previous = held, previous.key != key { try append(previous.key, previous.hash, previous.canonical) }
            held = (key, hash, canonical)
        }
        if let held { try append(held.key, held.hash, held.canonical) }
    }

    private func rejects(_ submission: LedgerSubmission) throws -> [RejectedRecord] {
        var records: [RejectedRecord] = []
        func reasons(_ list: [RecordReason]) -> [RecordReason] {
            list.isEmpty ? [RecordReason(message: "no reason given")] : list
        }
        for path in [submission.sourceSetAside, submission.paths.setAside] {
            try forEachWorkingLine(of: path, SetAsideLine.init(decoding:)) { (line) throws(HubError) in
                var record = line.rejectedRecord
                record.reasons = reasons(record.reasons)
                records.append(record)
            }
        }
        for (key, entry) in submission.outcome.rejected {
            records.append(RejectedRecord(key: key, location: nil, stage: .rejected, reasons: reasons(entry.reasons)))
        }
        records.sort(by: RecordOrder.rejectPrecedes)
        // The same key, stage and place twice (one row written twice in a source) becomes one record.
        var merged: [RejectedRecord] = []
        for record in records {
            if let last = merged.last, !RecordOrder.rejectPrecedes(last, record) {
                merged[merged.count - 1].reasons += record.reasons
            } else {
                merged.append(record)
            }
        }
        return merged
    }

    private func description(_ submission: LedgerSubmission) throws -> ExchangeDescription {
        let report = submission.report
        let batches = submission.outcome.batches
        let configuration = submission.configuration
        var mappings: [String: Digest] = [:]
        for file in [submission.job.mapping.file, submission.target.mapping.file] {
            mappings[Self.relative(file, to: configuration.mappingsDirectory)] = Self.fileHash(file)
        }
        return ExchangeDescription(
            runId: submission.runID, job: submission.job.name, target: submission.target.name,
            platform: submission.target.platform, dataset: submission.target.dataset,
            mode: submission.target.mode == .sync ? .sync : .append, test: submission.test,
            schemaVersion: configuration.schema?.version ?? "unknown",
            inputs: ExchangeInputs(
                configurationSHA256: Digest(hexadecimal: configuration.contentHash) ?? SHA256.hash([UInt8]()),
                mappings: mappings, codeTables: Self.codeTableHashes(configuration.mappingsDirectory + "/codes")
            ),
            counts: ExchangeCounts(
                read: submission.readCount, normalised: submission.normalisedCount,
                setAside: submission.sourceSetAsideCount + report.setAside, unchanged: report.unchanged,
                upserted: report.upserts, deleted: report.deletes, accepted: report.accepted, rejected: report.rejected,
                notSent: report.notSent, retries: report.retries
            ),
            timings: ExchangeTimings(started: submission.started, finished: submission.finished),
            batches: batches, deletesAllowed: submission.deletesAllowed
        )
    }

    static func fileHash(_ path: String) -> Digest {
        SHA256.hash(DurableFiles.read(path) ?? [])
    }

    static func relative(_ path: String, to base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    static func codeTableHashes(_ directory: String) -> [String: Digest] {
        var hashes: [String: Digest] = [:]
        for file in (FileManager.default.subpaths(atPath: directory) ?? []) where file.hasSuffix(".yaml") {
            hashes["codes/" + file] = fileHash(directory + "/" + file)
        }
        return hashes
    }
}

/// A value handed to one other thread and used there alone (a ledger submission, whose
/// configuration and sorter are not shared while the entry is written).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
