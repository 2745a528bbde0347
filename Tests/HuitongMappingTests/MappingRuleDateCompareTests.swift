import HuitongCore
import Testing
@testable import HuitongMapping

/// `compare` with `as: date`: both sides read as the Beijing calendar date they name, so a
/// platform's time and its date written apart (province jbsm: `smsj`'s date equals `smrq`) can
/// be held to agree.
@Suite("Mapping record rules: compare as dates")
struct MappingRuleDateCompareTests {
    /// `text` is a wall time as a platform writes it, `day` a date, `instant` an RFC 3339 instant.
    static let fields = """
        text: {from: b}
        day: {from: v, steps: [date]}
        instant: {from: a, steps: [{datetime: {formats: [rfc3339]}}]}
        """

    static func mapping(_ rule: String) throws -> CompiledMapping {
        try MappingTestSupport.compileProbe(MappingTestSupport.probeMapping(fields: fields, extra: "rules:\n  - " + rule))
    }

    static func outcome(_ mapping: CompiledMapping, _ record: OrderedObject) -> MappingOutcome {
        var run = MappingTestSupport.run()
        var record = record
        record["id"] = "P-1"
        return mapping.map(record, run: &run)
    }

    @Test("a yyyy-MM-dd HH:mm:ss time on the date passes; one on another day is set aside with the rule's reason")
    func wallTimeAgainstDate() throws {
        let mapping = try Self.mapping(#"{compare: {left: text, op: "==", right: day, as: date}, reason: 不在当天}"#)
        _ = try Self.outcome(mapping, ["b": "2026-11-18 10:00:00", "v": "2026-11-18"]).record()
        _ = try Self.outcome(mapping, ["b": "2026-11-18 23:59:59", "v": "2026-11-18"]).record()
        #expect(try Self.outcome(mapping, ["b": "2026-11-19 00:00:00", "v": "2026-11-18"]).reasons() == [
            MappingIssue(field: "text", value: "2026-11-19 00:00:00", rule: "compare", message: "不在当天"),
        ])
    }

    @Test("an RFC 3339 instant names its Beijing date, whatever offset it is written with")
    func instantInBeijing() throws {
        let mapping = try Self.mapping(#"{compare: {left: instant, op: "==", right: day, as: date}, reason: 不在当天}"#)
        // 16:30 UTC on the 17th is 00:30 on the 18th in Beijing.
        _ = try Self.outcome(mapping, ["a": "2026-11-17T16:30:00Z", "v": "2026-11-18"]).record()
        #expect(try Self.outcome(mapping, ["a": "2026-11-17T16:30:00Z", "v": "2026-11-17"]).reasons().map(\.rule) == ["compare"])
    }

    @Test("the ordering operators compare days, not times: a late time on a day is not after that day")
    func orderingByDay() throws {
        let mapping = try Self.mapping(#"{compare: {left: instant, op: "<=", right: day, as: date}, reason: 晚于当天}"#)
        _ = try Self.outcome(mapping, ["a": "2026-11-18T23:59:00+08:00", "v": "2026-11-18"]).record()
        #expect(try Self.outcome(mapping, ["a": "2026-11-19T00:00:00+08:00", "v": "2026-11-18"]).reasons().map(\.message) == ["晚于当天"])
    }

    @Test("without as: date the same values compare as text and differ")
    func defaultComparesValues() throws {
        let mapping = try Self.mapping(#"{compare: {left: text, op: "==", right: day}, reason: 不同}"#)
        #expect(try Self.outcome(mapping, ["b": "2026-11-18 10:00:00", "v": "2026-11-18"]).reasons().map(\.rule) == ["compare"])
        let explicit = try Self.mapping(#"{compare: {left: text, op: "==", right: day, as: value}, reason: 不同}"#)
        #expect(try Self.outcome(explicit, ["b": "2026-11-18 10:00:00", "v": "2026-11-18"]).reasons().map(\.rule) == ["compare"])
    }

    @Test("a side that names no date never fails the rule, like values of different kinds")
    func noDateNeverFails() throws {
        let mapping = try Self.mapping(#"{compare: {left: text, op: "==", right: day, as: date}, reason: 不在当天}"#)
        _ = try Self.outcome(mapping, ["b": "上午十点", "v": "2026-11-18"]).record()
        _ = try Self.outcome(mapping, ["b": "2026-11-31 10:00:00", "v": "2026-11-18"]).record()
    }

    @Test("as takes date or value, and says so")
    func unknownBasis() throws {
        let errors = try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(
            fields: Self.fields, extra: #"rules:\#n  - {compare: {left: text, op: "==", right: day, as: day}, reason: r}"#
        ))
        #expect(errors == [#"14:54 as must be date (compare the calendar dates the values name) or value (the default), not "day""#])
    }
}
