import HuitongCore

/// What a job's runs add up to: runs by outcome, the records of every exchange that was
/// written, batch wall times, the last successes. Metrics are built from it, and a history
/// that drops its oldest runs keeps theirs in a `carried` line, so nothing it counted is lost.
///
/// Records are counted from the runs that wrote their exchange (succeeded, or finished with
/// findings): a run that left batches open is finished by a later run whose report counts
/// them all, so the totals equal the sums of the ledger's counts. Batch wall times are counted
/// from every run: each batch is timed by the run that sent it.
package struct HistoryTotals: Sendable, Equatable {
    /// Finished runs by outcome (interrupted ones included; a running one is not finished).
    package var runs: [RunOutcome: Int] = [:]
    package var read = 0
    package var normalised = 0
    /// Set aside at the source stage.
    package var setAside = 0
    package var lastSuccess: Timestamp?
    /// Per target, in the order the targets were first seen.
    package var targets: [TargetTotals] = []

    package init() {}

    /// Counts `run`, which ended with `outcome`.
    package mutating func add(_ run: HistoryRun, outcome: RunOutcome) {
        guard outcome != .running else { return }
        runs[outcome, default: 0] += 1
        guard let finish = run.finish else { return }
        let success = outcome.isSuccess
        if success {
            read += finish.read
            normalised += finish.normalised
            setAside += finish.setAside
            lastSuccess = max(lastSuccess ?? finish.finished, finish.finished)
        }
        for counts in finish.targets {
            var added = TargetTotals(TargetRunCounts(target: counts.target, platform: counts.platform, dataset: counts.dataset))
            added.counts.batchSeconds = counts.batchSeconds
            if success {
                added.counts.add(counts)
                added.lastSuccess = finish.finished
            }
            add(added)
        }
    }

    /// Adds `other`'s totals (an older part of the same history).
    package mutating func add(_ other: HistoryTotals) {
        runs.merge(other.runs, uniquingKeysWith: +)
        read += other.read
        normalised += other.normalised
        setAside += other.setAside
        lastSuccess = [lastSuccess, other.lastSuccess].compactMap { $0 }.max()
        for target in other.targets { add(target) }
    }

    private mutating func add(_ target: TargetTotals) {
        guard let index = targets.firstIndex(where: { $0.counts.target == target.counts.target }) else {
            targets.append(target)
            return
        }
        targets[index].counts.add(target.counts)
        targets[index].counts.batchSeconds.add(target.counts.batchSeconds)
        targets[index].lastSuccess = [targets[index].lastSuccess, target.lastSuccess].compactMap { $0 }.max()
    }
}

/// One target's totals: its record counts (no open batches, no ledger entry) and its last success.
package struct TargetTotals: Sendable, Equatable {
    package var counts: TargetRunCounts
    package var lastSuccess: Timestamp?

    package init(_ counts: TargetRunCounts, lastSuccess: Timestamp? = nil) {
        self.counts = counts
        self.lastSuccess = lastSuccess
    }
}

extension TargetRunCounts {
    /// Adds `other`'s record counts (not its batch wall times, open batches or ledger entry).
    package mutating func add(_ other: TargetRunCounts) {
        setAside += other.setAside
        upserts += other.upserts
        deletes += other.deletes
        accepted += other.accepted
        rejected += other.rejected
        notSent += other.notSent
        unconfirmed += other.unconfirmed
        retries += other.retries
        waitedSeconds += other.waitedSeconds
    }
}
