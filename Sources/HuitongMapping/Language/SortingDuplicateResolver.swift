import Foundation
import HuitongCore

/// `DuplicateResolver` for reads of any size, with memory bounded by `chunkSize`, not by the
/// number of records or keys: an external sort.
///
/// Each record goes to a spill file as it arrives; a small index entry (key, order value,
/// arrival number, place in the spill file, reference) goes to an in-memory chunk, which is
/// sorted by key and arrival and written out as a run when full. `finish` merges the runs and
/// decides each key's group exactly as `DuplicateResolver` does (records of one key in arrival
/// order, the rule's preferred one wins), handing out winners in key order (UTF-8 byte order)
/// and every loser. Files are unlinked as soon as they are opened: a crash leaves nothing.
public final class SortingDuplicateResolver {
    public let rule: DeduplicationRule
    private let directory: String
    private let chunkSize: Int
    private let spill: ScratchFile
    private var spillLength = 0
    private var pending: [UInt8] = []
    private var chunk: [IndexEntry] = []
    private var runs: [ScratchFile] = []
    private var arrivals = 0

    /// One record's place: enough to order it within its key and fetch it back.
    struct IndexEntry {
        var key: String
        var order: Value
        var arrival: Int
        var offset: Int
        var length: Int
        var reference: Value

        var line: Value {
            .array([.string(key), order, .integer(Int64(arrival)), .integer(Int64(offset)), .integer(Int64(length)), reference])
        }

        init(key: String, order: Value, arrival: Int, offset: Int, length: Int, reference: Value) {
            self.key = key
            self.order = order
            self.arrival = arrival
            self.offset = offset
            self.length = length
            self.reference = reference
        }

        init?(line: Value) {
            guard case let .array(items) = line, items.count == 6, case let .string(key) = items[0],
                  let arrival = items[2].integerValue, let offset = items[3].integerValue, let length = items[4].integerValue else { return nil }
            self.init(key: key, order: items[1], arrival: Int(arrival), offset: Int(offset), length: Int(length), reference: items[5])
        }

        static func precedes(_ a: IndexEntry, _ b: IndexEntry) -> Bool {
            a.key == b.key ? a.arrival < b.arrival : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }
    }

    /// - Parameters:
    ///   - directory: where the scratch files are made (and at once unlinked).
    ///   - chunkSize: index entries held in memory before a sorted run is written.
    public init(rule: DeduplicationRule, directory: String = NSTemporaryDirectory(), chunkSize: Int = 50_000) throws {
        self.rule = rule
        self.directory = directory
        self.chunkSize = max(2, chunkSize)
        spill = try ScratchFile(directory: directory)
    }

    /// Records offered so far.
    public var count: Int { arrivals }

    /// Offers a mapped record; `reference` comes back with it (a source location, a row number).
    public func add(_ record: OrderedObject, reference: Value) throws {
        let start = spillLength + pending.count
        try JSONWriter().append(.object(record), to: &pending)
        let length = spillLength + pending.count - start
        if pending.count >= 1 << 20 { try flushSpill() }
        chunk.append(IndexEntry(
            key: rule.keyText(of: record), order: rule.orderBy.flatMap { record[$0] } ?? .null,
            arrival: arrivals, offset: start, length: length, reference: reference
        ))
        arrivals += 1
        if chunk.count >= chunkSize { try writeRun() }
    }

    /// Decides every key: `winner` is called once per key, in key order, `loser` for every
    /// displaced record (right after the record that displaced it, or that it lost to, is known).
    public func finish(
        winner: (OrderedObject, Value) throws -> Void, loser: (OrderedObject, Value) throws -> Void
    ) throws {
        try flushSpill()
        chunk.sort(by: IndexEntry.precedes)
        var sources: [RunCursor] = try runs.map { try RunCursor(file: $0) }
        sources.append(RunCursor(entries: chunk))
        chunk = []
        var current: IndexEntry?
        func probe(_ entry: IndexEntry) -> OrderedObject {
            var object = OrderedObject()
            if let orderBy = rule.orderBy { object[orderBy] = entry.order }
            return object
        }
        while true {
            // The smallest head among the runs (there are few: one per chunk).
            var best: Int?
            for index in sources.indices {
                guard let head = sources[index].head else { continue }
                if let chosen = best, let bestHead = sources[chosen].head, !IndexEntry.precedes(head, bestHead) { continue }
                best = index
            }
            guard let index = best, let next = sources[index].head else { break }
            try sources[index].advance()
            guard let held = current, held.key == next.key else {
                if let held = current { try winner(try record(held), held.reference) }
                current = next
                continue
            }
            if rule.prefers(probe(next), over: probe(held)) {
                try loser(try record(held), held.reference)
                current = next
            } else {
                try loser(try record(next), next.reference)
            }
        }
        if let held = current { try winner(try record(held), held.reference) }
    }

    /// The reason a loser is set aside with (as `DuplicateResolver` gives it).
    public func reason(for loser: OrderedObject) -> MappingIssue {
        DuplicateResolver<Int>(rule: rule).reason(for: loser)
    }

    private func record(_ entry: IndexEntry) throws -> OrderedObject {
        let bytes = try spill.read(at: entry.offset, length: entry.length)
        guard case let .object(record) = try JSONReader().value(from: bytes) else { throw CocoaError(.fileReadCorruptFile) }
        return record
    }

    private func flushSpill() throws {
        guard !pending.isEmpty else { return }
        try spill.write(pending, at: spillLength)
        spillLength += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    private func writeRun() throws {
        chunk.sort(by: IndexEntry.precedes)
        let run = try ScratchFile(directory: directory)
        var bytes: [UInt8] = []
        var written = 0
        for entry in chunk {
            try JSONWriter().append(entry.line, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
            if bytes.count >= 1 << 20 {
                try run.write(bytes, at: written)
                written += bytes.count
                bytes.removeAll(keepingCapacity: true)
            }
        }
        try run.write(bytes, at: written)
        runs.append(run)
        chunk.removeAll(keepingCapacity: true)
    }
}

/// Reads one sorted run (a scratch file or the last in-memory chunk) entry by entry.
private struct RunCursor {
    private var reader: JSONLinesReader?
    private var entries: [SortingDuplicateResolver.IndexEntry]
    private var position = 0
    private(set) var head: SortingDuplicateResolver.IndexEntry?

    init(file: ScratchFile) throws {
        reader = try JSONLinesReader(fileDescriptor: file.duplicateDescriptor(), file: "dedupe run", closesWhenDone: true)
        entries = []
        try advance()
    }

    init(entries: [SortingDuplicateResolver.IndexEntry]) {
        self.entries = entries
        head = entries.first
        position = entries.isEmpty ? 0 : 1
    }

    mutating func advance() throws {
        if let reader {
            guard let line = try reader.next() else {
                head = nil
                return
            }
            guard case let .success(value) = line.content, let entry = SortingDuplicateResolver.IndexEntry(line: value) else {
                throw CocoaError(.fileReadCorruptFile)
            }
            head = entry
        } else {
            head = position < entries.count ? entries[position] : nil
            position += 1
        }
    }
}

/// A file for scratch data, unlinked as soon as it exists so nothing outlives the process.
final class ScratchFile {
    private let descriptor: Int32

    init(directory: String) throws {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast()) + Array("huitong-scratch-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot create a scratch file in \(directory): \(String(cString: strerror(errno)))"])
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    func write(_ bytes: [UInt8], at offset: Int) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(offset + written)) }
            guard result > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot write a scratch file: \(String(cString: strerror(errno)))"]) }
            written += result
        }
    }

    func read(at offset: Int, length: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        var read = 0
        while read < length {
            let result = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + read, length - read, off_t(offset + read)) }
            guard result > 0 else { throw CocoaError(.fileReadUnknown) }
            read += result
        }
        return bytes
    }

    /// A descriptor of its own, at the start of the file, for a sequential reader.
    func duplicateDescriptor() throws -> Int32 {
        let fd = open("/proc/self/fd/\(descriptor)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
        return fd
    }
}
