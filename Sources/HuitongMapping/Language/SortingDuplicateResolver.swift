import Foundation
import HuitongCore

/// `DuplicateResolver` for reads of any size, with memory bounded by a sort chunk, not by the
/// number of records or keys.
///
/// Each record goes, with its key, order value and reference, to an `ExternalSorter`, which
/// holds a chunk of them encoded and writes each full chunk as a sorted run to a scratch file.
/// `finish` merges the runs — in key order, a key's records in arrival order — and decides
/// each key's group exactly as `DuplicateResolver` does (the rule's preferred record wins),
/// handing out winners in key order (UTF-8 byte order) and every loser. Records are read back
/// as the runs stream past, never one by one from a random place in a file. Scratch files are
/// unlinked as soon as they are made: a crash leaves nothing behind.
package final class SortingDuplicateResolver {
    package let rule: DeduplicationRule
    private let sorter: ExternalSorter

    /// - Parameters:
    ///   - directory: where the scratch files are made (and at once unlinked).
    ///   - chunkSize: records held in memory before a sorted run is written (fewer when their
    ///     encoded bytes reach `ExternalSorter.chunkBytes`).
    package init(rule: DeduplicationRule, directory: String = NSTemporaryDirectory(), chunkSize: Int = 50_000) throws {
        self.rule = rule
        sorter = ExternalSorter(directory: directory, chunkSize: chunkSize)
    }

    /// Records offered so far.
    package var count: Int { sorter.count }

    /// Offers a mapped record; `reference` comes back with it (a source location, a row number).
    package func add(_ record: OrderedObject, reference: Value) throws {
        let order = rule.orderBy.flatMap { record[$0] } ?? .null
        try sorter.add(key: rule.keyText(of: record), value: [order, reference, .object(record)])
    }

    /// Decides every key: `winner` is called once per key, in key order, `loser` for every
    /// displaced record.
    package func finish(
        winner: (OrderedObject, Value) throws -> Void, loser: (OrderedObject, Value) throws -> Void
    ) throws {
        var current: (key: String, entry: Entry)?
        try sorter.forEachSorted { key, value in
            let entry = try Entry(value)
            guard let held = current, held.key == key else {
                if let held = current { try winner(held.entry.record, held.entry.reference) }
                current = (key, entry)
                return
            }
            if rule.prefers(probe(entry.order), over: probe(held.entry.order)) {
                try loser(held.entry.record, held.entry.reference)
                current = (key, entry)
            } else {
                try loser(entry.record, entry.reference)
            }
        }
        if let held = current { try winner(held.entry.record, held.entry.reference) }
    }

    /// The reason a loser is set aside with (as `DuplicateResolver` gives it).
    package func reason(for loser: OrderedObject) -> MappingIssue {
        DuplicateResolver<Int>(rule: rule).reason(for: loser)
    }

    /// One record as the sorter gives it back.
    private struct Entry {
        var order: Value
        var reference: Value
        var record: OrderedObject

        init(_ value: Value) throws {
            guard case let .array(parts) = value, parts.count == 3, case let .object(record) = parts[2] else {
                throw CocoaError(.fileReadCorruptFile)
            }
            order = parts[0]
            reference = parts[1]
            self.record = record
        }
    }

    /// A record holding only the order field, which is all `prefers` reads.
    private func probe(_ order: Value) -> OrderedObject {
        var object = OrderedObject()
        if let orderBy = rule.orderBy { object[orderBy] = order }
        return object
    }
}
