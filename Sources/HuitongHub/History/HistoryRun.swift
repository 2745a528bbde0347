import HuitongCore

/// One run of a job as its history records it: the started line, and the finished line once
/// the run ended (a run killed with kill -9 has none).
package struct HistoryRun: Sendable, Equatable {
    /// The history's own id for this run: a resumed run shares its pipeline run id with the
    /// run it finishes, never this one.
    package var id: String
    package var job: String
    package var test: Bool
    package var started: Timestamp
    /// The process that ran it.
    package var pid: Int
    package var finish: RunFinish?
}

/// How a run ended: the finished line.
package struct RunFinish: Sendable, Equatable {
    /// The pipeline's run id (the ledger's `runId`); nil when the run failed before it had one.
    package var run: String?
    /// It finished an interrupted run without reading the source again.
    package var resumed: Bool
    package var finished: Timestamp
    /// Measured on the monotonic clock, so a clock set back does not shorten it.
    package var milliseconds: Int64
    package var outcome: RunOutcome
    package var read: Int
    package var normalised: Int
    /// Set aside at the source stage (targets count their own).
    package var setAside: Int
    /// The signal that stopped the run, when one did.
    package var stoppedBy: String?
    /// Why the run failed, or the first failure of a target with batches left: the operator's
    /// message, which never shows a secret.
    package var error: String?
    package var targets: [TargetRunCounts]
}

/// One target's part of a finished run. The record counts are the run report's: for a run
/// that finished an interrupted one, they include what the interrupted run had answered.
package struct TargetRunCounts: Sendable, Equatable {
    package var target: String
    package var platform: String
    package var dataset: String
    package var setAside = 0
    package var upserts = 0
    package var deletes = 0
    package var accepted = 0
    package var rejected = 0
    package var notSent = 0
    package var unconfirmed = 0
    package var retries = 0
    package var waitedSeconds = 0.0
    /// Batches still without a final answer.
    package var openBatches = 0
    /// Wall times of the batches this run sent (not those an interrupted run had sent).
    package var batchSeconds = HistogramCounts.batchSeconds
    /// Where the exchange's ledger entry is, when one was written.
    package var ledgerEntry: String?

    package init(target: String, platform: String, dataset: String) {
        self.target = target
        self.platform = platform
        self.dataset = dataset
    }

    /// Records the run sent or meant to send: upserts and deletes (the ledger's `upserted` + `deleted`).
    package var sent: Int { upserts + deletes }
}

extension RunFinish {
    /// What the history keeps of a run's report.
    init(_ report: JobRunReport, outcome: RunOutcome, finished: Timestamp, milliseconds: Int64) {
        self.init(
            run: report.runID, resumed: report.resumed, finished: finished, milliseconds: milliseconds, outcome: outcome,
            read: report.read, normalised: report.normalised, setAside: report.setAside, stoppedBy: report.stoppedBy,
            error: report.targets.lazy.compactMap { $0.openBatches > 0 ? $0.failures.first : nil }.first.map(Self.bounded),
            targets: report.targets.map { target in
                var counts = TargetRunCounts(target: target.name, platform: target.platform, dataset: target.dataset)
                counts.setAside = target.setAside
                counts.upserts = target.upserts
                counts.deletes = target.deletes
                counts.accepted = target.accepted
                counts.rejected = target.rejected
                counts.notSent = target.notSent
                counts.unconfirmed = target.unconfirmed
                counts.retries = target.retries
                counts.waitedSeconds = target.waitedSeconds
                counts.openBatches = target.openBatches
                counts.batchSeconds = target.batchSeconds
                counts.ledgerEntry = target.ledgerEntry
                return counts
            }
        )
    }

    /// An error's text, at most 2000 characters: a message, not a dump.
    static func bounded(_ text: String) -> String {
        text.count <= 2000 ? text : String(text.prefix(2000)) + "…"
    }
}
