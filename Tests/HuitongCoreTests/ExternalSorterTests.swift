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
