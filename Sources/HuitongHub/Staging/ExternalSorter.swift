import Foundation
import HuitongCore

/// Sorts (key, value) pairs by key — UTF-8 byte order, then the order they were added — with
/// memory bounded by `chunkSize`: full chunks are sorted and written as run files, which
/// `forEachSorted` merges. Used where a file must come out in key order from data that arrives
/// in another (an append target's records for the ledger).
final class ExternalSorter {
    private let directory: String
    private let chunkSize: Int
    private var chunk: [(key: String, arrival: Int, value: Value)] = []
    private var runs: [String] = []
    private var arrivals = 0

    init(directory: String, chunkSize: Int = 20_000) {
        self.directory = directory
        self.chunkSize = max(2, chunkSize)
    }

    deinit {
        for run in runs { unlink(run) }
    }

    func add(key: String, value: Value) throws(HubError) {
        chunk.append((key, arrivals, value))
        arrivals += 1
        if chunk.count >= chunkSize { try writeRun() }
    }

    private static func precedes(_ a: (key: String, arrival: Int, value: Value), _ b: (key: String, arrival: Int, value: Value)) -> Bool {
        a.key == b.key ? a.arrival < b.arrival : keyPrecedes(a.key, b.key)
    }

    private func writeRun() throws(HubError) {
        chunk.sort(by: Self.precedes)
        let path = directory + "/sort-run-\(runs.count).jsonl"
        let output = try JSONLinesAppender(path: path, truncate: true)
        for entry in chunk { try output.append([.string(entry.key), .integer(Int64(entry.arrival)), entry.value]) }
        try output.flush()
        runs.append(path)
        chunk.removeAll(keepingCapacity: true)
    }

    /// Every pair in key order. The sorter is spent afterwards.
    func forEachSorted(_ body: (String, Value) throws -> Void) throws {
        chunk.sort(by: Self.precedes)
        var cursors: [Cursor] = try runs.map { try Cursor(path: $0) }
        cursors.append(Cursor(entries: chunk))
        chunk = []
        while true {
            var best: Int?
            for index in cursors.indices {
                guard let head = cursors[index].head else { continue }
                if let chosen = best, let bestHead = cursors[chosen].head, !Self.precedes(head, bestHead) { continue }
                best = index
            }
            guard let index = best, let head = cursors[index].head else { return }
            try body(head.key, head.value)
            try cursors[index].advance()
        }
    }

    private struct Cursor {
        private var reader: JSONLinesReader?
        private var entries: [(key: String, arrival: Int, value: Value)] = []
        private var position = 0
        private(set) var head: (key: String, arrival: Int, value: Value)?

        init(path: String) throws {
            reader = try JSONLinesReader(path: path)
            try advance()
        }

        init(entries: [(key: String, arrival: Int, value: Value)]) {
            self.entries = entries
            try? advance()
        }

        mutating func advance() throws {
            if let reader {
                guard let line = try reader.next() else {
                    head = nil
                    return
                }
                guard case let .success(.array(items)) = line.content, items.count == 3, case let .string(key) = items[0],
                      let arrival = items[1].integerValue else {
                    throw HubError.corrupt("\(reader.file):\(line.lineNumber)")
                }
                head = (key, Int(arrival), items[2])
            } else {
                head = position < entries.count ? entries[position] : nil
                position += 1
            }
        }
    }
}
