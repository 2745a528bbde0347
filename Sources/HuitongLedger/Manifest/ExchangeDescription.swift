/// Everything the pipeline knows about one exchange (job, target, run), handed to
/// ``LedgerEntryWriter/commit(_:)``.
///
/// This type is the only way anything reaches a manifest, and it has no member that could
/// hold a credential: names, versions, hashes, counts, times and batch verdicts only. The
/// ledger never sees platform settings, tokens or request headers.
package struct ExchangeDescription: Sendable, Hashable {
    /// The run this exchange belongs to; several exchanges (jobs × targets) share one run.
    package var runId: String
    /// The job's name from the configuration.
    package var job: String
    /// The target's name from the job (usually the platform's name).
    package var target: String
    /// The platform profile's name.
    package var platform: String
    /// The platform's dataset (province dataset or city resource type).
    package var dataset: String
    package var mode: ExchangeMode
    /// A joint-test exchange: sent to the platform's test base URL or in its test mode.
    package var test: Bool
    /// The shared parameter schema's version.
    package var schemaVersion: String
    package var inputs: ExchangeInputs
    package var counts: ExchangeCounts
    package var timings: ExchangeTimings
    /// One verdict per batch, in the order they were sent.
    package var batches: [BatchVerdict]
    /// The operator lifted the delete guard for this run (`huitong run --allow-deletes`).
    package var deletesAllowed: Bool

    package init(
        runId: String, job: String, target: String, platform: String, dataset: String,
        mode: ExchangeMode, test: Bool, schemaVersion: String, inputs: ExchangeInputs,
        counts: ExchangeCounts, timings: ExchangeTimings, batches: [BatchVerdict], deletesAllowed: Bool = false
    ) {
        self.runId = runId
        self.job = job
        self.target = target
        self.platform = platform
        self.dataset = dataset
        self.mode = mode
        self.test = test
        self.schemaVersion = schemaVersion
        self.inputs = inputs
        self.counts = counts
        self.timings = timings
        self.batches = batches
        self.deletesAllowed = deletesAllowed
    }

    /// Refuses a description the manifest could not state truthfully.
    func validate() throws(LedgerError) {
        let names = [("runId", runId), ("job", job), ("target", target), ("platform", platform),
                     ("dataset", dataset), ("schemaVersion", schemaVersion)]
        for (name, text) in names where text.isEmpty {
            throw invalid("the exchange's \(name) is empty")
        }
        for (name, value) in counts.named where value < 0 {
            throw invalid("the count \(name) is \(value); counts cannot be negative")
        }
        if timings.finished < timings.started {
            throw invalid("the exchange finished (\(ExchangeTimings.text(timings.finished))) before it started (\(ExchangeTimings.text(timings.started)))")
        }
        for (index, batch) in batches.enumerated() {
            if batch.idempotencyKey.isEmpty { throw invalid("batch \(index + 1) has an empty idempotency key") }
            if let status = batch.httpStatus, !(100...599).contains(status) {
                throw invalid("batch \(batch.idempotencyKey) has HTTP status \(status), which is not an HTTP status")
            }
            if min(batch.accepted, batch.rejected, batch.duplicates, batch.notSent) < 0 {
                throw invalid("batch \(batch.idempotencyKey) has a negative count")
            }
        }
    }

    private func invalid(_ message: String) -> LedgerError {
        LedgerError(.invalidRecord, path: nil, message,
                    hint: "Fix the ExchangeDescription the pipeline builds; nothing was written to the ledger.")
    }
}
