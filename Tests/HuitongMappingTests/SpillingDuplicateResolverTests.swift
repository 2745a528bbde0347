import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongMapping

@Suite("De-duplication through a spill file")
struct SpillingDuplicateResolverTests {
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

    @Test("gives exactly the winners and losers of the in-memory resolver, in the same order",
          arguments: [(2_000, 150, 1), (5_000, 4_000, 2), (300, 1, 3)] as [(Int, Int, UInt64)])
    func sameAsInMemory(count: Int, keys: Int, seed: UInt64) throws {
        let rule = try Self.rule()
        var memory = DuplicateResolver<Int>(rule: rule)
        let spilling = try SpillingDuplicateResolver<Int>(rule: rule)
        for (index, record) in try Self.records(count: count, keys: keys, seed: seed).enumerated() {
            let expected = memory.add(record, reference: index)
            let actual = try spilling.add(record, reference: index)
            #expect(actual?.reference == expected?.reference)
            #expect(actual?.record == expected?.record)
        }
        var winners: [(OrderedObject, Int)] = []
        try spilling.forEachWinner { winners.append(($0, $1)) }
        #expect(winners.count == memory.results.count)
        #expect(winners.map(\.1) == memory.results.map(\.reference))
        #expect(winners.map(\.0) == memory.results.map(\.record))
        // Types survive the round trip: a whole double stays a double.
        #expect(winners.allSatisfy { $0.0["whole"] == .double(1520) })
    }
}
