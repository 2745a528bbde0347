import HuitongCore

/// One target's part of a run, for the summary and `--json`.
package struct TargetRunReport: Sendable {
    package var name: String
    package var platform: String
    package var dataset: String
    package var mode: String
    package var mapped = 0
    package var setAside = 0
    package var skipped = 0
    package var unchanged = 0
    package var upserts = 0
    package var deletes = 0
    /// Of the deletes: records still in the source that the target's mapping now skips.
    package var noLongerForTarget = 0
    /// In a dry run, why the delete guard would stop the run (nil when it would not).
    package var deleteRefusal: String?
    package var accepted = 0
    package var rejected = 0
    package var notSent = 0
    /// Records the platform answered for without accounting for them (a count that does not
    /// add up, an unreadable success): not booked, resent by the next run under the same key.
    package var unconfirmed = 0
    package var retries = 0
    package var requests = 0
    /// Seconds spent waiting before attempts: 429 `Retry-After`, backoff, the token rate limit.
    package var waitedSeconds = 0.0
    /// Batches still waiting for a final answer; the next run sends them again.
    package var openBatches = 0
    package var failures: [String] = []
    /// What the run repaired on the way (a torn journal line cut off), for the operator.
    package var notes: [String] = []
    /// A stop (a signal) kept this target's remaining batches from being sent.
    package var stopped = false
    /// Wall times of the batches this run sent, for the run history and its metrics.
    package var batchSeconds = HistogramCounts.batchSeconds
    /// Records with a final fate (in batches with a final answer, or refused before sending).
    var settled = 0
    /// Records planned but without a final fate yet — in open batches or never sent: the next
    /// run sends them.
    package var recordsLeft: Int { max(0, upserts + deletes - settled) }
    /// Where the ledger entry of this exchange is, once written.
    package var ledgerEntry: String?
    /// In a dry run, the first keys that would be upserted and deleted.
    package var wouldUpsert: [String] = []
    package var wouldDelete: [String] = []

    var json: Value {
        var object = OrderedObject()
        object["target"] = .string(name)
        object["platform"] = .string(platform)
        object["dataset"] = .string(dataset)
        object["mode"] = .string(mode)
        for (key, value) in [
            ("mapped", mapped), ("setAside", setAside), ("skipped", skipped), ("unchanged", unchanged),
            ("upserts", upserts), ("deletes", deletes), ("noLongerForTarget", noLongerForTarget), ("accepted", accepted), ("rejected", rejected),
            ("notSent", notSent), ("unconfirmed", unconfirmed), ("retries", retries), ("requests", requests),
            ("openBatches", openBatches),
        ] { object[key] = .integer(Int64(value)) }
        // Milliseconds are enough to see a wait, without float noise in scripts' diffs.
        object["waitedSeconds"] = .double((waitedSeconds * 1000).rounded() / 1000)
        object["failures"] = .array(failures.prefix(20).map { .string($0) })
        if !notes.isEmpty { object["notes"] = .array(notes.map { .string($0) }) }
        if stopped { object["stopped"] = .bool(true) }
        object["recordsLeft"] = .integer(Int64(recordsLeft))
        object["ledgerEntry"] = ledgerEntry.map { .string($0) } ?? .null
        if let deleteRefusal { object["deleteRefusal"] = .string(deleteRefusal) }
        if !wouldUpsert.isEmpty || !wouldDelete.isEmpty {
            object["wouldUpsert"] = .array(wouldUpsert.map { .string($0) })
            object["wouldDelete"] = .array(wouldDelete.map { .string($0) })
        }
        return .object(object)
    }
}

/// The outcome of one job's run.
package struct JobRunReport: Sendable {
    package enum Status: String, Sendable {
        /// Everything planned reached a final answer; state and ledger are written.
        case complete
        /// Finished, but records were set aside or refused by the platform.
        case completeWithFindings = "complete-with-findings"
        /// Some batches have no final answer yet (platform unreachable, attempts exhausted, an
        /// answer that does not account for every record); nothing is lost: the next run sends
        /// exactly those batches again.
        case incomplete
        /// `--dry-run`: nothing was sent and nothing was written.
        case dryRun = "dry-run"
    }

    package var job: String
    package var runID: String
    package var test: Bool
    /// This run finished an earlier one that was interrupted, without reading the source again.
    package var resumed: Bool
    package var status: Status
    package var read = 0
    package var normalised = 0
    package var setAside = 0
    package var skipped = 0
    /// The run was started with `--allow-deletes`.
    package var deletesAllowed = false
    /// The signal that stopped the run before every batch was sent (`SIGTERM`), if one did.
    package var stoppedBy: String?
    package var targets: [TargetRunReport] = []
    package var milliseconds: Int64 = 0
    /// What the run noticed outside its targets (a torn history line cut off).
    package var notes: [String] = []

    package var exitStatus: ExitStatus {
        switch status {
        case .complete, .dryRun: .success
        case .completeWithFindings: .finishedWithFindings
        case .incomplete: .runtimeFailure
        }
    }

    package var json: Value {
        var object = OrderedObject()
        object["job"] = .string(job)
        object["run"] = .string(runID)
        object["test"] = .bool(test)
        object["resumed"] = .bool(resumed)
        object["status"] = .string(status.rawValue)
        object["read"] = .integer(Int64(read))
        object["normalised"] = .integer(Int64(normalised))
        object["setAside"] = .integer(Int64(setAside))
        object["skipped"] = .integer(Int64(skipped))
        object["deletesAllowed"] = .bool(deletesAllowed)
        object["stoppedBy"] = stoppedBy.map { .string($0) } ?? .null
        object["milliseconds"] = .integer(milliseconds)
        object["targets"] = .array(targets.map(\.json))
        if !notes.isEmpty { object["notes"] = .array(notes.map { .string($0) }) }
        return .object(object)
    }
}
