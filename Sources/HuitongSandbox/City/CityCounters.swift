import HuitongCore

extension CityPlatform {
    /// What the city platform has counted since it started, for tests and operators.
    package struct Counters: Sendable, Equatable {
        /// Every request answered by `handle` (injected faults are the host's to count).
        package var requests = 0
        /// Resource and event batches processed (HTTP 200), not counting replays.
        package var appliedBatches = 0
        /// Items stored by those batches.
        package var acceptedItems = 0
        /// Items refused by those batches (`failed` entries).
        package var rejectedItems = 0
        /// Requests answered with a remembered first answer (same `Idempotency-Key`, same body).
        package var duplicates = 0
        /// Requests refused with `IDEMPOTENCY_CONFLICT`.
        package var conflicts = 0
        /// The most items in one processed batch.
        package var largestBatch = 0
        /// Resources deleted.
        package var deletions = 0
        /// Access tokens issued.
        package var tokensIssued = 0
        /// Error answers by envelope code (`INVALID_PARAM`: 3).
        package var errorsByCode: [String: Int] = [:]

        package init() {}

        mutating func count(_ reply: CityReply) {
            requests += 1
            if reply.code != .ok { errorsByCode[reply.code.rawValue, default: 0] += 1 }
        }

        var json: Value {
            var object = OrderedObject()
            object["requests"] = .integer(Int64(requests))
            object["appliedBatches"] = .integer(Int64(appliedBatches))
            object["acceptedItems"] = .integer(Int64(acceptedItems))
            object["rejectedItems"] = .integer(Int64(rejectedItems))
            object["duplicates"] = .integer(Int64(duplicates))
            object["conflicts"] = .integer(Int64(conflicts))
            object["largestBatch"] = .integer(Int64(largestBatch))
            object["deletions"] = .integer(Int64(deletions))
            object["tokensIssued"] = .integer(Int64(tokensIssued))
            object["errorsByCode"] = .object(OrderedObject(uniqueKeysWithValues:
                errorsByCode.sorted { $0.key < $1.key }.map { ($0.key, Value.integer(Int64($0.value))) }))
            return .object(object)
        }
    }
}
