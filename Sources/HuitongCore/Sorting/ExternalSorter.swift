#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sorts (key, value) pairs by key — UTF-8 byte order, then the order they were added — with
/// memory bounded by a chunk: a full chunk (`chunkSize` pairs, or ``chunkBytes`` bytes of
/// values) is sorted and written to a scratch file as a run; `forEachSorted` merges the runs.
/// For data that must come out in key order but arrives in another, whatever its size (a
/// de-duplicated register with its records, the records of an exchange).
///
/// Values are held encoded (``ScratchValueFormat``) from the moment they are added, so a chunk
/// costs the bytes of its values, and a run is written by copying them in key order; each
/// pair is read back through one buffer per run, with no system call of its own. Keys are
/// compared by a big-endian word of their first eight bytes before their bytes are compared at
/// all, so most comparisons of a sort cost one integer comparison.
package final class ExternalSorter {
    /// One pair of the chunk in memory; its value is `chunkValues[valueStart..<valueEnd]`.
    private struct Entry {
        var key: String
        var arrival: Int
        /// The key's first eight UTF-8 bytes as a big-endian number, zero-padded: keys whose
        /// prefixes differ compare as their prefixes do.
        var prefix: UInt64
        var valueStart: Int
        var valueEnd: Int
    }

    /// The bytes of encoded values a chunk holds at most before it is written as a run.
    package static let chunkBytes = 8 << 20

    private let directory: String
    private let chunkSize: Int
    private var chunk: [Entry] = []
    private var chunkValues: [UInt8] = []
    private var runs: [ScratchFile] = []
    private var arrivals = 0
    private var encoder = ScratchValueEncoder(numbersKeys: true)
    private var runBytes: [UInt8] = []

    /// - Parameters:
    ///   - directory: where the (immediately unlinked) run files are made.
    ///   - chunkSize: pairs held in memory before a run is written (fewer when their values
    ///     reach ``chunkBytes``).
    package init(directory: String, chunkSize: Int = 20_000) {
        self.directory = directory
        self.chunkSize = max(2, chunkSize)
    }

    /// Pairs added so far.
    package var count: Int { arrivals }

    /// Adds a pair.
    ///
    /// - Throws: `JSONError` for a value no JSON text could hold (a NaN or an infinity), or
    ///   `ScratchFileError` when a run cannot be written.
    package func add(key: String, value: Value) throws {
        let start = chunkValues.count
        try encoder.append(value, to: &chunkValues)
        chunk.append(Entry(key: key, arrival: arrivals, prefix: Self.prefix(of: key), valueStart: start, valueEnd: chunkValues.count))
        arrivals += 1
        if chunk.count >= chunkSize || chunkValues.count >= Self.chunkBytes { try writeRun() }
    }

    @inline(__always)
    private static func prefix(of key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in
            var prefix: UInt64 = 0
            for index in 0..<8 {
                prefix = prefix << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
            }
            return prefix
        }
    }

    @inline(__always)
    private static func precedes(_ a: (key: String, arrival: Int, prefix: UInt64), _ b: (key: String, arrival: Int, prefix: UInt64)) -> Bool {
        if a.prefix != b.prefix { return a.prefix < b.prefix }
        let order = compareBytes(a.key, b.key)
        return order != 0 ? order < 0 : a.arrival < b.arrival
    }

    @inline(__always)
    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        precedes((a.key, a.arrival, a.prefix), (b.key, b.arrival, b.prefix))
    }

    /// The sign of the comparison of the two keys' UTF-8 bytes.
    private static func compareBytes(_ left: String, _ right: String) -> Int {
        var left = left
        var right = right
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                if common > 0 {
                    let order = memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, common)
                    if order != 0 { return Int(order) }
                }
                return leftBytes.count - rightBytes.count
            }
        }
    }

    /// Writes the chunk, sorted, as a run: per pair its length, then its key (a string value),
    /// its arrival (an integer value) and its value's bytes.
    private func writeRun() throws {
        chunk.sort(by: Self.precedes)
        let run = try ScratchFile(directory: directory)
        var written = 0
        runBytes.removeAll(keepingCapacity: true)
        var header: [UInt8] = []
        for entry in chunk {
            header.removeAll(keepingCapacity: true)
            try encoder.append(.string(entry.key), to: &header)
            try encoder.append(.integer(Int64(entry.arrival)), to: &header)
            ByteSink.appending(to: &runBytes) { sink in
                ScratchValueEncoder.writeVarint(UInt64(header.count + entry.valueEnd - entry.valueStart), to: &sink)
            }
            runBytes.append(contentsOf: header)
            runBytes.append(contentsOf: chunkValues[entry.valueStart..<entry.valueEnd])
            if runBytes.count >= 1 << 20 {
                try run.write(runBytes, at: written)
                written += runBytes.count
                runBytes.removeAll(keepingCapacity: true)
            }
        }
        try run.write(runBytes, at: written)
        runs.append(run)
        chunk.removeAll(keepingCapacity: true)
        chunkValues.removeAll(keepingCapacity: true)
    }

    /// Every pair, in key order (pairs with one key in the order they were added). The sorter
    /// is spent afterwards.
    package func forEachSorted(_ body: (String, Value) throws -> Void) throws {
        chunk.sort(by: Self.precedes)
        let decoder = ScratchValueDecoder(keyTable: encoder.keyTable)
        var cursors: [Cursor] = try runs.map { try Cursor(run: $0, decoder: decoder) }
        cursors.append(try Cursor(entries: chunk, values: chunkValues, decoder: decoder))
        chunk = []
        chunkValues = []
        // A binary heap of cursor positions by their heads: few runs or many, each pair costs
        // a logarithm of their number.
        var heap = cursors.indices.filter { cursors[$0].head != nil }
        func less(_ a: Int, _ b: Int) -> Bool {
            let left = cursors[heap[a]].head!, right = cursors[heap[b]].head!
            return Self.precedes((left.key, left.arrival, left.prefix), (right.key, right.arrival, right.prefix))
        }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                guard left < heap.count else { return }
                var smallest = left
                if left + 1 < heap.count, less(left + 1, left) { smallest = left + 1 }
                guard less(smallest, parent) else { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        while let top = heap.first {
            let head = cursors[top].head!
            try body(head.key, head.value)
            try cursors[top].advance()
            if cursors[top].head == nil {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            siftDown(0)
        }
        runs = []
    }

    /// A decoded pair, as a cursor holds its next one.
    private struct Head {
        var key: String
        var arrival: Int
        var prefix: UInt64
        var value: Value
    }

    /// Reads one sorted run (a scratch file, or the last chunk in memory) pair by pair.
    private struct Cursor {
        private static let bufferSize = 128 * 1024

        private let decoder: ScratchValueDecoder
        private var run: ScratchFile?
        private var buffer: [UInt8] = []
        /// The unread bytes are `buffer[start..<end]`; `fileOffset` is where the next read starts.
        private var start = 0
        private var end = 0
        private var fileOffset = 0
        private var entries: [Entry] = []
        private var position = 0
        private(set) var head: Head?

        init(run: ScratchFile, decoder: ScratchValueDecoder) throws {
            self.run = run
            self.decoder = decoder
            buffer = [UInt8](repeating: 0, count: Self.bufferSize)
            try advance()
        }

        /// The last chunk, never written: its entries, sorted, and their values' bytes.
        init(entries: [Entry], values: [UInt8], decoder: ScratchValueDecoder) throws {
            self.entries = entries
            self.decoder = decoder
            buffer = values
            try advance()
        }

        mutating func advance() throws {
            guard let run else {
                guard position < entries.count else {
                    head = nil
                    return
                }
                let entry = entries[position]
                position += 1
                let value = try buffer.withUnsafeBytes { bytes in
                    try decoder.value(filling: UnsafeRawBufferPointer(rebasing: bytes[entry.valueStart..<entry.valueEnd]))
                }
                head = Head(key: entry.key, arrival: entry.arrival, prefix: entry.prefix, value: value)
                return
            }
            // The length varint takes at most 10 bytes; then the pair itself.
            try fill(atLeast: 10, from: run)
            guard start < end else {
                head = nil
                return
            }
            let (length, lengthEnd) = try buffer.withUnsafeBytes { bytes in
                var cursor = ScratchValueDecoder.Cursor(bytes: UnsafeRawBufferPointer(rebasing: bytes[..<end]), position: start)
                return (try cursor.varint(), cursor.position)
            }
            guard length <= UInt64(Int32.max) else { throw ScratchValueDecoder.damaged }
            start = lengthEnd
            try fill(atLeast: Int(length), from: run)
            guard end - start >= Int(length) else { throw ScratchFileError(damaged: "a sort run ends inside a pair") }
            let pairEnd = start + Int(length)
            head = try buffer.withUnsafeBytes { bytes -> Head in
                let pair = UnsafeRawBufferPointer(rebasing: bytes[start..<pairEnd])
                let (key, keyEnd) = try decoder.value(in: pair, at: 0)
                let (arrival, arrivalEnd) = try decoder.value(in: pair, at: keyEnd)
                let value = try decoder.value(filling: UnsafeRawBufferPointer(rebasing: pair[arrivalEnd...]))
                guard case let .string(key) = key, case let .integer(arrival) = arrival else { throw ScratchValueDecoder.damaged }
                return Head(key: key, arrival: Int(arrival), prefix: ExternalSorter.prefix(of: key), value: value)
            }
            start = pairEnd
        }

        /// Reads on until `count` unread bytes are buffered or the run ends.
        private mutating func fill(atLeast count: Int, from run: ScratchFile) throws {
            guard end - start < count else { return }
            if start > 0 {
                let (from, length) = (start, end - start)
                buffer.withUnsafeMutableBytes { bytes in
                    bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + from, byteCount: length)  // a memmove
                }
                end = length
                start = 0
            }
            if buffer.count < count { buffer += [UInt8](repeating: 0, count: count - buffer.count) }
            while end < count {
                let read = try buffer.withUnsafeMutableBytes { bytes in
                    try run.read(at: fileOffset, into: UnsafeMutableRawBufferPointer(rebasing: bytes[end...]))
                }
                if read == 0 { return }
                fileOffset += read
                end += read
            }
        }
    }
}
