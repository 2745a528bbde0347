import HuitongCore

/// One record across the exchanges of a job to a target: when it was first held by the
/// platform, each change with its fields, each verdict that refused or set it aside, its
/// deletion — from the ledger alone.
package struct RecordHistory: Sendable {
    package enum Event: Sendable, Equatable {
        /// The platform held it for the first time (or again after a deletion).
        case sent(record: Value)
        /// The platform held a new version: the fields that changed.
        case changed(changes: [FieldChange])
        /// The platform no longer held it.
        case deleted(last: Value)
        /// It did not reach the platform in this exchange: set aside by Huitong or rejected by
        /// the platform, with the reasons.
        case refused(stage: String, reasons: [String], location: String?)
    }

    package struct Step: Sendable, Equatable {
        package let sequence: Int
        package let entry: String
        package let runId: String
        package let finished: Timestamp
        package let event: Event
    }

    package let job: String
    package let target: String
    package let key: String
    /// The events, oldest first; exchanges that left the record as it was are not listed.
    package let steps: [Step]
    /// How many exchanges of the job to the target the ledger holds.
    package let exchanges: Int

    /// Reads every entry of `job` to `target` (joint-test ones when `test`), each dataset up to
    /// the key (datasets are in key order) and each rejects file.
    package static func read(key: String, job: String, target: String, test: Bool, in ledger: LedgerReader) throws -> RecordHistory {
        var steps: [Step] = []
        var held: Value?
        var exchanges = 0
        for entry in try ledger.entries() {
            if case let .failure(error) = entry.manifest {
                // An exchange the history cannot see could hold the change asked about.
                throw LedgerError(.entryUnreadable, path: entry.path, "the manifest of entry \(entry.directoryName) cannot be read (\(error.message)), so the history would miss what it holds",
                                  hint: "Run 'huitong ledger verify' and restore the entry.")
            }
            guard case let .success(manifest) = entry.manifest, manifest.exchange.job == job,
                  manifest.exchange.target == target, manifest.exchange.test == test else { continue }
            exchanges += 1
            func step(_ event: Event) {
                steps.append(Step(sequence: entry.sequence, entry: entry.directoryName, runId: manifest.exchange.runId,
                                  finished: manifest.exchange.timings.finished, event: event))
            }
            let records = try ledger.datasetRecords(of: entry)
            var found: Value?
            while let record = try records.next() {
                if RecordOrder.compare(record.key, key) == 0 { found = record.record; break }
                if RecordOrder.keyPrecedes(key, record.key) { break }
            }
            let rejects = try ledger.rejectedRecords(of: entry)
            while let reject = try rejects.next() {
                if RecordOrder.compare(reject.key, key) == 0 {
                    step(.refused(stage: reject.stage.rawValue, reasons: reject.reasons.map(Self.text), location: reject.location))
                } else if RecordOrder.keyPrecedes(key, reject.key) {
                    break
                }
            }
            switch (held, found) {
            case (nil, let now?): step(.sent(record: now))
            case let (before?, now?):
                let changes = DiffRules().changes(from: before, to: now)
                if !changes.isEmpty { step(.changed(changes: changes)) }
            case let (before?, nil) where manifest.exchange.mode == .sync: step(.deleted(last: before))
            default: break
            }
            // An append exchange's dataset holds what it sent, not all the platform holds.
            if found != nil || manifest.exchange.mode == .sync { held = found ?? nil }
        }
        return RecordHistory(job: job, target: target, key: key, steps: steps, exchanges: exchanges)
    }

    static func text(_ reason: RejectedRecord.Reason) -> String {
        [reason.field, reason.rule].compactMap { $0 }.joined(separator: " ") + (reason.field == nil && reason.rule == nil ? "" : ": ") + reason.message
    }
}
