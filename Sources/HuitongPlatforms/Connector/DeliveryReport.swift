/// What a platform said about one record, or why it was not sent.
public enum DeliveryFate: Sendable, Equatable {
    /// Stored (or deleted) by the platform; a "duplicate" answer to a resend counts too.
    case accepted
    /// Refused by the platform, with its reasons; not stored.
    case rejected([PlatformReason])
    /// Never reached a verdict: the batch failed, or the record cannot travel to this platform.
    case notSent(String)
    /// The platform answered, but its answer does not account for every item sent (a count
    /// that does not add up, a rejection of an item never sent, no readable answer at all):
    /// neither accepted nor rejected. The batch stays open and is resent under the same
    /// idempotency key, which the platform answers with its first verdict. The text says
    /// what the platform answered.
    case unconfirmed(String)

    public var isAccepted: Bool { self == .accepted }
}

/// One reason a platform gave, as close to its own words as the answer allows.
public struct PlatformReason: Sendable, Hashable, CustomStringConvertible {
    public var field: String?
    public var reason: String

    public init(field: String?, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { field.map { "\($0): \(reason)" } ?? reason }
}

/// One record of a batch and its fate.
public struct RecordDelivery: Sendable, Equatable {
    public var key: String
    public var fate: DeliveryFate
}

/// One HTTP exchange of a batch (after its retries): what an auditor needs per request.
public struct RequestSummary: Sendable, Equatable {
    public var method: String
    /// The path after the base URL, without the query.
    public var path: String
    public var idempotencyKey: String?
    public var status: Int?
    public var code: String?
    public var attempts: Int
    public var duplicate: Bool
    public var milliseconds: Int64
    /// Seconds spent waiting before attempts: `Retry-After`, backoff, the token rate limit.
    public var waitedSeconds: Double = 0
}

/// Everything known about one batch after delivery.
public struct BatchReport: Sendable {
    public var dataset: String
    public var idempotencyKey: String
    public var upserts: [RecordDelivery]
    public var deletes: [RecordDelivery]
    public var requests: [RequestSummary]
    /// The platform had seen this batch before and answered with its first verdict.
    public var duplicate: Bool
    /// Why records were not sent or are unconfirmed, when the batch (or part of it) failed or
    /// the answer did not account for it.
    public var failures: [PlatformError]

    /// Attempts beyond the first, over all requests of the batch.
    public var retries: Int { requests.reduce(0) { $0 + max(0, $1.attempts - 1) } }
    /// Seconds the batch's requests waited (429 `Retry-After`, backoff, the token rate limit).
    public var waitedSeconds: Double { requests.reduce(0) { $0 + $1.waitedSeconds } }

    public var accepted: Int { (upserts + deletes).count { $0.fate == .accepted } }
    public var rejected: Int { (upserts + deletes).count { if case .rejected = $0.fate { true } else { false } } }
    public var notSent: Int { (upserts + deletes).count { if case .notSent = $0.fate { true } else { false } } }
    public var unconfirmed: Int { (upserts + deletes).count { if case .unconfirmed = $0.fate { true } else { false } } }

    mutating func absorb(_ other: BatchReport) {
        upserts += other.upserts
        deletes += other.deletes
        requests += other.requests
        duplicate = duplicate || other.duplicate
        failures += other.failures
    }
}
