import Foundation
import HuitongCore

/// `DuplicateResolver` for reads of any size, with memory bounded by a sort chunk, not by the
/// number of records or keys.
///
/// Each record goes to a scratch file as it arrives and a small index entry (key, order value,
/// place in the file, reference) to an `ExternalSorter`. `finish` reads the entries back in
/// key order — a key's records in arrival order — and decides each key's group exactly as
/// `DuplicateResolver` does (the rule's preferred record wins), handing out winners in key
/// order (UTF-8 byte order) and every loser. Scratch files are unlinked as soon as they are
/// made: a crash leaves nothing behind.
public final class SortingDuplicateResolver {
    public let rule: DeduplicationRule
    private let spill: ScratchFile
    private let index: ExternalSorter
    private var spillLength = 0
    private var pending: [UInt8] = []

    /// - Parameters:
    ///   - directory: where the scratch files are made (and at once unlinked).
    ///   - chunkSize: index entries held in memory before a sorted run is written.
    public init(rule: DeduplicationRule, directory: String = NSTemporaryDirectory(), chunkSize: Int = 50_000) throws {
        self.rule = rule
        spill = try ScratchFile(directory: directory)
        index = ExternalSorter(directory: directory, chunkSize: chunkSize)
    }

    /// Records offered so far.
    public var count: Int { index.count }

    /// Offers a mapped record; `reference` comes back with it (a source location, a row number).
    public func add(_ record: OrderedObject, reference: Value) throws {
        let start = spillLength + pending.count
        try JSONWriter().append(.object(record), to: &pending)
        let length = spillLength + pending.count - start
        if pending.count >= 1 << 20 { try flushSpill() }
        let order = rule.orderBy.flatMap { record[$0] } ?? .null
        try index.add(key: rule.keyText(of: record), value: [order, .integer(Int64(start)), .integer(Int64(length)), reference])
    }

    /// Decides every key: `winner` is called once per key, in key order, `loser` for every
    /// displaced record.
    public func finish(
        winner: (OrderedObject, Value) throws -> Void, loser: (OrderedObject, Value) throws -> Void
    ) throws {
        try flushSpill()
        var current: (key: String, entry: Value)?
        try index.forEachSorted { key, entry in
            guard let held = current, held.key == key else {
                if let held = current { try winner(try record(held.entry), held.entry[3] ?? .null) }
                current = (key, entry)
                return
            }
            if rule.prefers(probe(entry), over: probe(held.entry)) {
                try loser(try record(held.entry), held.entry[3] ?? .null)
                current = (key, entry)
            } else {
                try loser(try record(entry), entry[3] ?? .null)
            }
        }
        if let held = current { try winner(try record(held.entry), held.entry[3] ?? .null) }
    }

    /// The reason a loser is set aside with (as `DuplicateResolver` gives it).
    public func reason(for loser: OrderedObject) -> MappingIssue {
        DuplicateResolver<Int>(rule: rule).reason(for: loser)
    }

    /// A record holding only the order field, which is all `prefers` reads.
    private func probe(_ entry: Value) -> OrderedObject {
        var object = OrderedObject()
        if let orderBy = rule.orderBy { object[orderBy] = entry[0] ?? .null }
        return object
    }

    private func record(_ entry: Value) throws -> OrderedObject {
        let bytes = try spill.read(at: Int(entry[1]?.integerValue ?? 0), length: Int(entry[2]?.integerValue ?? 0))
        guard case let .object(record) = try JSONReader().value(from: bytes) else { throw CocoaError(.fileReadCorruptFile) }
        return record
    }

    private func flushSpill() throws {
        guard !pending.isEmpty else { return }
        try spill.write(pending, at: spillLength)
        spillLength += pending.count
        pending.removeAll(keepingCapacity: true)
    }
}
