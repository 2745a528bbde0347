import HuitongCore

/// What one reconciliation found, handed to ``LedgerEntryWriter/commit(_:)-…``: the platform's
/// dataset read back and compared, by key, with the dataset of the exchange entry it reconciles.
///
/// Like ``ExchangeDescription``, it has no member that could hold a credential.
package struct ReconciliationDescription: Sendable, Hashable {
    /// The reconciliation's own id (`reconcile-…`), unique like a run id.
    package var runId: String
    package var job: String
    package var target: String
    package var platform: String
    package var dataset: String
    /// The platform's joint-test setting was read, against joint-test exchanges.
    package var test: Bool
    /// The exchange entry whose dataset the platform's was compared with.
    package var reconciles: EntryReference
    /// Fields left out of the comparison (`--ignore`), sorted.
    package var ignoredFields: [String]
    package var counts: ReconciliationCounts
    package var timings: ExchangeTimings

    package init(
        runId: String, job: String, target: String, platform: String, dataset: String, test: Bool,
        reconciles: EntryReference, ignoredFields: [String], counts: ReconciliationCounts, timings: ExchangeTimings
    ) {
        self.runId = runId
        self.job = job
        self.target = target
        self.platform = platform
        self.dataset = dataset
        self.test = test
        self.reconciles = reconciles
        self.ignoredFields = ignoredFields.sorted()
        self.counts = counts
        self.timings = timings
    }

    func validate() throws(LedgerError) {
        for (name, text) in [("runId", runId), ("job", job), ("target", target), ("platform", platform), ("dataset", dataset)] where text.isEmpty {
            throw invalid("the reconciliation's \(name) is empty")
        }
        for (name, value) in counts.named where value < 0 {
            throw invalid("the count \(name) is \(value); counts cannot be negative")
        }
        if counts.unchanged + counts.changed + counts.removed != counts.ledger || counts.unchanged + counts.changed + counts.added != counts.platform {
            throw invalid("the counts do not add up: ledger \(counts.ledger) must be unchanged + changed + removed, platform \(counts.platform) unchanged + changed + added")
        }
        if reconciles.sequence < 1 { throw invalid("the reconciled entry's sequence is \(reconciles.sequence)") }
        if timings.finished < timings.started {
            throw invalid("the reconciliation finished (\(ExchangeTimings.text(timings.finished))) before it started (\(ExchangeTimings.text(timings.started)))")
        }
    }

    private func invalid(_ message: String) -> LedgerError {
        LedgerError(.invalidRecord, path: nil, message, hint: "Fix the ReconciliationDescription; nothing was written to the ledger.")
    }
}

/// An entry named the way the chain names it: its sequence number and its manifest's SHA-256.
package struct EntryReference: Sendable, Hashable {
    package var sequence: Int
    package var manifestSHA256: Digest

    package init(sequence: Int, manifestSHA256: Digest) {
        self.sequence = sequence
        self.manifestSHA256 = manifestSHA256
    }
}

/// How the platform's dataset compared with the ledger's, record by record.
package struct ReconciliationCounts: Sendable, Hashable {
    /// Records in the reconciled entry's dataset (what Huitong left on the platform).
    package var ledger: Int
    /// Records the platform's read-back held.
    package var platform: Int
    /// Records the platform holds as the ledger says.
    package var unchanged: Int
    /// Records the platform holds in another version.
    package var changed: Int
    /// Records the ledger says the platform holds and it does not (lost or deleted on its side).
    package var removed: Int
    /// Records the platform holds that the reconciled exchange did not leave there.
    package var added: Int

    package init(ledger: Int, platform: Int, unchanged: Int, changed: Int, removed: Int, added: Int) {
        self.ledger = ledger
        self.platform = platform
        self.unchanged = unchanged
        self.changed = changed
        self.removed = removed
        self.added = added
    }

    /// Each count with its manifest name, in the manifest's order.
    package var named: [(name: String, value: Int)] {
        [("ledger", ledger), ("platform", platform), ("unchanged", unchanged), ("changed", changed), ("removed", removed), ("added", added)]
    }

    /// The platform holds exactly what the ledger says.
    package var agrees: Bool { changed + removed + added == 0 }
}
