import HuitongCore
import Testing
@testable import HuitongAdapters

/// Arbitrary bytes never crash the adapter: every input ends in items or a `SourceError`.
@Suite("CSV source adapter: random input")
struct CSVRandomInputTests {
    /// Bytes weighted towards what stresses CSV and decoding: quotes, delimiters, line breaks,
    /// byte-order-mark bytes, GB18030 lead bytes and bytes invalid everywhere.
    func randomBytes(count: Int, using random: inout SeededRandom) -> [UInt8] {
        let interesting: [UInt8] = [0x22, 0x2C, 0x0D, 0x0A, 0xEF, 0xBB, 0xBF, 0x81, 0x30, 0xFF, 0x80, 0xE5, 0x20, 0x61]
        return (0..<count).map { _ in
            Bool.random(using: &random) ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
        }
    }

    @Test("random bytes in every encoding and chunk size give items at increasing lines or a SourceError")
    func randomFiles() async throws {
        var random = SeededRandom(seed: 0x4855_4954_4F4E_47)
        var outcomes = (read: 0, failed: 0, items: 0)
        for round in 0..<120 {
            // Half the files start with a good header, so that rows, not just headers, meet the noise.
            let header = round.isMultiple(of: 2) ? Array("a,b,c\r\n".utf8) : []
            let bytes = header + randomBytes(count: Int.random(in: 0...600, using: &random), using: &random)
            let path = try CSVTesting.file(bytes)
            defer { CSVTesting.remove(path) }
            for encoding in CSVEncoding.allCases {
                let configuration = CSVConfiguration(
                    path: path, encoding: encoding, batchSize: Int.random(in: 1...5, using: &random),
                    chunkSize: Int.random(in: 1...64, using: &random), maximumRowBytes: Int.random(in: 8...256, using: &random)
                )
                do {
                    let reading = try await CSVTesting.read(configuration)
                    let lines = reading.origins.compactMap(\.line)
                    #expect(lines.count == reading.items.count, "round \(round), \(encoding)")
                    #expect(zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 }, "round \(round), \(encoding)")
                    #expect(reading.batches.allSatisfy { !$0.isEmpty && $0.count <= configuration.batchSize })
                    outcomes.read += 1
                    outcomes.items += reading.items.count
                } catch is SourceError {
                    outcomes.failed += 1
                }
            }
        }
        // The noise must reach the row parser, not only fail headers.
        #expect(outcomes.read > 100)
        #expect(outcomes.items > 1000)
    }

    @Test("random text split into random chunks parses as it does whole")
    func randomSplits() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<300 {
            let bytes = randomBytes(count: Int.random(in: 0...200, using: &random), using: &random)
                .map { $0 == DecodedText.undecodableMarker ? 0x61 : $0 }
            let whole = parse([bytes])
            var chunks: [[UInt8]] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1...17, using: &random))
                chunks.append(Array(bytes[start..<end]))
                start = end
            }
            #expect(parse(chunks) == whole)
        }
    }

    func parse(_ chunks: [[UInt8]]) -> [CSVRow] {
        var parser = CSVRowParser(maximumRowBytes: 64)
        var rows: [CSVRow] = []
        for chunk in chunks {
            let text = DecodedText(bytes: chunk)
            var cursor = DecodedText.Cursor()
            while let row = parser.nextRow(in: text, from: &cursor) {
                rows.append(row)
            }
        }
        if let row = parser.finish() {
            rows.append(row)
        }
        return rows
    }
}
