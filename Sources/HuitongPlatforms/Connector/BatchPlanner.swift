import HuitongCore
import FoundationEssentials

/// Fills batches for one dataset up to the platform's item and byte limits.
///
/// Records are encoded once, as they arrive; a batch is sealed when the next record would
/// not fit, so memory is bounded by one batch. Feed records in a stable order: the same
/// records in the same order make the same batches with the same idempotency keys.
package struct BatchPlanner: Sendable {
    /// What adding one record did.
    package enum Step: Sendable {
        /// Taken into the open batch.
        case added
        /// Taken; the batch before it was full and is handed out.
        case sealed(OutgoingBatch)
        /// Cannot travel to this platform at all (larger than a whole batch, or the platform
        /// takes no deletes here); the reason says which.
        case refused(String)
    }

    package let platform: String
    package let dataset: DatasetProfile
    package let test: Bool
    package let scope: String
    private let keyLength: Int
    private let envelopeOverhead: Int
    private var upserts: [OutgoingRecord] = []
    private var upsertItems: [[UInt8]] = []
    private var deletes: [String] = []
    private var deleteItems: [[UInt8]] = []
    private var bytes = 0
    /// The profile's batch item is the bare record (`upsert_item` absent or `"{record}"`).
    private let bareRecordItems: Bool

    init(platform: String, dataset: DatasetProfile, test: Bool, scope: String, lookup: @escaping @Sendable (String) -> Value?) {
        self.platform = platform
        self.dataset = dataset
        self.test = test
        self.scope = scope
        keyLength = dataset.push.idempotency.length ?? 40
        if case .variable("record") = dataset.push.upsertItem { bareRecordItems = true } else { bareRecordItems = false }
        envelopeOverhead = BatchBodyBuilder(push: dataset.push, lookup: lookup).overhead(test: test, dataset: dataset.name)
    }

    private var limits: BatchLimits { dataset.push.limits }

    /// Deletes travelling as separate requests do not fill the body.
    private var deletesInBody: Bool {
        switch dataset.push.deletes {
        case .envelope, .flag: true
        case .none, .request: false
        }
    }

    private var itemCount: Int { upserts.count + (deletesInBody ? deletes.count : 0) }

    package mutating func add(_ record: OutgoingRecord) -> Step {
        let item: [UInt8]
        if bareRecordItems, let encoded = record.encodedPayload {
            // The item is the record itself, and the caller has its JSON: sent as it is.
            item = encoded
        } else {
            do {
                item = try JSONWriter().bytes(for: try dataset.push.upsertItem.render { name in
                    switch name {
                    case "record": .object(record.payload)
                    case "key": .string(record.key)
                    case "key_fields": .object(keyFields(record.key))
                    default: nil
                    }
                })
            } catch {
                return .refused("the record cannot be encoded: \(error)")
            }
        }
        return place(item) { planner in
            planner.upserts.append(record)
            planner.upsertItems.append(item)
        }
    }

    package mutating func add(delete key: String) -> Step {
        let item: [UInt8]
        switch dataset.push.deletes {
        case .none:
            return .refused("\(platform) takes no deletes for \(dataset.name)")
        case .request:
            item = []
        case let .envelope(template), let .flag(template):
            do {
                let value = try template.render { name in
                    switch name {
                    case "key": .string(key)
                    case "key_fields": .object(keyFields(key))
                    default: nil
                    }
                }
                item = try JSONWriter().bytes(for: value)
            } catch {
                return .refused("the delete cannot be encoded: \(error)")
            }
        }
        return place(item) { planner in
            planner.deletes.append(key)
            planner.deleteItems.append(item)
        }
    }

    /// Hands out the open batch, if it holds anything.
    package mutating func finish() -> OutgoingBatch? {
        guard !upserts.isEmpty || !deletes.isEmpty else { return nil }
        return seal()
    }

    private mutating func place(_ item: [UInt8], _ take: (inout BatchPlanner) -> Void) -> Step {
        let counts = !item.isEmpty
        let itemBytes = item.count + 1  // the comma before it
        if let limit = limits.bytes, counts, envelopeOverhead + itemBytes > limit {
            return .refused("the record is \(item.count) bytes; \(platform) takes at most \(limit) bytes per batch")
        }
        var sealed: OutgoingBatch?
        let full = (counts && itemCount >= limits.items)
            || (!counts && deletes.count >= limits.items)
            || (counts && limits.bytes.map { envelopeOverhead + bytes + itemBytes > $0 } ?? false)
        if full, !upserts.isEmpty || !deletes.isEmpty { sealed = seal() }
        take(&self)
        if counts { bytes += itemBytes }
        return sealed.map { .sealed($0) } ?? .added
    }

    private mutating func seal() -> OutgoingBatch {
        let key = OutgoingBatch.deriveKey(
            platform: platform, dataset: dataset.name, test: test, scope: scope,
            upsertItems: upsertItems, deletes: deletes, length: keyLength
        )
        let batch = OutgoingBatch(
            dataset: dataset.name, test: test, scope: scope, idempotencyKey: key, upserts: upserts,
            deletes: deletes, upsertItems: upsertItems, deleteItems: deleteItems
        )
        upserts = []
        upsertItems = []
        deletes = []
        deleteItems = []
        bytes = 0
        return batch
    }

    /// A key split back into the dataset's key fields (`{jbqbm: …, smrq: …}`).
    private func keyFields(_ key: String) -> OrderedObject {
        let parts = dataset.key.count > 1
            ? key.components(separatedBy: dataset.push.keySeparator) : [key]
        var object = OrderedObject()
        for (index, field) in dataset.key.enumerated() {
            object[field] = .string(index < parts.count ? parts[index] : "")
        }
        return object
    }
}

extension PlatformConnector {
    /// A planner for one dataset of this platform.
    ///
    /// - Parameter scope: the caller's exchange identifier (see `OutgoingBatch.scope`).
    package func planner(dataset name: String, test: Bool, scope: String) throws(PlatformError) -> BatchPlanner {
        guard let dataset = profile.dataset(named: name) else {
            throw PlatformError(
                kind: .configuration, platform: settings.name, request: "batches for \(name)", attempts: 0,
                detail: "the profile \(profile.name) has no dataset \(name); it has \(profile.datasets.map(\.name).joined(separator: ", "))"
            )
        }
        return BatchPlanner(platform: settings.name, dataset: dataset, test: test, scope: scope, lookup: lookup)
    }
}
