import HuitongCore

/// What happened to one target's batches in this run, counted from its journal lines.
struct PushedTarget: Sendable {
    var accepted = 0
    var rejected = 0
    var notSent = 0
    /// Records whose answer did not account for them: neither accepted nor rejected, resent
    /// by the next run under the same idempotency key.
    var unconfirmed = 0
    var retries = 0
    /// Seconds the connector waited for this target's batches (Retry-After, backoff, token rate).
    var waitedSeconds = 0.0
    var requests = 0
    var batches = 0
    /// Batches that must be sent again by the next run (no final answer yet).
    var open = 0
    var failures: [String] = []
    /// What the run repaired on the way (a torn journal line cut off).
    var notes: [String] = []
    /// A stop was requested (a signal): batches after the ones in flight were not sent.
    var stopped = false
    /// Records with a final fate: in batches with a final answer, or refused by the planner.
    var settled = 0
    /// Wall times of the batches sent by this run.
    var batchSeconds = HistogramCounts.batchSeconds

    /// Records with an answer so far, for progress.
    var answered: Int { accepted + rejected + notSent + unconfirmed }

    mutating func add(_ line: JournalLine) {
        batches += 1
        retries += line.retries
        waitedSeconds += line.waitedSeconds
        requests += line.requests.count
        if line.final { settled += line.fates.count } else { open += 1 }
        failures += line.failures
        for fate in line.fates {
            switch fate.outcome {
            case .accepted: accepted += 1
            case .rejected: rejected += 1
            case .unconfirmed: unconfirmed += 1
            case .notSent: notSent += 1
            }
        }
    }

    /// Counts `new` instead of `old`, a line of the same batch journaled earlier in this run.
    mutating func replace(_ old: JournalLine, with new: JournalLine) {
        var without = PushedTarget()
        without.add(old)
        batches -= without.batches
        retries -= without.retries
        waitedSeconds -= without.waitedSeconds
        requests -= without.requests
        open -= without.open
        settled -= without.settled
        accepted -= without.accepted
        rejected -= without.rejected
        unconfirmed -= without.unconfirmed
        notSent -= without.notSent
        for failure in without.failures {
            if let index = failures.firstIndex(of: failure) { failures.remove(at: index) }
        }
        add(new)
    }
}
