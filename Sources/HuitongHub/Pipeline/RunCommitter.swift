import Foundation
import HuitongCore
import HuitongLedger

/// What changed at one target, from one read of its journal (the last line of each batch).
struct JournalOutcome: Sendable {
    /// Accepted upserts: key → staged place (sync targets only: an append target's accepted
    /// upserts are handed to `appended` during the read instead, so memory never holds them).
    var upserts: [String: StagedPlace] = [:]
    var deletes: Set<String> = []
    /// Refused by the platform: key → staged place and reasons.
    var rejected: [String: (place: StagedPlace, reasons: [RecordReason])] = [:]
    /// Not sent, with reasons, for the report.
    var notSent: [(key: String, reasons: [RecordReason])] = []
    /// Each batch's verdict, in batch order, for the ledger.
    var batches: [BatchVerdict] = []

    /// - Parameter appended: called with each accepted upsert of an append target, in journal order.
    static func read(
        _ path: String, collectUpserts: Bool, appended: ((String, StagedPlace) throws -> Void)? = nil
    ) throws -> JournalOutcome {
        var outcome = JournalOutcome()
        var failure: (any Error)?
        try JournalFile.forEachLatest(path) { (line) throws(HubError) in
            var accepted = 0, rejected = 0, notSent = 0
            for fate in line.fates {
                let upsert = fate.operation == .upsert
                switch fate.outcome {
                case .accepted:
                    accepted += 1
                    if upsert, let place = fate.place {
                        if collectUpserts { outcome.upserts[fate.key] = place }
                        outcome.deletes.remove(fate.key)
                        if let appended, failure == nil {
                            do { try appended(fate.key, place) } catch { failure = error }
                        }
                    } else if !upsert {
                        outcome.deletes.insert(fate.key)
                        outcome.upserts[fate.key] = nil
                    }
                case let .rejected(reasons):
                    rejected += 1
                    if let place = fate.place { outcome.rejected[fate.key] = (place, reasons) }
                case let .notSent(reasons), let .unconfirmed(reasons):
                    notSent += 1
                    outcome.notSent.append((fate.key, reasons))
                }
            }
            outcome.batches.append(BatchVerdict(
                idempotencyKey: line.idempotencyKey, httpStatus: line.requests.last?.status, accepted: accepted, rejected: rejected,
                duplicates: line.duplicate ? accepted + rejected : 0, notSent: notSent, milliseconds: line.milliseconds
            ))
        }
        if let failure { throw failure }
        return outcome
    }
}

/// Folds a finished run into the job's state: what the platform now holds, what it refused.
/// Every step can be repeated after a crash with the same result.
struct RunCommitter {
    let target: TargetConfiguration
    let paths: TargetPaths

    /// Rewrites `accepted.jsonl` (sync targets) and `rejected.jsonl` from the outcome read
    /// from the journal.
    func commit(_ outcome: JournalOutcome) throws(HubError) {
        let staged = try JSONLinesRandomReader(path: paths.staged)
        if target.mode == .sync {
            try mergeAccepted(outcome, staged: staged)
        }
        var rejected = try RejectedIndex.load(paths.rejected)
        for key in outcome.upserts.keys { rejected.entries[key] = nil }
        for key in outcome.deletes { rejected.entries[key] = nil }
        for (key, entry) in outcome.rejected {
            rejected.entries[key] = RejectedIndex.Entry(hash: try staged.stagedRecord(at: entry.place).hash, reasons: entry.reasons)
        }
        try rejected.write(to: paths.rejected)
        try commitMemo()
    }

    /// The run's memo replaces the committed one (a commit repeated after a crash finds it moved).
    private func commitMemo() throws(HubError) {
        guard FileManager.default.fileExists(atPath: paths.runMemo) else { return }
        guard rename(paths.runMemo, paths.memo) == 0 else { throw HubError.disk("cannot replace \(paths.memo)", errno) }
        try DurableFiles.syncDirectory(paths.state)
    }

    /// Merges the old sorted state with the accepted upserts and deletes into a new sorted
    /// file. Lines are copied as they are: a staged record's line is an accepted-state line.
    private func mergeAccepted(_ outcome: JournalOutcome, staged: JSONLinesRandomReader) throws(HubError) {
        // Nothing accepted and nothing deleted: the state is what it was, and is left as it is.
        if outcome.upserts.isEmpty, outcome.deletes.isEmpty, FileManager.default.fileExists(atPath: paths.accepted) { return }
        let temporary = paths.accepted + ".new"
        let output = try JSONLinesAppender(path: temporary, truncate: true)
        let changed = outcome.upserts.keys.sorted(by: keyPrecedes)
        var next = 0
        func writeChanged(upTo limit: String?) throws(HubError) {
            while next < changed.count, limit.map({ keyPrecedes(changed[next], $0) }) ?? true {
                let place = outcome.upserts[changed[next]]!
                // Read strictly, so a damaged staged line never reaches the state.
                try output.append(line: try staged.stagedRecord(at: place).line())
                next += 1
            }
        }
        // The held lines of today's shape are copied as they are, only their structure and key
        // read; a line of another shape (an earlier version's) is decoded, and written as today's.
        try forEachLineBytes(of: paths.accepted) { (bytes, _, number) throws(HubError) in
            let record: (key: String, decoded: StagedRecord?)
            if let key = StagedRecord.canonicalPart(bytes)?.key {
                record = (key, nil)
            } else {
                let decoded = try StagedRecord.decode(bytes, place: "\(paths.accepted):\(number)")
                record = (decoded.key, decoded)
            }
            try writeChanged(upTo: record.key)
            if next < changed.count, changed[next] == record.key { return }  // replaced by the new content
            if outcome.deletes.contains(record.key) { return }
            if let decoded = record.decoded {
                try output.append(line: decoded.line())
            } else {
                try output.append(unbrokenLine: bytes)
            }
        }
        try writeChanged(upTo: nil)
        try output.sync()
        guard rename(temporary, paths.accepted) == 0 else { throw HubError.disk("cannot replace \(paths.accepted)", errno) }
        try DurableFiles.syncDirectory(paths.state)
    }
}
