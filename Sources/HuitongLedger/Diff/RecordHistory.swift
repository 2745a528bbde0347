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
        /// A reconciliation found the platform holding it otherwise than the ledger says:
        /// `removed` (lost on the platform's side), `changed` (the fields, the ledger's value
        /// as old, the platform's as new) or `added` (held, never sent).
        case reconciled(kind: DiffKind, changes: [FieldChange])
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
    /// How many reconciliations of the job's target the ledger holds.
    package var reconciliations = 0

    /// Reads every entry of `job` to `target` (joint-test ones when `test`), each dataset up to
    /// the key (datasets are in key order), each rejects file, and each reconciliation's differences.
    package static func read(key: String, job: String, target: String, test: Bool, in ledger: LedgerReader) throws -> RecordHistory {
        var steps: [Step] = []
        var held: Value?
        var exchanges = 0, reconciliations = 0
        for entry in try ledger.entries() {
            if case let .failure(error) = entry.manifest {
                // An exchange the history cannot see could hold the change asked about.
                throw LedgerError(.entryUnreadable, path: entry.path, "the manifest of entry \(entry.directoryName) cannot be read (\(error.message)), so the history would miss what it holds",
                                  hint: "Run 'huitong ledger verify' and restore the entry.")
            }
            guard case let .success(manifest) = entry.manifest else { continue }
            let subject = manifest.subject
            guard subject.job == job, subject.target == target, subject.test == test else { continue }
            func step(_ event: Event) {
                steps.append(Step(sequence: entry.sequence, entry: entry.directoryName, runId: subject.runId,
                                  finished: subject.timings.finished, event: event))
            }
            guard let exchange = manifest.exchange else {
                reconciliations += 1
                let differences = try ledger.differences(of: entry)
                while let line = try differences.next() {
                    guard case let .object(object) = line, case let .string(found)? = object["key"] else { continue }
                    if RecordOrder.keyPrecedes(key, found) { break }
                    guard RecordOrder.compare(found, key) == 0, case let .string(kindText)? = object["kind"], let kind = DiffKind(rawValue: kindText) else { continue }
                    step(.reconciled(kind: kind, changes: Self.changes(object["changes"])))
                    break
                }
                continue
            }
            exchanges += 1
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
            case let (before?, nil) where exchange.mode == .sync: step(.deleted(last: before))
            default: break
            }
            // An append exchange's dataset holds what it sent, not all the platform holds.
            if found != nil || exchange.mode == .sync { held = found ?? nil }
        }
        var history = RecordHistory(job: job, target: target, key: key, steps: steps, exchanges: exchanges)
        history.reconciliations = reconciliations
        return history
    }

    /// The field changes of a difference line, as ``DiffCommand`` writes them (`field`, `old`, `new`, `absent`).
    static func changes(_ value: Value?) -> [FieldChange] {
        guard case let .array(items)? = value else { return [] }
        return items.compactMap { item in
            guard case let .object(change) = item, case let .string(path)? = change["field"] else { return nil }
            let absent: String? = if case let .string(side)? = change["absent"] { side } else { nil }
            return FieldChange(path: path, old: absent == "old" ? nil : change["old"], new: absent == "new" ? nil : change["new"])
        }
    }

    package static func text(_ reason: RejectedRecord.Reason) -> String {
        [reason.field, reason.rule].compactMap { $0 }.joined(separator: " ") + (reason.field == nil && reason.rule == nil ? "" : ": ") + reason.message
    }
}
