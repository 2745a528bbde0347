import HuitongCore

extension ProvincePlatform {
    /// What the platform has counted since it started, for tests and the inspection endpoint.
    package struct Counters: Sendable, Equatable {
        /// Requests answered by ``ProvincePlatform/handle(_:)``, refused ones included.
        package internal(set) var requestsHandled = 0
        /// Batches applied (first deliveries; replays are not applied again).
        package internal(set) var appliedBatches = 0
        /// Replays of an applied batch answered with `"duplicate": true`.
        package internal(set) var duplicateBatches = 0
        /// Reused `batchId`s with different content (4090).
        package internal(set) var conflicts = 0
        /// Upserts rejected by field validation, over all applied batches.
        package internal(set) var rejectedItems = 0
        /// The most items (upserts plus deletes) one applied batch held.
        package internal(set) var largestBatchItems = 0
        /// Error answers by envelope code (4000, 4010, …, 5030), injected failures included.
        package internal(set) var errorsByCode: [Int: Int] = [:]

        package init() {}

        var json: Value {
            var errors = OrderedObject()
            for code in errorsByCode.keys.sorted() {
                errors[String(code)] = .integer(Int64(errorsByCode[code] ?? 0))
            }
            return [
                "requestsHandled": .integer(Int64(requestsHandled)),
                "appliedBatches": .integer(Int64(appliedBatches)),
                "duplicateBatches": .integer(Int64(duplicateBatches)),
                "conflicts": .integer(Int64(conflicts)),
                "rejectedItems": .integer(Int64(rejectedItems)),
                "largestBatchItems": .integer(Int64(largestBatchItems)),
                "errorsByCode": .object(errors),
            ]
        }
    }
}
