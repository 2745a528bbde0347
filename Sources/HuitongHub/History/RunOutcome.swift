/// How a run ended, as the run history records it.
package enum RunOutcome: String, Sendable, CaseIterable {
    /// Everything planned reached a final answer (the run report's `complete`).
    case succeeded
    /// Finished, with records set aside or refused (`complete-with-findings`).
    case finishedWithFindings = "finished-with-findings"
    /// Batches without a final answer remain (`incomplete`): the next run sends them.
    case incomplete
    /// Stopped before the end: by a signal (a clean stop, with a finished line), or killed
    /// (no finished line at all). The next run finishes what was staged.
    case interrupted
    /// Ended with an error (the history keeps its text).
    case failed
    /// Started and not finished while the job's lock is still held: going on now. Never
    /// written; only read from a started line without its finished line.
    case running

    /// Outcomes a finished line may hold.
    static let recorded: [RunOutcome] = [.succeeded, .finishedWithFindings, .incomplete, .interrupted, .failed]

    /// The run delivered what it planned: state and ledger were written.
    package var isSuccess: Bool { self == .succeeded || self == .finishedWithFindings }

    /// The run report's status as an outcome (a dry run is not recorded).
    init?(_ report: JobRunReport) {
        switch report.status {
        case .complete: self = .succeeded
        case .completeWithFindings: self = .finishedWithFindings
        case .incomplete: self = report.stoppedBy == nil ? .incomplete : .interrupted
        case .dryRun: return nil
        }
    }
}
