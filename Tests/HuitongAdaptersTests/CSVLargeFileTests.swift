import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

/// A large export streams through in bounded batches.
@Suite("CSV source adapter: large files")
struct CSVLargeFileTests {
    static let rowCount = 200_000

    /// Writes a GB18030 export of `rowCount` rows, every tenth with a quoted line break, a
    /// piece at a time so the test itself never holds the whole file either.
    func writeExport() throws -> String {
        let path = try CSVTesting.file([], named: "large.csv")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        var text = "工程编号,工程名称,详细地址\r\n"
        for row in 1...Self.rowCount {
            let address = row % 10 == 0 ? "\"南通市崇川区\r\n\(row)号\"" : "南通市崇川区\(row)号"
            text += "320613-RF-\(row),\"人防工程,第\(row)号\",\(address)\r\n"
            if row % 5000 == 0 {
                try handle.write(contentsOf: CSVTesting.encoded(text, as: "GB18030"))
                text = ""
            }
        }
        return path
    }

    @Test("200,000 rows arrive in batches of at most the default 1,000, in order, at the right lines")
    func batches() async throws {
        let path = try writeExport()
        defer { CSVTesting.remove(path) }
        var sizes: [Int] = []
        var count = 0
        var expectedLine = 2
        var wrongLines = 0
        var last: OrderedObject?
        let adapter = CSVSourceAdapter(path: path, encoding: .gb18030, requiredColumns: ["工程编号", "详细地址"])
        let read = try await adapter.read(since: nil) { batch in
            sizes.append(batch.count)
            for item in batch {
                count += 1
                guard case let .record(record, origin) = item, origin.line == expectedLine else {
                    wrongLines += 1
                    continue
                }
                // Every tenth row spans two physical lines.
                expectedLine += count % 10 == 0 ? 2 : 1
                last = record
            }
        }
        #expect(read == .complete())
        #expect(count == Self.rowCount)
        #expect(wrongLines == 0)
        #expect(sizes.max() == CSVConfiguration.defaultBatchSize)
        #expect(sizes.count == Self.rowCount / CSVConfiguration.defaultBatchSize)
        #expect(last == ["工程编号": "320613-RF-200000", "详细地址": "南通市崇川区\r\n200000号"])
    }

    @Test("a batch size that does not divide the row count leaves one smaller last batch")
    func unevenBatches() async throws {
        let path = try CSVTesting.file("a,b\n1,2\n" + String(repeating: "3,4\n", count: 2_499))
        defer { CSVTesting.remove(path) }
        let reading = try await CSVTesting.read(CSVConfiguration(path: path, batchSize: 777, chunkSize: 100))
        #expect(reading.batches.map(\.count) == [777, 777, 777, 169])
    }
}
