import HuitongCore

/// What a platform's answer to one batch request says about each item it carried, once the
/// answer has been checked to account for every one of them. Pure: the batch and the answer
/// in, fates out; no I/O.
///
/// Huitong books as accepted only what the answer accounts for. Strictly, as the profile's
/// `push.outcome` declares it, the answer must
/// - be JSON, with an object wherever a declared path leads (`data: null` says nothing);
/// - point every rejection at an item the request carried (an index in range, a key sent),
///   and at each item at most once;
/// - carry every declared count and reconcile it: `received` is the items sent, `accepted`
///   the items sent minus the rejections listed, `deleted` between 0 and the deletes sent
///   minus those rejected (deleting an unknown key counts nothing);
/// - name the batch's own idempotency key where it echoes one (`batch_id`).
///
/// Anything else leaves every item of the request *unconfirmed*, with a reason naming what
/// the platform answered: not accepted, not rejected, to be resent under the same key.
struct BatchAnswer: Sendable, Equatable {
    var upserts: [RecordDelivery]
    var deletes: [RecordDelivery]
    /// The platform says it saw this batch before and answered with its first verdict.
    var duplicate: Bool
    /// Why the answer does not account for the batch; nil when it does.
    var unconfirmed: String?

    /// Reads `answer` (nil: the body was not JSON) to the request that carried `batch`.
    /// - Parameter flagDeletes: the deletes are items of the same list as the upserts, so
    ///   index pointers go on past the upserts into them.
    init(reading answer: Value?, of batch: OutgoingBatch, outcome: OutcomeShape, flagDeletes: Bool) {
        do throws(Unaccounted) {
            let verdict = try Self.verdict(answer, batch: batch, outcome: outcome, flagDeletes: flagDeletes)
            upserts = zip(batch.upserts, verdict.upserts).map { RecordDelivery(key: $0.key, fate: $1) }
            deletes = zip(batch.deletes, verdict.deletes).map { RecordDelivery(key: $0, fate: $1) }
            duplicate = verdict.duplicate
            unconfirmed = nil
        } catch {
            upserts = batch.upserts.map { RecordDelivery(key: $0.key, fate: .unconfirmed(error.reason)) }
            deletes = batch.deletes.map { RecordDelivery(key: $0, fate: .unconfirmed(error.reason)) }
            duplicate = false
            unconfirmed = error.reason
        }
    }

    /// Every item of `batch` unconfirmed for `reason` (an answer that could not be read at all).
    init(unconfirmed reason: String, of batch: OutgoingBatch) {
        upserts = batch.upserts.map { RecordDelivery(key: $0.key, fate: .unconfirmed(reason)) }
        deletes = batch.deletes.map { RecordDelivery(key: $0, fate: .unconfirmed(reason)) }
        duplicate = false
        unconfirmed = reason
    }

    /// Why an answer does not account for its batch.
    private struct Unaccounted: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func verdict(
        _ answer: Value?, batch: OutgoingBatch, outcome: OutcomeShape, flagDeletes: Bool
    ) throws(Unaccounted) -> (upserts: [DeliveryFate], deletes: [DeliveryFate], duplicate: Bool) {
        var upsertFates = [DeliveryFate](repeating: .accepted, count: batch.upserts.count)
        var deleteFates = [DeliveryFate](repeating: .accepted, count: batch.deletes.count)
        let accounting = outcome.accounting
        let declared = [outcome.duplicatePath, outcome.rejected?.list, accounting?.received?.path, accounting?.accepted?.path,
                        accounting?.deleted, accounting?.batchID].compactMap { $0 }
        // A profile that reads nothing from the answer takes the status (and success field) as the verdict.
        guard !declared.isEmpty else { return (upsertFates, deleteFates, false) }
        guard let answer else { throw Unaccounted("the answer is not JSON, so it says nothing about the items sent") }
        for path in declared { try requireContainer(of: path, in: answer) }

        var duplicate = false
        if let path = outcome.duplicatePath, let flag = path.value(in: answer), !flag.isNull {
            guard case let .bool(value) = flag else { throw Unaccounted("\(path) is \(show(flag)), not true or false") }
            duplicate = value
        }

        // Rejections, each pointing at one item the request carried.
        var rejectedUpserts = 0
        var rejectedDeletes = 0
        if let shape = outcome.rejected {
            let entries: [Value]
            switch shape.list.value(in: answer) {
            case nil, .null?: entries = []
            case let .array(list)?: entries = list
            case let other?: throw Unaccounted("\(shape.list) is \(show(other)), not a list")
            }
            var rejectionsOfKey: [String: Int] = [:]
            for entry in entries {
                let reasons = reasons(in: entry, shape: shape)
                let pointer = shape.field.value(in: entry)
                switch shape.by {
                case .index:
                    guard let index = pointer?.integerValue.map(Int.init) else {
                        throw Unaccounted("the platform listed a rejection without an index at \(shape.field): \(show(entry))")
                    }
                    let carried = batch.upserts.count + (flagDeletes ? batch.deletes.count : 0)
                    if batch.upserts.indices.contains(index) {
                        guard case .accepted = upsertFates[index] else { throw Unaccounted("the platform rejected item \(index) twice") }
                        upsertFates[index] = .rejected(reasons)
                        rejectedUpserts += 1
                    } else if flagDeletes, batch.deletes.indices.contains(index - batch.upserts.count) {
                        guard case .accepted = deleteFates[index - batch.upserts.count] else { throw Unaccounted("the platform rejected item \(index) twice") }
                        deleteFates[index - batch.upserts.count] = .rejected(reasons)
                        rejectedDeletes += 1
                    } else {
                        throw Unaccounted("the platform rejected item \(index), but the request carried \(carried) item\(carried == 1 ? "" : "s")")
                    }
                case .key:
                    guard let pointer, !pointer.isNull else {
                        throw Unaccounted("the platform listed a rejection without a key at \(shape.field): \(show(entry))")
                    }
                    let key = PlatformTemplate.text(of: pointer)
                    // One entry per item: a key the batch carries twice may be rejected twice,
                    // and then (the answer cannot say which) every item with it is rejected.
                    let upsertIndexes = batch.upserts.indices.filter { batch.upserts[$0].key == key }
                    let deleteIndexes = batch.deletes.indices.filter { batch.deletes[$0] == key }
                    guard !upsertIndexes.isEmpty || !deleteIndexes.isEmpty else {
                        throw Unaccounted("the platform rejected \"\(key)\", which the request did not carry")
                    }
                    rejectionsOfKey[key, default: 0] += 1
                    guard rejectionsOfKey[key]! <= upsertIndexes.count + deleteIndexes.count else {
                        throw Unaccounted("the platform rejected \"\(key)\" more often than the request carried it")
                    }
                    if !upsertIndexes.isEmpty {
                        for index in upsertIndexes { upsertFates[index] = .rejected(reasons) }
                        rejectedUpserts += 1
                    } else {
                        for index in deleteIndexes { deleteFates[index] = .rejected(reasons) }
                        rejectedDeletes += 1
                    }
                }
            }
        }

        guard let accounting else { return (upsertFates, deleteFates, duplicate) }
        let sent = (upserts: batch.upserts.count, deletes: batch.deletes.count)
        func sentCount(_ items: AccountingShape.Items) -> Int {
            switch items {
            case .upserts: sent.upserts
            case .deletes: sent.deletes
            case .items: sent.upserts + sent.deletes
            }
        }
        func rejectedCount(_ items: AccountingShape.Items) -> Int {
            switch items {
            case .upserts: rejectedUpserts
            case .deletes: rejectedDeletes
            case .items: rejectedUpserts + rejectedDeletes
            }
        }
        func listed(_ rejections: Int) -> String {
            switch rejections {
            case 0: "listed no rejection"
            case 1: "listed 1 rejection"
            default: "listed \(rejections) rejections"
            }
        }
        if let received = accounting.received {
            let count = try number(at: received.path, in: answer)
            let expected = sentCount(received.items)
            guard count == expected else {
                throw Unaccounted("the platform answered \(received.path) \(count) for \(expected) \(received.items.rawValue) sent")
            }
        }
        if let accepted = accounting.accepted {
            let count = try number(at: accepted.path, in: answer)
            let expected = sentCount(accepted.items) - rejectedCount(accepted.items)
            guard count == expected else {
                throw Unaccounted("the platform answered \(accepted.path) \(count) for \(sentCount(accepted.items)) \(accepted.items.rawValue) and \(listed(rejectedCount(accepted.items)))")
            }
        }
        if let deleted = accounting.deleted {
            let count = try number(at: deleted, in: answer)
            let most = sent.deletes - rejectedDeletes
            guard (0...max(0, most)).contains(count) else {
                throw Unaccounted("the platform answered \(deleted) \(count) for \(sent.deletes) deletes and \(listed(rejectedDeletes))")
            }
        }
        if let path = accounting.batchID {
            guard let echoed = path.value(in: answer), !echoed.isNull else {
                throw Unaccounted("the answer names no batch at \(path)")
            }
            guard echoed.stringValue == batch.idempotencyKey else {
                throw Unaccounted("the platform answered\(duplicate ? " duplicate: true" : "") for batch \(show(echoed)) at \(path), not for this batch's \(batch.idempotencyKey)")
            }
        }
        return (upsertFates, deleteFates, duplicate)
    }

    /// Every step of `path` but the last must lead to an object: `data.accepted` needs `data`.
    private static func requireContainer(of path: ValuePath, in answer: Value) throws(Unaccounted) {
        var current = answer
        var walked: [String] = []
        for component in path.components {
            guard case .object = current else {
                let place = walked.isEmpty ? "the answer is \(show(current))" : "\(walked.joined(separator: ".")) is \(show(current))"
                throw Unaccounted("the answer has no \(path): \(place)")
            }
            walked.append(component)
            guard let next = current[component] else {
                // The last step may be missing (a list left out, a flag not set); the counts check it.
                if walked.count == path.components.count { return }
                throw Unaccounted("the answer has no \(path): \(walked.joined(separator: ".")) is missing")
            }
            current = next
        }
    }

    private static func number(at path: ValuePath, in answer: Value) throws(Unaccounted) -> Int {
        guard let value = path.value(in: answer) else { throw Unaccounted("the answer has no count at \(path)") }
        guard let count = value.integerValue else { throw Unaccounted("\(path) is \(show(value)), not a count") }
        return Int(count)
    }

    /// A value as the platform wrote it, cut short for a message.
    static func show(_ value: Value) -> String {
        let text = (try? JSONWriter().string(for: value)) ?? "\(value)"
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    /// The reasons of one rejection entry, as close to the platform's words as the shape allows.
    static func reasons(in entry: Value, shape: RejectedShape) -> [PlatformReason] {
        if let list = shape.reasonList, let items = list.value(in: entry)?.arrayValue, !items.isEmpty {
            return items.map { item in
                PlatformReason(
                    field: shape.reasonField.flatMap { $0.value(in: item) }.map(PlatformTemplate.text(of:)),
                    reason: shape.reasonText.flatMap { $0.value(in: item) }.map(PlatformTemplate.text(of:)) ?? PlatformTemplate.text(of: item)
                )
            }
        }
        if let message = shape.message.flatMap({ $0.value(in: entry) }) {
            return [PlatformReason(field: nil, reason: PlatformTemplate.text(of: message))]
        }
        return [PlatformReason(field: nil, reason: PlatformTemplate.text(of: entry))]
    }
}
