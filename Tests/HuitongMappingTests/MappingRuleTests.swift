import HuitongCore
import Testing
@testable import HuitongMapping

/// Record rules through the language: compare, require, forbid, filter and dedupe.
@Suite("Mapping record rules")
struct MappingRuleTests {
    static let fields = """
        count: {from: v, steps: [integer]}
        amount: {from: a, steps: [number]}
        text: {from: b}
        note: {from: x}
        instant: {from: n, steps: [{datetime: {formats: [epoch_seconds]}}]}
        """

    static func mapping(rules: String) throws -> CompiledMapping {
        try MappingTestSupport.compileProbe(MappingTestSupport.probeMapping(fields: fields, extra: "rules:\n" + rules))
    }

    static func map(_ mapping: CompiledMapping, _ record: OrderedObject, testMode: Bool = false) -> MappingOutcome {
        var run = MappingTestSupport.run(testMode: testMode)
        var record = record
        if record["id"] == nil { record["id"] = "P-1" }
        return mapping.map(record, run: &run)
    }

    // MARK: compare

    @Test("compare applies each operator to two present values", arguments: [
        ("<", "5", "6", true), ("<", "6", "6", false), ("<=", "6", "6", true), ("<=", "7", "6", false),
        (">", "7", "6", true), (">", "6", "6", false), (">=", "6", "6", true), (">=", "5", "6", false),
        ("==", "6", "6.0", true), ("==", "5", "6", false), ("!=", "5", "6", true), ("!=", "6", "6", false),
    ])
    func compareOperators(op: String, left: String, right: String, passes: Bool) throws {
        let mapping = try Self.mapping(rules: #"  - {compare: {left: count, op: "\#(op)", right: amount}, reason: 不符}"#)
        let outcome = Self.map(mapping, ["v": .string(left), "a": .string(right)])
        if passes {
            _ = try outcome.record()
        } else {
            #expect(try outcome.reasons() == [MappingIssue(field: "count", value: left, rule: "compare", message: "不符")])
        }
    }

    @Test("compare passes when either side is absent")
    func compareNeedsBoth() throws {
        let mapping = try Self.mapping(rules: #"  - {compare: {left: count, op: "<=", right: amount}, reason: 不符}"#)
        #expect(try Self.map(mapping, ["v": "9"]).record()["count"] == 9)
        _ = try Self.map(mapping, ["a": "1"]).record()
    }

    @Test("compare with on_fail: warn keeps the record and records the reason as a warning")
    func compareWarn() throws {
        let mapping = try Self.mapping(rules: #"  - {compare: {left: count, op: "<=", right: amount}, on_fail: warn, reason: 偏多}"#)
        let outcome = Self.map(mapping, ["v": "9", "a": "1"])
        #expect(try outcome.record()["count"] == 9)
        #expect(outcome.warnings == [MappingIssue(field: "count", value: "9", rule: "compare", message: "偏多")])
    }

    @Test("compare orders datetimes as instants")
    func compareInstants() throws {
        let text = MappingTestSupport.probeMapping(
            fields: "instant: {from: n, steps: [{datetime: {formats: [epoch_seconds]}}]}\nended: {from: v, steps: [{datetime: {formats: [rfc3339]}}]}",
            extra: "rules:\n  - {compare: {left: instant, op: \"<=\", right: ended}, reason: 晚于}"
        )
        let mapping = try MappingTestSupport.compileProbe(text)
        _ = try Self.map(mapping, ["n": 1_795_829_400, "v": "2026-11-28T01:30:00Z"]).record()
        #expect(try Self.map(mapping, ["n": 1_795_829_401, "v": "2026-11-28T01:30:00Z"]).reasons().map(\.message) == ["晚于"])
    }

    @Test("compare needs an operator it knows and a reason")
    func compareErrors() throws {
        let errors = try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(
            fields: Self.fields, extra: "rules:\n  - {compare: {left: count, op: \"=<\", right: amount}}"
        ))
        #expect(errors == [
            #"16:33 op must be one of < <= > >= == !=, not "=<""#,
            "16:5 a compare rule needs a reason, the text an operator reads when it fails",
        ])
    }

    // MARK: require, forbid

    @Test("require with when: equals needs the field when the condition holds")
    func requireWhenEquals() throws {
        let mapping = try Self.mapping(rules: "  - {require: {field: note, when: {field: text, equals: 故障}}, reason: 故障须说明}")
        #expect(try Self.map(mapping, ["b": "故障"]).reasons() == [MappingIssue(field: "note", value: nil, rule: "require", message: "故障须说明")])
        _ = try Self.map(mapping, ["b": "故障", "x": "喇叭损坏"]).record()
        _ = try Self.map(mapping, ["b": "正常"]).record()
    }

    @Test("require with when: not_equals holds for an absent value too")
    func requireWhenNotEquals() throws {
        let mapping = try Self.mapping(rules: "  - {require: {field: note, when: {field: text, not_equals: 正常}}, reason: 须说明}")
        #expect(try Self.map(mapping, ["b": "故障"]).reasons().map(\.field) == ["note"])
        #expect(try Self.map(mapping, [:]).reasons().map(\.field) == ["note"])
        _ = try Self.map(mapping, ["b": "正常"]).record()
    }

    @Test("require with when: in and when: present")
    func requireWhenInAndPresent() throws {
        let listed = try Self.mapping(rules: "  - {require: {field: note, when: {field: count, in: [1, 2]}}, reason: 须说明}")
        #expect(try Self.map(listed, ["v": "2"]).reasons().map(\.rule) == ["require"])
        _ = try Self.map(listed, ["v": "3"]).record()
        let present = try Self.mapping(rules: "  - {require: {field: note, when: {field: amount, present: true}}, reason: 须说明}")
        #expect(try Self.map(present, ["a": "1.5"]).reasons().map(\.rule) == ["require"])
        _ = try Self.map(present, [:]).record()
    }

    @Test("require without when always needs the field")
    func requireAlways() throws {
        let mapping = try Self.mapping(rules: "  - {require: {field: text}, reason: 须有文本}")
        #expect(try Self.map(mapping, [:]).reasons().map(\.message) == ["须有文本"])
    }

    @Test("forbid needs the field absent when the condition holds, and can warn")
    func forbidWhen() throws {
        let mapping = try Self.mapping(rules: "  - {forbid: {field: note, when: {field: text, equals: 正常}}, on_fail: warn, reason: 正常无须说明}")
        let outcome = Self.map(mapping, ["b": "正常", "x": "多余"])
        #expect(try outcome.record()["note"] == "多余")
        #expect(outcome.warnings == [MappingIssue(field: "note", value: "多余", rule: "forbid", message: "正常无须说明")])
        #expect(Self.map(mapping, ["b": "故障", "x": "说明"]).warnings.isEmpty)
    }

    @Test("when needs exactly one test")
    func whenNeedsOneTest() throws {
        let errors = try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(
            fields: Self.fields, extra: "rules:\n  - {require: {field: note, when: {field: text}}, reason: r}"
        ))
        #expect(errors == ["16:35 when needs exactly one of equals, not_equals, in, present"])
    }

    @Test("a rule naming a field the mapping does not produce is refused, with a hint")
    func ruleUnknownField() throws {
        let errors = try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(
            fields: Self.fields, extra: "rules:\n  - {require: {field: notes}, reason: r}"
        ))
        #expect(errors == ["16:23 notes is not an output field this mapping produces; did you mean note? rules refer to output fields"])
    }

    // MARK: filter

    @Test("a filter on an input field skips the record before it is mapped")
    func filterOnInput() throws {
        let mapping = try Self.mapping(rules: "  - filter: {input: b, in: [Actual]}")
        #expect(try Self.map(mapping, ["b": "Test", "v": "not a number"]).skipReason() == "b is Test, not for this target (production run)")
        #expect(try Self.map(mapping, ["b": " Actual "]).record()["text"] == "Actual")
    }

    @Test("a filter on an output field skips a mapped record whose value is not listed")
    func filterOnOutput() throws {
        let mapping = try Self.mapping(rules: "  - filter: {field: count, in: [1, 2]}")
        #expect(try Self.map(mapping, ["v": "3"]).skipReason() == "count is 3, not for this target (production run)")
        #expect(try Self.map(mapping, [:]).skipReason() == "count is absent, not for this target (production run)")
        _ = try Self.map(mapping, ["v": "2"]).record()
    }

    @Test("test_in replaces in during a joint-test run, and only then")
    func filterTestIn() throws {
        let mapping = try Self.mapping(rules: "  - filter: {field: text, in: [Actual], test_in: [Actual, Exercise]}")
        #expect(try Self.map(mapping, ["b": "Exercise"]).skipReason() == "text is Exercise, not for this target (production run)")
        #expect(try Self.map(mapping, ["b": "Exercise"], testMode: true).record()["text"] == "Exercise")
        #expect(try Self.map(mapping, ["b": "Draft"], testMode: true).skipReason() == "text is Draft, not for this target (joint-test run)")
    }

    @Test("a filter needs in, and a field or input that exists")
    func filterErrors() throws {
        let errors = try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(
            fields: Self.fields, extra: "rules:\n  - filter: {field: text, test_in: [A]}\n  - filter: {input: status, in: [A]}"
        ))
        #expect(errors == [
            "16:13 filter needs in: the values that are for this target",
            #"17:21 no input field "status""#,
        ])
    }

    // MARK: dedupe

    static func resolve(rule: String, _ records: [OrderedObject]) throws -> (winners: [Int], losers: [Int], resolver: DuplicateResolver<Int>) {
        let mapping = try Self.mapping(rules: "  - dedupe: \(rule)")
        var resolver = DuplicateResolver<Int>(rule: try #require(mapping.deduplication))
        var losers: [Int] = []
        for (index, record) in records.enumerated() {
            let mapped = try Self.map(mapping, record).record()
            if let loser = resolver.add(mapped, reference: index) { losers.append(loser.reference) }
        }
        return (resolver.results.map(\.reference), losers, resolver)
    }

    static let rows: [OrderedObject] = [
        ["id": "A", "n": 200], ["id": "B", "n": 100], ["id": "A", "n": 100], ["id": "A", "n": 300], ["id": "A", "n": 300],
    ]

    @Test("keep: latest keeps the record with the greatest order_by, the later one on a tie")
    func dedupeLatest() throws {
        let result = try Self.resolve(rule: "{key: [id], order_by: instant, keep: latest}", Self.rows)
        #expect(result.winners == [4, 1])
        #expect(result.losers == [2, 0, 3])
    }

    @Test("keep: earliest keeps the record with the smallest order_by, the earlier one on a tie")
    func dedupeEarliest() throws {
        let result = try Self.resolve(rule: "{key: [id], order_by: instant, keep: earliest}", Self.rows)
        #expect(result.winners == [2, 1])
        #expect(result.losers == [0, 3, 4])
    }

    @Test("a loser is set aside as duplicate by default, or skipped with loser: skip")
    func dedupeLoserFate() throws {
        let setAside = try Self.resolve(rule: "{order_by: instant}", Self.rows)
        #expect(setAside.resolver.rule.loser == .setAside)
        #expect(setAside.resolver.rule.key == ["id"])
        let reason = setAside.resolver.reason(for: ["id": "A", "instant": "2026-11-28T09:30:00+08:00"])
        #expect(reason == MappingIssue(
            field: "id", value: "A", rule: "duplicate",
            message: "duplicate: another record with this key wins (a later instant, or the same and read later)"
        ))
        let skip = try Self.resolve(rule: "{order_by: instant, loser: skip}", Self.rows)
        #expect(skip.resolver.rule.loser == .skip)
    }

    @Test("dedupe refuses an unknown keep and a second dedupe rule")
    func dedupeErrors() throws {
        let errors = try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(
            fields: Self.fields, extra: "rules:\n  - dedupe: {order_by: instant, keep: newest}\n  - dedupe: {order_by: instant}"
        ))
        #expect(errors == ["16:39 keep must be latest or earliest", "17:5 a mapping has at most one dedupe rule"])
    }
}
