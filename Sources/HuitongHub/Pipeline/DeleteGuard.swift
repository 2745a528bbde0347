/// How many deletes one run may send to a sync target before the operator must say yes.
///
/// A run deletes at a platform what a complete read no longer holds. A read can be complete
/// and still wrong — an export that failed half-way but wrote a valid header, a filter that
/// matches nothing — and then it would empty a register at the province and the city. The
/// policy bounds that: up to `floor` deletes always pass (a small register is not blocked by
/// one removal) but never more than half of what the platform holds (a floor of 10 would
/// otherwise let a read of 1 record empty a register of 8), beyond it at most `maxShare` of
/// what the platform holds, and never more than `maxCount` when that is set.
/// `huitong run --allow-deletes JOB` lifts the bounds for one run.
package struct DeletePolicy: Sendable, Equatable {
    /// The largest share of the records the platform holds that one run may delete (0…1).
    package var maxShare: Double
    /// Deletes up to this many pass the share bound, as long as they are at most half of what
    /// the platform holds.
    package var floor: Int
    /// An absolute bound on the deletes of one run, when set.
    package var maxCount: Int?

    package static let standard = DeletePolicy(maxShare: 0.2, floor: 10, maxCount: nil)

    package init(maxShare: Double, floor: Int, maxCount: Int?) {
        self.maxShare = maxShare
        self.floor = floor
        self.maxCount = maxCount
    }

    /// The most deletes a run may send to a platform holding `held` records:
    /// `max(min(floor, held / 2), ⌊maxShare × held⌋)`, at most `maxCount`. A register of 3 may
    /// lose 1, one of 8 at most 4, one of 40 at most 10 (the standard policy).
    package func limit(held: Int) -> Int {
        let share = Int((maxShare * Double(held)).rounded(.down))
        let bound = max(min(floor, held / 2), share)
        return maxCount.map { min($0, bound) } ?? bound
    }
}

/// What the delete guard decided for one target: a value, so it is tested without a run.
package enum DeleteDecision: Sendable, Equatable {
    case proceed
    /// The run must not send these deletes; the reason says how many and why.
    case refuse(String)

    /// Decides whether a run may send `deletes` deletes to a target whose platform holds
    /// `held` records (as far as Huitong knows), when the current read makes `mapped` records
    /// for it. `allowed` is the operator's `--allow-deletes`.
    package static func decide(policy: DeletePolicy, held: Int, mapped: Int, deletes: Int, allowed: Bool) -> DeleteDecision {
        guard deletes > 0, !allowed else { return .proceed }
        // An empty read of a non-empty register is refused whatever the bounds say: it is far
        // more often a failed export than a register that really emptied.
        if mapped == 0 {
            return .refuse("the read makes no record for this target, yet the platform holds \(held): the run would delete all \(deletes)")
        }
        let limit = policy.limit(held: held)
        guard deletes > limit else { return .proceed }
        let percent = held > 0 ? Int((Double(deletes) * 100 / Double(held)).rounded()) : 100
        if let maxCount = policy.maxCount, deletes > maxCount, limit == maxCount {
            return .refuse("the run would delete \(deletes) of the \(held) records the platform holds, more than max_delete_count \(maxCount)")
        }
        let share = Int((policy.maxShare * 100).rounded())
        return .refuse("the run would delete \(deletes) of the \(held) records the platform holds (\(percent)%), more than max_delete_share \(share)% and delete_floor \(policy.floor) allow (at most \(limit); the floor never lets more than half of the register go)")
    }
}
