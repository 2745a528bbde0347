/// How many records reached each stage of one exchange.
///
/// The ledger stores the counts as given; it does not check that they add up, because what
/// adds up depends on the mode and on retries (see `docs/ledger.md`).
package struct ExchangeCounts: Sendable, Hashable {
    /// Records read from the source.
    package var read: Int
    /// Records that came out of the source mapping as schema records.
    package var normalised: Int
    /// Records set aside before sending (mapping rules, duplicates); listed in `rejects.jsonl`.
    package var setAside: Int
    /// Records identical to what the platform already held; not sent.
    package var unchanged: Int
    /// Records sent to be created or updated.
    package var upserted: Int
    /// Records sent to be deleted.
    package var deleted: Int
    /// Records the platform accepted (duplicates of an earlier send included).
    package var accepted: Int
    /// Records the platform refused; listed in `rejects.jsonl`.
    package var rejected: Int
    /// Records that never reached a verdict (a failed batch, a record the platform cannot take).
    package var notSent: Int
    /// Requests repeated after a retryable failure, over all batches.
    package var retries: Int

    package init(
        read: Int = 0, normalised: Int = 0, setAside: Int = 0, unchanged: Int = 0,
        upserted: Int = 0, deleted: Int = 0, accepted: Int = 0, rejected: Int = 0,
        notSent: Int = 0, retries: Int = 0
    ) {
        self.read = read
        self.normalised = normalised
        self.setAside = setAside
        self.unchanged = unchanged
        self.upserted = upserted
        self.deleted = deleted
        self.accepted = accepted
        self.rejected = rejected
        self.notSent = notSent
        self.retries = retries
    }

    /// The counts with their manifest names, in the order people read them.
    var named: [(name: String, value: Int)] {
        [
            ("read", read), ("normalised", normalised), ("setAside", setAside), ("unchanged", unchanged),
            ("upserted", upserted), ("deleted", deleted), ("accepted", accepted), ("rejected", rejected),
            ("notSent", notSent), ("retries", retries),
        ]
    }
}
