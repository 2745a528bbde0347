import HuitongCore
import Testing
@testable import HuitongMapping
import Foundation

/// What a failing field does to its record: `on_error: reject | warn | default`, `required`,
/// and the schema's own constraints on the values the steps produce.
@Suite("Mapping failure policies")
struct MappingPolicyTests {
    /// Three fields: two that fail on bad input and one that cannot fail.
    static let threeFields = MappingTestSupport.probeMapping(fields: """
        count:
          from: v
          steps: [integer]
        amount:
          from: a
          steps: [number]
        text:
          from: b
        """)

    static func map(_ text: String, _ record: OrderedObject) throws -> MappingOutcome {
        var run = MappingTestSupport.run()
        var record = record
        record["id"] = "P-1"
        return try MappingTestSupport.compileProbe(text).map(record, run: &run)
    }

    // MARK: reject

    @Test("reject, the default, sets the record aside with the reason of every failing field")
    func rejectCollectsEveryReason() throws {
        let reasons = try Self.map(Self.threeFields, ["v": "八十六", "a": "12亩", "b": "备注"]).reasons()
        #expect(reasons == [
            MappingIssue(field: "count", value: "八十六", rule: "integer", message: #"not an integer: "八十六""#),
            MappingIssue(field: "amount", value: "12亩", rule: "number", message: #"not a number: "12亩" (no unit is allowed here)"#),
        ])
    }

    @Test("a set-aside reason reads field, message, value and rule")
    func reasonDescription() throws {
        let reasons = try Self.map(Self.threeFields, ["v": "x"]).reasons()
        #expect(reasons.map(\.description) == [#"count: not an integer: "x" (value "x") [integer]"#])
    }

    @Test("explicit on_error: reject behaves as the default")
    func explicitReject() throws {
        let text = MappingTestSupport.probeMapping(fields: "count: {from: v, steps: [integer], on_error: reject}")
        #expect(try Self.map(text, ["v": "x"]).reasons().map(\.rule) == ["integer"])
    }

    // MARK: warn

    @Test("warn leaves the field out, records a warning and maps the record")
    func warnLeavesFieldOut() throws {
        let text = MappingTestSupport.probeMapping(fields: "count: {from: v, steps: [integer], on_error: warn}\ntext: {from: b}")
        let outcome = try Self.map(text, ["v": "x", "b": "备注"])
        #expect(try outcome.record() == ["id": "P-1", "text": "备注"])
        #expect(outcome.warnings == [MappingIssue(field: "count", value: "x", rule: "integer", message: #"not an integer: "x""#)])
    }

    @Test("warn on a required field that fails sets the record aside, since the field is missing")
    func warnOnRequiredField() throws {
        let text = MappingTestSupport.probeMapping(fields: "count: {from: v, steps: [integer], on_error: warn, required: true}")
        let outcome = try Self.map(text, ["v": "x"])
        #expect(try outcome.reasons() == [
            MappingIssue(field: "count", value: nil, rule: "required", message: #"required, but left out after: not an integer: "x""#),
        ])
        #expect(outcome.warnings.map(\.rule) == ["integer"])
    }

    // MARK: default

    @Test("default uses the default value and records a warning")
    func defaultUsesValue() throws {
        let text = MappingTestSupport.probeMapping(fields: "count: {from: v, steps: [integer], on_error: default, default: 0}")
        let outcome = try Self.map(text, ["v": "x"])
        #expect(try outcome.record()["count"] == 0)
        #expect(outcome.warnings == [
            MappingIssue(field: "count", value: "x", rule: "integer", message: #"not an integer: "x"; used the default"#),
        ])
    }

    @Test("the default is not used for an absent value, only for a failing one")
    func defaultNotForAbsent() throws {
        let text = MappingTestSupport.probeMapping(fields: "count: {from: v, steps: [integer], on_error: default, default: 0}")
        let outcome = try Self.map(text, [:])
        #expect(try outcome.record() == ["id": "P-1"])
        #expect(outcome.warnings.isEmpty)
    }

    @Test("on_error: default needs a default value, and a default needs on_error: default")
    func defaultErrors() throws {
        let missing = MappingTestSupport.probeMapping(fields: "text:\n  from: v\n  on_error: default")
        #expect(try MappingTestSupport.errors(compiling: missing) == [#"12:15 on_error: default needs a "default" value beside it"#])
        let stray = MappingTestSupport.probeMapping(fields: "text:\n  from: v\n  default: 无")
        #expect(try MappingTestSupport.errors(compiling: stray) == [#"11:5 field text has a default but on_error is not "default""#])
    }

    @Test("a default that breaks the field's schema rule is refused when the mapping is loaded")
    func defaultMustFitField() throws {
        let wrongType = MappingTestSupport.probeMapping(fields: "count: {from: v, steps: [integer], on_error: default, default: 无}")
        #expect(try MappingTestSupport.errors(compiling: wrongType)
            == [#"10:66 the default of count breaks probe.count: expected an integer, found "无""#])
        let absentForRequired = MappingTestSupport.probeMapping(fields: "").replacingOccurrences(
            of: "id: {from: id}", with: "id: {from: id, steps: [upper], on_error: default, default: ~}"
        )
        #expect(try MappingTestSupport.errors(compiling: absentForRequired)
            == ["9:62 the default of id breaks probe.id: required but absent"])
    }

    @Test("on_error must be reject, warn or default")
    func badPolicy() throws {
        let text = MappingTestSupport.probeMapping(fields: "text:\n  from: v\n  on_error: ignore")
        #expect(try MappingTestSupport.errors(compiling: text) == [#"12:15 on_error must be reject, warn or default, not "ignore""#])
    }

    // MARK: required

    @Test("a required field absent after its steps sets the record aside")
    func requiredAbsent() throws {
        let text = MappingTestSupport.probeMapping(fields: "text: {from: v, required: true, steps: [{absent_if: [无]}]}")
        #expect(try Self.map(text, ["v": "无"]).reasons() == [
            MappingIssue(field: "text", value: nil, rule: "required", message: "required, but absent"),
        ])
    }

    @Test("a field the schema requires cannot be made optional")
    func requiredCannotBeLoosened() throws {
        let text = MappingTestSupport.probeMapping(fields: "").replacingOccurrences(of: "id: {from: id}", with: "id: {from: id, required: false}")
        #expect(try MappingTestSupport.errors(compiling: text)
            == ["9:28 id is required by probe, so required: false would let records without it through; remove it"])
    }

    @Test("a field is required when its schema parameter is, without saying so")
    func requiredFromSchema() throws {
        var run = MappingTestSupport.run()
        let mapping = try MappingTestSupport.compileProbe(MappingTestSupport.probeMapping(fields: ""))
        let reasons = try mapping.map(["id": "  "], run: &run).reasons()
        #expect(reasons.map(\.field) == ["id"])
        #expect(reasons.map(\.rule) == ["required"])
    }

    // MARK: schema constraints

    @Test("a produced value that breaks the schema's range is rejected under the field's reject policy")
    func schemaRangeRejects() throws {
        let mapping = try ShelterRegistry.mapping(replacing: "      - range: {min_exclusive: 0}\n      - round: 2", with: "      - round: 2")
        let reasons = try ShelterRegistry.map(ShelterRegistry.row(["建筑面积": "0㎡"]), with: mapping).reasons()
        #expect(reasons == [MappingIssue(field: "floor_area", value: "0㎡", rule: "shelter.floor_area", message: "0 is not above 0")])
    }

    @Test("a produced value that breaks the schema's decimals is rejected")
    func schemaDecimalsReject() throws {
        let mapping = try ShelterRegistry.mapping(replacing: "      - round: 2\n", with: "")
        let reasons = try ShelterRegistry.map(ShelterRegistry.row(["建筑面积": "12.345"]), with: mapping).reasons()
        #expect(reasons.map(\.rule) == ["shelter.floor_area"])
        #expect(reasons.map(\.message) == ["more than 2 decimals: 12.345"])
    }

    @Test("a produced value that breaks the schema's range is left out with a warning under warn")
    func schemaRangeWarns() throws {
        let mapping = try ShelterRegistry.mapping(
            replacing: "      - integer\n      - range: {min: 0}\n  parking_spaces:",
            with: "      - integer\n    on_error: warn\n  parking_spaces:"
        )
        let outcome = try ShelterRegistry.map(ShelterRegistry.row(["掩蔽人数": "-1"]), with: mapping)
        #expect(try outcome.record()["capacity"] == nil)
        #expect(outcome.warnings == [MappingIssue(field: "capacity", value: "-1", rule: "shelter.capacity", message: "-1 is below the minimum 0")])
    }

    @Test("a produced code that is not in the parameter's table is rejected")
    func schemaCodeRejects() throws {
        let text = MappingTestSupport.probeMapping(fields: "district: {from: v}")
        let reasons = try Self.map(text, ["v": "南通市"]).reasons()
        #expect(reasons.map(\.rule) == ["probe.district"])
        #expect(reasons.map(\.message) == [#"not one of the codes of table district: "南通市""#])
    }
}
