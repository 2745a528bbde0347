/// Sorts (key, value) pairs by key — UTF-8 byte order, then the order they were added — with
/// memory bounded by `chunkSize`: a full chunk is sorted and written to a scratch file as a
/// run; `forEachSorted` merges the runs. For data that must come out in key order but arrives
/// in another, whatever its size (a de-duplicated register, the records of an exchange).
public final class ExternalSorter {
    private typealias Entry = (key: String, arrival: Int, value: Value)
    private let directory: String
    private let chunkSize: Int
    private var chunk: [Entry] = []
    private var runs: [ScratchFile] = []
    private var arrivals = 0

    /// - Parameters:
    ///   - directory: where the (immediately unlinked) run files are made.
    ///   - chunkSize: pairs held in memory before a run is written.
    public init(directory: String, chunkSize: Int = 20_000) {
        self.directory = directory
        self.chunkSize = max(2, chunkSize)
    }

    /// Pairs added so far.
    public var count: Int { arrivals }

    public func add(key: String, value: Value) throws {
        chunk.append((key, arrivals, value))
        arrivals += 1
        if chunk.count >= chunkSize { try writeRun() }
    }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.key == b.key ? a.arrival < b.arrival : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
    }

    private func writeRun() throws {
        chunk.sort(by: Self.precedes)
        let run = try ScratchFile(directory: directory)
        var bytes: [UInt8] = []
        var written = 0
        let writer = JSONWriter()
        for entry in chunk {
            try writer.append(.array([.string(entry.key), .integer(Int64(entry.arrival)), entry.value]), to: &bytes)
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

    /// Every pair, in key order (pairs with one key in the order they were added). The sorter
    /// is spent afterwards.
    public func forEachSorted(_ body: (String, Value) throws -> Void) throws {
        chunk.sort(by: Self.precedes)
        var cursors: [Cursor] = try runs.map { try Cursor(run: $0) }
        cursors.append(Cursor(entries: chunk))
        chunk = []
        while true {
            // The smallest head among the runs: there are few (one per chunk).
            var best: Int?
            for index in cursors.indices {
                guard let head = cursors[index].head else { continue }
                if let chosen = best, let bestHead = cursors[chosen].head, !Self.precedes(head, bestHead) { continue }
                best = index
            }
            guard let index = best, let head = cursors[index].head else { break }
            try body(head.key, head.value)
            try cursors[index].advance()
        }
        runs = []
    }

    /// Reads one sorted run (a scratch file, or the last chunk in memory) pair by pair.
    private struct Cursor {
        private var reader: JSONLinesReader?
        private var entries: [Entry] = []
        private var position = 0
        private(set) var head: Entry?

        init(run: ScratchFile) throws {
            reader = try JSONLinesReader(fileDescriptor: try run.openForReading(), file: "sort run", closesWhenDone: true)
            try advance()
        }

        init(entries: [Entry]) {
            self.entries = entries
            head = entries.first
            position = 1
        }

        mutating func advance() throws {
            guard let reader else {
                head = position < entries.count ? entries[position] : nil
                position += 1
                return
            }
            guard let line = try reader.next() else {
                head = nil
                return
            }
            guard case let .success(.array(items)) = line.content, items.count == 3, case let .string(key) = items[0],
                  let arrival = items[1].integerValue else {
                throw ScratchFileError("a sort run is damaged at line \(line.lineNumber)", 0)
            }
            head = (key, Int(arrival), items[2])
        }
    }
}
