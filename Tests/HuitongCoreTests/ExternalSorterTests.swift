import Foundation
import HuitongCore
import Testing

@Suite struct ExternalSorterTests {
    @Test(arguments: [3, 64, 100_000])
    func pairsComeOutInKeyByteOrderThenArrivalWhateverTheChunk(chunk: Int) throws {
        let directory = NSTemporaryDirectory() + "huitong-sort-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var random = SeededRandom(seed: 9)
        let keys = ["B", "a", "é", "中", "S-1|2026-11-29 08:00:00", "S-1|2026-11-29 09:00:00", "S-10|x", "S-2|x"]
        var pairs: [(String, Int)] = []
        for index in 0..<1_000 { pairs.append((keys[Int(random.next() % UInt64(keys.count))], index)) }
        let sorter = ExternalSorter(directory: directory, chunkSize: chunk)
        for (key, index) in pairs { try sorter.add(key: key, value: .integer(Int64(index))) }
        var out: [(String, Int)] = []
        try sorter.forEachSorted { out.append(($0, Int($1.integerValue!))) }
        let expected = pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        #expect(out.map(\.0) == expected.map(\.0))
        #expect(out.map(\.1) == expected.map(\.1))
    }
}

@Suite("External sorter: runs bounded by bytes, keys with common prefixes")
struct ExternalSorterRunTests {
    private func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "huitong-sort-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test("keys that share their first eight bytes, or differ only by a trailing NUL, sort by all their bytes")
    func commonPrefixes() throws {
        try withDirectory { directory in
            let keys = ["320613-RF-000039", "320613-RF-000038", "320613-R", "ab", "ab\u{0}", "ab\u{0}\u{0}", "a", "", "320613-RF-0000390"]
            let sorter = ExternalSorter(directory: directory, chunkSize: 4)
            for (index, key) in keys.enumerated() { try sorter.add(key: key, value: .integer(Int64(index))) }
            var out: [String] = []
            try sorter.forEachSorted { key, _ in out.append(key) }
            #expect(out == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
    }

    @Test("values larger than a run's read buffer, in chunks cut by their bytes, come back whole and in order")
    func largeValues() throws {
        try withDirectory { directory in
            let sorter = ExternalSorter(directory: directory, chunkSize: 1_000_000)
            let count = 3 * ExternalSorter.chunkBytes / 200_000 + 5
            for index in 0..<count {
                let text = String(repeating: "工\(index % 10)", count: 50_000)  // 200,000 bytes
                try sorter.add(key: "k\(count - index)", value: ["n": .integer(Int64(index)), "text": .string(text)])
            }
            var seen = 0
            var previous: String?
            try sorter.forEachSorted { key, value in
                if let previous { #expect(previous.utf8.lexicographicallyPrecedes(key.utf8)) }
                previous = key
                let index = Int(value["n"]?.integerValue ?? -1)
                #expect(key == "k\(count - index)")
                #expect(value["text"]?.stringValue?.utf8.count == 200_000)
                seen += 1
            }
            #expect(seen == count)
        }
    }

    @Test("a NaN is refused as JSON refuses it")
    func nonFiniteValue() throws {
        try withDirectory { directory in
            let sorter = ExternalSorter(directory: directory)
            #expect(throws: JSONError.self) { try sorter.add(key: "k", value: ["x": .double(.nan)]) }
        }
    }
}
