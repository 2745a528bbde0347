/// What the platform said about one batch: how an auditor matches the ledger against the
/// platform's own log (by idempotency key).
public struct BatchVerdict: Sendable, Hashable {
    /// The idempotency key (batch id) the batch was sent with.
    public var idempotencyKey: String
    /// The HTTP status of the final answer; `nil` when no answer came (network failure).
    public var httpStatus: Int?
    /// Records of the batch the platform accepted.
    public var accepted: Int
    /// Records of the batch the platform refused.
    public var rejected: Int
    /// Records the platform reported as duplicates of an earlier send (counted as accepted too).
    public var duplicates: Int
    /// Records of the batch that never got a verdict.
    public var notSent: Int

    public init(idempotencyKey: String, httpStatus: Int?, accepted: Int, rejected: Int, duplicates: Int = 0, notSent: Int = 0) {
        self.idempotencyKey = idempotencyKey
        self.httpStatus = httpStatus
        self.accepted = accepted
        self.rejected = rejected
        self.duplicates = duplicates
        self.notSent = notSent
    }
}
