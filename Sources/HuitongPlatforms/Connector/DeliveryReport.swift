/// What a platform said about one record, or why it was not sent.
package enum DeliveryFate: Sendable, Equatable {
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

    package var isAccepted: Bool { self == .accepted }
}

/// One reason a platform gave, as close to its own words as the answer allows.
package struct PlatformReason: Sendable, Hashable, CustomStringConvertible {
    package var field: String?
    package var reason: String

    package init(field: String?, reason: String) {
        self.field = field
        self.reason = reason
    }

    package var description: String { field.map { "\($0): \(reason)" } ?? reason }
}

/// One record of a batch and its fate.
package struct RecordDelivery: Sendable, Equatable {
    package var key: String
    package var fate: DeliveryFate
}

/// One HTTP exchange of a batch (after its retries): what an auditor needs per request.
package struct RequestSummary: Sendable, Equatable {
    package var method: String
    /// The path after the base URL, without the query.
    package var path: String
    package var idempotencyKey: String?
    package var status: Int?
    package var code: String?
    package var attempts: Int
    package var duplicate: Bool
    package var milliseconds: Int64
    /// Seconds spent waiting before attempts: `Retry-After`, backoff, the token rate limit.
    package var waitedSeconds: Double = 0
}

/// Everything known about one batch after delivery.
package struct BatchReport: Sendable {
    package var dataset: String
    package var idempotencyKey: String
    package var upserts: [RecordDelivery]
    package var deletes: [RecordDelivery]
    package var requests: [RequestSummary]
    /// The platform had seen this batch before and answered with its first verdict.
    package var duplicate: Bool
    /// Why records were not sent or are unconfirmed, when the batch (or part of it) failed or
    /// the answer did not account for it.
    package var failures: [PlatformError]
    /// Seconds from sending the batch to its answer (retries and waits included), on the
    /// monotonic clock; 0 for a report not made by the push loop.
    package var seconds: Double = 0

    /// Attempts beyond the first, over all requests of the batch.
    package var retries: Int { requests.reduce(0) { $0 + max(0, $1.attempts - 1) } }
    /// Seconds the batch's requests waited (429 `Retry-After`, backoff, the token rate limit).
    package var waitedSeconds: Double { requests.reduce(0) { $0 + $1.waitedSeconds } }

    package var accepted: Int { (upserts + deletes).count { $0.fate == .accepted } }
    package var rejected: Int { (upserts + deletes).count { if case .rejected = $0.fate { true } else { false } } }
    package var notSent: Int { (upserts + deletes).count { if case .notSent = $0.fate { true } else { false } } }
    package var unconfirmed: Int { (upserts + deletes).count { if case .unconfirmed = $0.fate { true } else { false } } }

    mutating func absorb(_ other: BatchReport) {
        upserts += other.upserts
        deletes += other.deletes
        requests += other.requests
        duplicate = duplicate || other.duplicate
        failures += other.failures
    }
}
