import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongMapping

@Suite("De-duplication by an external sort")
struct SortingDuplicateResolverTests {
    static func rule() throws -> DeduplicationRule {
        let mapping = try MappingCompiler(schema: MappingTestSupport.realSchema.get())
            .compile(path: RepositoryPaths.path("mappings/sources/shelter-registry.yaml"))
        return try #require(mapping.deduplication)
    }

    /// Records with few keys, many duplicates and tied order values, plus a payload that
    /// carries every kind of value, so a lossy spill would show.
    static func records(count: Int, keys: Int, seed: UInt64) throws -> [OrderedObject] {
        let rule = try rule()
        let orderBy = try #require(rule.orderBy)
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            var record = OrderedObject()
            for field in rule.key { record[field] = .string("K-\(random.next() % UInt64(keys))") }
            record[orderBy] = .string("2026-11-\(10 + random.next() % 5) 09:00:00")
            record["n"] = .integer(Int64(index))
            record["x"] = .double(Double(index) + 0.5)
            record["whole"] = .double(1520)
            record["text"] = .string("工程 \(index) \"quoted\"\n")
            record["list"] = .array([.bool(true), .null])
            return record
        }
    }

    @Test("gives exactly the winners and losers of the in-memory resolver, across many sorted runs",
          arguments: [(2_000, 150, 1, 64), (5_000, 4_000, 2, 700), (300, 1, 3, 50_000), (1_000, 1_000, 4, 3)] as [(Int, Int, UInt64, Int)])
    func sameAsInMemory(count: Int, keys: Int, seed: UInt64, chunk: Int) throws {
        let rule = try Self.rule()
        var memory = DuplicateResolver<Int>(rule: rule)
        let sorting = try SortingDuplicateResolver(rule: rule, chunkSize: chunk)
        var expectedLosers: [Int] = []
        for (index, record) in try Self.records(count: count, keys: keys, seed: seed).enumerated() {
            if let loser = memory.add(record, reference: index) { expectedLosers.append(loser.reference) }
            try sorting.add(record, reference: .integer(Int64(index)))
        }
        var winners: [(OrderedObject, Int)] = []
        var losers: [Int] = []
        try sorting.finish(winner: { winners.append(($0, Int($1.integerValue!))) }, loser: { _, reference in losers.append(Int(reference.integerValue!)) })
        let expected = memory.results.sorted { rule.keyText(of: $0.record).utf8.lexicographicallyPrecedes(rule.keyText(of: $1.record).utf8) }
        #expect(winners.map(\.1) == expected.map(\.reference), "winners in key order")
        #expect(winners.map(\.0) == expected.map(\.record))
        #expect(losers.sorted() == expectedLosers.sorted())
        #expect(winners.count + losers.count == count)
        // Types survive the round trip: a whole double stays a double.
        #expect(winners.allSatisfy { $0.0["whole"] == .double(1520) })
    }
}
