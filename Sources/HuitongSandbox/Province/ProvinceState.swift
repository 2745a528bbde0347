import HuitongCore

/// What happened to one upsert of a batch, decided by validation before the batch is applied.
enum ProvinceUpsertOutcome: Sendable {
    case accepted(key: String)
    case rejected(key: String, problems: [ProvinceFieldProblem])
}

/// Idempotency is per app key and dataset (contract §3.2).
struct ProvinceBatchIdentity: Sendable, Hashable {
    var appKey: String
    var dataset: String
    var batchId: String
}

/// A batch already applied: the digest its replays must match and the `data` it was answered with.
struct ProvinceProcessedBatch: Sendable {
    var contentDigest: Digest
    var data: OrderedObject
}

/// Everything the province platform holds and counts, kept behind the platform's one lock.
struct ProvinceState: Sendable {
    var nonces: ProvinceNonceMemory
    var production = ProvinceRecordStore()
    /// Joint-test (`test: true`) records: validated like production, never mixed with it.
    var test = ProvinceRecordStore()
    var processed: [ProvinceBatchIdentity: ProvinceProcessedBatch] = [:]
    var counters = ProvincePlatform.Counters()

    init(nonceWindowMilliseconds: Int64) {
        nonces = ProvinceNonceMemory(windowMilliseconds: nonceWindowMilliseconds)
    }

    /// Applies a validated batch once, or answers its replay, and returns the response `data`.
    ///
    /// A `batchId` seen before for this app key and dataset is not applied again: with the same
    /// content digest the original `data` comes back with `"duplicate": true`; with another,
    /// 409/4090. Otherwise the accepted upserts are stored in order (a later upsert of a key
    /// replaces an earlier one), then the deletes remove their keys. The contract does not say
    /// which comes first when one batch both upserts and deletes a key; here the delete wins.
    mutating func submit(
        _ batch: ProvinceBatch, outcomes: [ProvinceUpsertOutcome], contentDigest: Digest,
        dataset: String, appKey: String
    ) throws(ProvinceError) -> Value {
        let identity = ProvinceBatchIdentity(appKey: appKey, dataset: dataset, batchId: batch.batchId)
        if let previous = processed[identity] {
            guard previous.contentDigest == contentDigest else {
                counters.conflicts += 1
                throw .conflict(batchId: batch.batchId)
            }
            counters.duplicateBatches += 1
            var data = previous.data
            data["duplicate"] = true
            return .object(data)
        }

        let (accepted, deleted) = batch.isTest
            ? Self.apply(batch, outcomes: outcomes, dataset: dataset, to: &test)
            : Self.apply(batch, outcomes: outcomes, dataset: dataset, to: &production)

        var rejected: [Value] = []
        for (index, outcome) in outcomes.enumerated() {
            guard case let .rejected(key, problems) = outcome else { continue }
            rejected.append([
                "index": .integer(Int64(index)),
                "key": .string(key),
                "errors": .array(problems.map { ["field": .string($0.field), "reason": .string($0.reason)] }),
            ])
        }
        let data: OrderedObject = [
            "batchId": .string(batch.batchId),
            "accepted": .integer(Int64(accepted)),
            "deleted": .integer(Int64(deleted)),
            "duplicate": false,
            "rejected": .array(rejected),
        ]
        processed[identity] = ProvinceProcessedBatch(contentDigest: contentDigest, data: data)

        counters.appliedBatches += 1
        counters.rejectedItems += rejected.count
        counters.largestBatchItems = max(counters.largestBatchItems, batch.itemCount)
        return .object(data)
    }

    /// Stores the accepted upserts and removes the deleted keys; counts both. `accepted` counts
    /// every upsert that passed validation, also one a later upsert of the same key replaced, so
    /// that `accepted + rejected.count` is always the number of upserts sent.
    private static func apply(
        _ batch: ProvinceBatch, outcomes: [ProvinceUpsertOutcome], dataset: String, to store: inout ProvinceRecordStore
    ) -> (accepted: Int, deleted: Int) {
        var accepted = 0
        for (record, outcome) in zip(batch.upserts, outcomes) {
            guard case let .accepted(key) = outcome else { continue }
            store.upsert(.object(record), key: key, dataset: dataset)
            accepted += 1
        }
        var deleted = 0
        for key in batch.deletes where store.delete(key: key, dataset: dataset) {
            deleted += 1
        }
        return (accepted, deleted)
    }
}
