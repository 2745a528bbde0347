import HuitongCore

/// One line of a job's run history, `state/<job>[/test]/history.jsonl`: JSON Lines, appended
/// and synced as each run starts and ends, read by `huitong history`, `huitong status` and the
/// metrics. Encoded in `HistoryLine+Encoding.swift` and decoded strictly in
/// `HistoryLine+Decoding.swift`, the one place each.
///
///     {"history": "started", "id", "job", "test", "started", "pid"}
///     {"history": "finished", "id", "job", "test", "pid", "run", "resumed", "started", "finished",
///      "milliseconds", "outcome", "read", "normalised", "setAside", "stoppedBy", "error",
///      "targets": [{"target", "platform", "dataset", COUNTS, "openBatches", "ledgerEntry"}]}
///     {"history": "carried", "job", "test", "through", "runs": {outcome: n}, "read",
///      "normalised", "setAside", "lastSuccess", "targets": [{"target", "platform", "dataset",
///      COUNTS, "lastSuccess"}]}
///
/// COUNTS are `setAside`, `upserts`, `deletes`, `accepted`, `rejected`, `notSent`,
/// `unconfirmed`, `retries`, `waitedSeconds` and `batchSeconds` (`{"le": [bounds], "counts":
/// [per bucket, the last above every bound], "sum"}`). Times are RFC 3339 in Beijing time with
/// milliseconds. A `carried` line, first in the file, holds the totals of the runs the history
/// dropped to stay bounded.
enum HistoryLine: Sendable, Equatable {
    case started(HistoryRun)
    /// The run with its finish (`HistoryRun.finish` is set).
    case finished(HistoryRun)
    case carried(CarriedTotals)

    static let format = "huitong run history"
}

/// The totals of the runs a history dropped, and up to when.
struct CarriedTotals: Sendable, Equatable {
    var job: String
    var test: Bool
    /// When the last run it holds started.
    var through: Timestamp
    var totals: HistoryTotals
}
