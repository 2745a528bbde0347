import Foundation
import HuitongCore
import Testing
@testable import HuitongMapping

/// `MappingStage`: what it emits, when and in which order, for each de-duplication strategy.
/// Pure: no files but the external sort's scratch files in the temporary directory.
@Suite("Mapping stage")
struct MappingStageTests {
    /// `count` rejects a non-integer, `amount` only warns, `x` must be `yes` (a filter), and
    /// `dedupe` (when given) keeps the latest `instant` per `id`.
    static func mapping(dedupe: String? = nil) throws -> CompiledMapping {
        let fields = """
            count: {from: v, steps: [integer]}
            amount: {from: a, steps: [number], on_error: warn}
            instant: {from: n, steps: [{datetime: {formats: [epoch_seconds]}}]}
            """
        var rules = "rules:\n  - filter: {input: x, in: [\"yes\"]}"
        if let dedupe { rules += "\n  - dedupe: \(dedupe)" }
        return try MappingTestSupport.compileProbe(MappingTestSupport.probeMapping(fields: fields, extra: rules))
    }

    static let latestByInstant = "{key: [id], order_by: instant, keep: latest}"

    static func row(_ id: String, n: Int64 = 1_700_000_000, v: String = "1", a: String = "2.5", x: String = "yes") -> OrderedObject {
        ["id": .string(id), "n": .integer(n), "v": .string(v), "a": .string(a), "x": .string(x)]
    }

    /// One emitted outcome, flattened so runs can be compared.
    struct Emitted: Equatable, CustomStringConvertible {
        var fate: String
        var origin: Value
        var key: String?
        var record: OrderedObject?
        var reasons: [MappingIssue] = []
        var warnings: [MappingIssue] = []

        init(_ outcome: MappingStageOutcome) {
            origin = outcome.origin
            warnings = outcome.warnings
            switch outcome {
            case let .mapped(output, _, _): (fate, record) = ("mapped", output)
            case let .setAside(_, key, reasons, _): (fate, self.key, self.reasons) = ("set aside", key, reasons)
            case let .skipped(_, key, reason, _): (fate, self.key, reasons) = ("skipped", key, [MappingIssue(field: "", value: nil, rule: "skip", message: reason)])
            }
        }

        var description: String { "\(fate) \(origin) \(key ?? "-") \(reasons.map(\.rule))" }
    }

    /// Runs `rows` (nil: an unreadable item) through a stage; `duringAdd` is what each `add`
    /// emitted, `atFinish` what `finish` did.
    static func stage(
        _ mapping: CompiledMapping, _ rows: [OrderedObject?], _ strategy: DeduplicationStrategy
    ) throws -> (duringAdd: [[Emitted]], atFinish: [Emitted], counts: MappingStage.Counts) {
        let stage = try MappingStage(mapping: mapping, context: MappingTestSupport.context(), deduplication: strategy)
        var duringAdd: [[Emitted]] = []
        for (index, row) in rows.enumerated() {
            var emitted: [Emitted] = []
            if let row {
                try stage.add(row, origin: .integer(Int64(index))) { emitted.append(Emitted($0)) }
            } else {
                try stage.addUnreadable(origin: .integer(Int64(index)), reason: "not a record") { emitted.append(Emitted($0)) }
            }
            duringAdd.append(emitted)
        }
        var atFinish: [Emitted] = []
        try stage.finish { atFinish.append(Emitted($0)) }
        return (duringAdd, atFinish, stage.counts)
    }

    static let externalSort = DeduplicationStrategy.externalSort(directory: NSTemporaryDirectory(), chunkSize: 3)

    @Test("without a dedupe rule every fate is emitted by its own add, in the order given, with structured reasons")
    func noRule() throws {
        let rows: [OrderedObject?] = [Self.row("A"), Self.row("B", v: "x"), Self.row("C", x: "no"), nil, Self.row("A", a: "bad")]
        let result = try Self.stage(try Self.mapping(), rows, Self.externalSort)
        #expect(result.duringAdd.map { $0.map(\.fate) } == [["mapped"], ["set aside"], ["skipped"], ["set aside"], ["mapped"]])
        #expect(result.duringAdd.flatMap { $0 }.map(\.origin) == [0, 1, 2, 3, 4])
        #expect(result.atFinish.isEmpty)
        let integer = try #require(result.duringAdd[1].first?.reasons.first)
        #expect((integer.field, integer.value, integer.rule) == ("count", "x", "integer"))
        #expect(result.duringAdd[3].first?.reasons == [MappingIssue(field: "(record)", value: nil, rule: "unreadable", message: "not a record")])
        #expect(result.duringAdd[2].first?.key == nil && result.duringAdd[1].first?.key == nil, "only a duplicate has a key")
        let warning = try #require(result.duringAdd[4].first?.warnings.first)
        #expect((warning.field, warning.value, warning.rule) == ("amount", "bad", "number"))
        #expect(result.counts.offered == 5 && result.counts.mapped == 2 && result.counts.setAside == 2 && result.counts.skipped == 1)
        #expect(result.counts.duplicates == 0 && result.counts.warnings == 1)
    }

    @Test("external sort: mapped fates wait for finish, which gives keys in UTF-8 order, each key's losers before its winner")
    func externalSortOrder() throws {
        let rows: [OrderedObject?] = [
            Self.row("B", n: 2), Self.row("A", n: 5), Self.row("B", n: 9), Self.row("Z", v: "x"), Self.row("A", n: 1), Self.row("B", n: 3),
        ]
        let result = try Self.stage(try Self.mapping(dedupe: Self.latestByInstant), rows, Self.externalSort)
        #expect(result.duringAdd.map { $0.map(\.fate) } == [[], [], [], ["set aside"], [], []], "only the mapping's own set-aside is known at once")
        #expect(result.atFinish.map(\.fate) == ["set aside", "mapped", "set aside", "set aside", "mapped"])
        #expect(result.atFinish.map(\.origin) == [4, 1, 0, 5, 2])
        #expect(result.atFinish.map(\.key) == ["A", nil, "B", "B", nil])
    }

    @Test("in memory: a loser comes out of the add that displaces it; winners at finish, in first-seen key order")
    func inMemoryOrder() throws {
        let rows: [OrderedObject?] = [Self.row("B", n: 2), Self.row("A", n: 5), Self.row("B", n: 9), Self.row("A", n: 1)]
        let result = try Self.stage(try Self.mapping(dedupe: Self.latestByInstant), rows, .inMemory)
        #expect(result.duringAdd.map { $0.map(\.origin) } == [[], [], [0], [3]])
        #expect(result.atFinish.map(\.origin) == [2, 1])
        #expect(result.atFinish.allSatisfy { $0.fate == "mapped" })
    }

    @Test("a set-aside loser carries its key, its own warnings and the structured duplicate reason")
    func setAsideLoser() throws {
        let rows: [OrderedObject?] = [Self.row("A", n: 1, a: "bad"), Self.row("A", n: 2)]
        let mapping = try Self.mapping(dedupe: Self.latestByInstant)
        let result = try Self.stage(mapping, rows, Self.externalSort)
        let loser = try #require(result.atFinish.first)
        #expect(loser.fate == "set aside" && loser.origin == 0 && loser.key == "A")
        let reason = try #require(loser.reasons.first)
        #expect(loser.reasons.count == 1 && (reason.field, reason.value, reason.rule) == ("id", "A", "duplicate"))
        #expect(reason.message.hasPrefix("duplicate: another record with this key wins"))
        #expect(loser.warnings.map(\.field) == ["amount"])
        #expect(result.counts.setAside == 1 && result.counts.duplicates == 1 && result.counts.mapped == 1 && result.counts.warnings == 1)
    }

    @Test("loser: skip sends losers to skipped, with their key, counted as skipped duplicates")
    func skippedLoser() throws {
        let mapping = try Self.mapping(dedupe: "{key: [id], order_by: instant, keep: latest, loser: skip}")
        let result = try Self.stage(mapping, [Self.row("A", n: 2), Self.row("A", n: 1)], Self.externalSort)
        #expect(result.atFinish.map(\.fate) == ["skipped", "mapped"])
        #expect(result.atFinish[0].origin == 1 && result.atFinish[0].key == "A")
        #expect(result.atFinish[0].reasons.first?.message == MappingStage.duplicateSkipReason)
        #expect(result.counts.skipped == 1 && result.counts.setAside == 0 && result.counts.duplicates == 1)
    }

    @Test("disabled: a dedupe rule is not applied, every mapped record comes out of its add")
    func disabled() throws {
        let result = try Self.stage(try Self.mapping(dedupe: Self.latestByInstant), [Self.row("A"), Self.row("A")], .disabled)
        #expect(result.duringAdd.map { $0.map(\.fate) } == [["mapped"], ["mapped"]])
        #expect(result.counts.mapped == 2 && result.counts.duplicates == 0)
    }

    @Test("in memory and external sort (across many sorted runs) emit the same fates, keys, reasons and counts",
          arguments: ["set_aside", "skip"], [(400, 30, UInt64(1)), (1_000, 900, 2), (200, 1, 3)])
    func strategiesAgree(loser: String, shape: (count: Int, keys: Int, seed: UInt64)) throws {
        let mapping = try Self.mapping(dedupe: "{key: [id], order_by: instant, keep: latest, loser: \(loser)}")
        var random = SeededRandom(seed: shape.seed)
        let rows: [OrderedObject?] = (0..<shape.count).map { _ in
            switch random.next() % 20 {
            case 0: nil
            case 1: Self.row("K-\(random.next() % UInt64(shape.keys))", v: "x")
            case 2: Self.row("K-\(random.next() % UInt64(shape.keys))", x: "no")
            case 3: Self.row("K-\(random.next() % UInt64(shape.keys))", n: Int64(random.next() % 5), a: "bad")
            default: Self.row("K-\(random.next() % UInt64(shape.keys))", n: Int64(random.next() % 5))
            }
        }
        let memory = try Self.stage(mapping, rows, .inMemory)
        let sorted = try Self.stage(mapping, rows, .externalSort(directory: NSTemporaryDirectory(), chunkSize: 16))
        func byOrigin(_ run: (duringAdd: [[Emitted]], atFinish: [Emitted], counts: MappingStage.Counts)) -> [Emitted] {
            (run.duringAdd.flatMap { $0 } + run.atFinish).sorted { $0.origin.integerValue! < $1.origin.integerValue! }
        }
        #expect(byOrigin(memory) == byOrigin(sorted))
        #expect(byOrigin(sorted).map(\.origin) == (0..<shape.count).map { .integer(Int64($0)) }, "every record exactly once")
        #expect(memory.counts == sorted.counts)
        let counts = sorted.counts
        #expect(counts.offered == shape.count && counts.mapped + counts.setAside + counts.skipped == shape.count)
        let winnerKeys = sorted.atFinish.filter { $0.fate == "mapped" }.map { $0.record!["id"]!.stringValue! }
        #expect(winnerKeys == winnerKeys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "external sort: winners in key order")
        #expect(Set(winnerKeys).count == winnerKeys.count, "one winner per key")
    }
}
