import Foundation
import HuitongCore

/// `DuplicateResolver` for reads too large to hold: each winning record goes to a spill file
/// as it arrives, and memory keeps only, per key, the order value and where the record lies.
///
/// Memory grows with the number of distinct keys (a few dozen bytes each plus the key
/// text), not with the size of the records: a 200,000-row register holds its index, not its
/// rows. The spill file is unlinked as soon as it is opened, so nothing is left behind by a
/// crash; it is read back in first-seen order by `forEachWinner`.
public final class SpillingDuplicateResolver<Reference: Sendable> {
    public let rule: DeduplicationRule
    private var entries: [Entry] = []
    private var positions: [String: Int] = [:]
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private var pendingStart: Int64 = 0
    private let writer = JSONWriter()

    /// What is kept per key: where its record lies and the one field that orders duplicates.
    private struct Entry {
        var offset: Int64
        var length: Int
        var order: Value
        var reference: Reference
    }

    /// - Parameter directory: where the spill file is made (it is unlinked at once).
    public init(rule: DeduplicationRule, directory: String = NSTemporaryDirectory()) throws {
        self.rule = rule
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast()) + Array("huitong-dedupe-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot create a spill file in \(directory): \(String(cString: strerror(errno)))"])
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Offers a mapped record. Returns the record that lost, if this key was seen before:
    /// the earlier winner when the new record is preferred, otherwise the new record itself.
    public func add(_ record: OrderedObject, reference: Reference) throws -> (record: OrderedObject, reference: Reference)? {
        let key = rule.keyText(of: record)
        let order = rule.orderBy.flatMap { record[$0] } ?? .null
        guard let position = positions[key] else {
            positions[key] = entries.count
            entries.append(try spill(record, order: order, reference: reference))
            return nil
        }
        let current = entries[position]
        let probe = probeRecord(order: current.order)
        if rule.prefers(record, over: probe) {
            let loser = try load(current)
            entries[position] = try spill(record, order: order, reference: reference)
            return (loser, current.reference)
        }
        return (record, reference)
    }

    /// The number of winners so far.
    public var count: Int { entries.count }

    /// Calls `body` with each winner in the order its key was first seen.
    public func forEachWinner(_ body: (OrderedObject, Reference) throws -> Void) throws {
        try flush()
        for entry in entries { try body(try load(entry), entry.reference) }
    }

    /// The reason a loser is set aside with (as `DuplicateResolver` gives it).
    public func reason(for loser: OrderedObject) -> MappingIssue {
        DuplicateResolver<Reference>(rule: rule).reason(for: loser)
    }

    private func probeRecord(order: Value) -> OrderedObject {
        var probe = OrderedObject()
        if let orderBy = rule.orderBy { probe[orderBy] = order }
        return probe
    }

    private func spill(_ record: OrderedObject, order: Value, reference: Reference) throws -> Entry {
        let before = pending.count
        try writer.append(.object(record), to: &pending)
        let entry = Entry(offset: pendingStart + Int64(before), length: pending.count - before, order: order, reference: reference)
        if pending.count >= 1 << 20 { try flush() }
        return entry
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        var written = 0
        while written < pending.count {
            let result = pending.withUnsafeBytes { bytes in
                pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(pendingStart + Int64(written)))
            }
            guard result > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot write the spill file: \(String(cString: strerror(errno)))"]) }
            written += result
        }
        pendingStart += Int64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }

    private func load(_ entry: Entry) throws -> OrderedObject {
        var bytes = [UInt8](repeating: 0, count: entry.length)
        if entry.offset >= pendingStart {
            let start = Int(entry.offset - pendingStart)
            bytes = Array(pending[start..<(start + entry.length)])
        } else {
            var read = 0
            while read < entry.length {
                let result = bytes.withUnsafeMutableBytes { buffer in
                    pread(descriptor, buffer.baseAddress! + read, entry.length - read, off_t(entry.offset + Int64(read)))
                }
                guard result > 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot read the spill file"]) }
                read += result
            }
        }
        guard case let .object(record) = try JSONReader().value(from: bytes) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return record
    }
}
