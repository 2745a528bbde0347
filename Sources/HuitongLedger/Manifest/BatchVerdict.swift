/// What the platform said about one batch: how an auditor matches the ledger against the
/// platform's own log (by idempotency key).
package struct BatchVerdict: Sendable, Hashable {
    /// The idempotency key (batch id) the batch was sent with.
    package var idempotencyKey: String
    /// The HTTP status of the final answer; `nil` when no answer came (network failure).
    package var httpStatus: Int?
    /// Records of the batch the platform accepted.
    package var accepted: Int
    /// Records of the batch the platform refused.
    package var rejected: Int
    /// Records the platform reported as duplicates of an earlier send (counted as accepted too).
    package var duplicates: Int
    /// Records of the batch that never got a verdict.
    package var notSent: Int
    /// Milliseconds from sending the batch to its final answer, retries and waits included;
    /// `nil` when not measured (format 1 manifests, journals from before it was measured).
    package var milliseconds: Int64?

    package init(idempotencyKey: String, httpStatus: Int?, accepted: Int, rejected: Int, duplicates: Int = 0, notSent: Int = 0, milliseconds: Int64? = nil) {
        self.idempotencyKey = idempotencyKey
        self.httpStatus = httpStatus
        self.accepted = accepted
        self.rejected = rejected
        self.duplicates = duplicates
        self.notSent = notSent
        self.milliseconds = milliseconds
    }
}
