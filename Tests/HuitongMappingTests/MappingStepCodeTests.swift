import HuitongCore
import Testing
@testable import HuitongMapping

/// The code and check steps through the language: lookup, classify, gb32100, mobile_cn,
/// length and one_of. Lookups use the repository's code tables.
@Suite("Mapping steps: codes and checks")
struct MappingStepCodeTests {
    // MARK: lookup

    @Test("lookup finds a label or an alias and gives the canonical code")
    func lookupLabelAndAlias() throws {
        let probe = try StepProbe("district", steps: "- lookup: {table: district, match: [label, alias]}")
        #expect(try probe.value("崇川区") == "320613")
        #expect(try probe.value("港闸区") == "320613")
        #expect(try probe.value("海门市") == "320614")
    }

    @Test("lookup searches only the columns named in match")
    func lookupMatchColumns() throws {
        let labels = try StepProbe("district", steps: "- lookup: {table: district, match: [label]}")
        #expect(try labels.failure("港闸区").message == #"unknown value "港闸区" in code table district"#)
        let retired = try StepProbe("district", steps: "- lookup: {table: district, match: [code, retired]}")
        #expect(try retired.value("320611") == "320613")
        #expect(try retired.value("320612") == "320612")
    }

    @Test("lookup without match searches codes, labels and aliases but not retired codes")
    func lookupDefaultColumns() throws {
        let probe = try StepProbe("district", steps: "- lookup: district")
        #expect(try probe.value("320612") == "320612")
        #expect(try probe.value("通州区") == "320612")
        #expect(try probe.failure("320684").rule == "lookup district")
    }

    @Test("a code looked up in the field's own table passes; a code of another table is still checked")
    func lookupIntoOwnTableSkipsNoCheck() throws {
        #expect(try StepProbe("district", steps: "- lookup: {table: district, match: [label]}").value("崇川区") == "320613")
        let other = try StepProbe("district", steps: "- lookup: {table: shelter_status, match: [label]}")
        let failure = try other.failure("在用")
        #expect(failure.rule.hasSuffix(".district"))
        #expect(failure.message == #"not one of the codes of table district: "IN_USE""#)
    }

    @Test("lookup with output: label gives the entry's label")
    func lookupOutputLabel() throws {
        let probe = try StepProbe("text", steps: "- lookup: {table: district, match: [code, retired], output: label}")
        #expect(try probe.value("320684") == "海门区")
    }

    @Test("lookup looks up an integer input by its digits")
    func lookupInteger() throws {
        #expect(try StepProbe("district", from: "n", steps: "- lookup: district").value(record: ["n": 320623]) == "320623")
    }

    @Test("an unknown value fails with the table named and is counted per table in the run")
    func lookupUnknownCounted() throws {
        let probe = try StepProbe("district", steps: "- lookup: {table: district, match: [label, alias]}")
        var run = MappingTestSupport.run()
        for name in ["南京区", "崇川区", "南京区", "徐州区"] {
            _ = probe.outcome(["v": .string(name)], run: &run)
        }
        #expect(run.unknownValues == ["district": ["南京区": 2, "徐州区": 1]])
        let failure = try probe.failure("南京区")
        #expect(failure.field == "district")
        #expect(failure.value == "南京区")
        #expect(failure.rule == "lookup district")
        #expect(failure.message == #"unknown value "南京区" in code table district"#)
    }

    @Test("lookup of a table that does not exist is refused at the table name, with a hint")
    func lookupMissingTable() throws {
        let errors = try StepProbe.errors("district", steps: "- lookup: {table: distrct}")
        #expect(errors == [#"13:25 no code table "distrct" in mappings/codes; did you mean district?"#])
    }

    @Test("lookup refuses an unknown match column")
    func lookupBadColumn() throws {
        let errors = try StepProbe.errors("district", steps: "- lookup: {table: district, match: [name]}")
        #expect(errors == [#"13:43 match columns are alias, canonical, code, label, retired, not "name""#])
    }

    // MARK: classify

    @Test("classify gives the value of the first rule with a keyword in the text")
    func classifyFirstMatch() throws {
        let probe = try StepProbe("text", steps: """
            - classify:
                rules:
                  - {contains: [防空], value: AIR_DEFENCE}
                  - {contains: [暴雨, 洪水, 内涝], value: FLOOD}
                  - {contains: [台风], value: TYPHOON}
                default: OTHER
            """)
        #expect(try probe.value("台风引发暴雨内涝") == "FLOOD")
        #expect(try probe.value("防空警报试鸣 暴雨") == "AIR_DEFENCE")
        #expect(try probe.value("台风蓝色预警") == "TYPHOON")
    }

    @Test("classify gives the default when no rule matches")
    func classifyDefault() throws {
        let probe = try StepProbe("text", steps: "- classify: {rules: [{contains: [台风], value: TYPHOON}], default: OTHER}")
        #expect(try probe.value("高温橙色预警") == "OTHER")
    }

    @Test("classify without a default fails text no rule matches")
    func classifyNoDefault() throws {
        let failure = try StepProbe("text", steps: "- classify: {rules: [{contains: [台风], value: TYPHOON}]}").failure("高温")
        #expect(failure.rule == "classify")
        #expect(failure.message == #"no classify rule matches "高温" and there is no default"#)
    }

    @Test("classify refuses a rule without keywords")
    func classifyEmptyRule() throws {
        let errors = try StepProbe.errors("text", steps: "- classify: {rules: [{contains: [], value: X}]}")
        #expect(errors == ["13:19 classify rule 1 (→ X) has no keywords"])
    }

    // MARK: gb32100, mobile_cn

    @Test("gb32100 passes a valid unified social credit code")
    func creditCodeValid() throws {
        let probe = try StepProbe("text", steps: "- upper\n- gb32100")
        #expect(try probe.value("91350100m000100y43") == "91350100M000100Y43")
    }

    @Test("gb32100 fails a wrong check character or length")
    func creditCodeInvalid() throws {
        let probe = try StepProbe("text", steps: "- gb32100")
        let failure = try probe.failure("91350100M000100Y44")
        #expect(failure.rule == "gb32100")
        #expect(failure.message == #"check character is "4", expected "3" (GB 32100)"#)
        #expect(try probe.failure("9135010").message == "a unified social credit code has 18 characters, not 7")
    }

    @Test("mobile_cn passes 1[3-9] and nine more digits")
    func mobileValid() throws {
        #expect(try StepProbe("text", steps: "- digits\n- mobile_cn").value("138-1234 5678") == "13812345678")
    }

    @Test("mobile_cn fails other numbers without repeating them")
    func mobileInvalid() throws {
        let failure = try StepProbe("text", steps: "- mobile_cn").failure("12812345678")
        #expect(failure.rule == "mobile_cn")
        #expect(failure.message == "not a mainland mobile number: needs 11 digits starting 13–19, got 11 characters")
    }

    // MARK: length, one_of

    @Test("length passes text within its bounds, counting characters")
    func lengthWithin() throws {
        let probe = try StepProbe("text", steps: "- length: {min: 2, max: 4}")
        #expect(try probe.value("南通") == "南通")
        #expect(try probe.value("南通市区") == "南通市区")
    }

    @Test("length fails text outside its bounds")
    func lengthOutside() throws {
        let probe = try StepProbe("text", steps: "- length: {min: 2, max: 4}")
        let short = try probe.failure("南")
        #expect(short.rule == "length")
        #expect(short.message == "shorter than 2 characters (1)")
        #expect(try probe.failure("南通市崇川").message == "longer than 4 characters (5)")
    }

    @Test("length needs min or max")
    func lengthWithoutBounds() throws {
        #expect(try StepProbe.errors("text", steps: "- length: {}") == ["13:17 length needs min, max or both"])
    }

    @Test("one_of passes a listed value and fails another")
    func oneOf() throws {
        let probe = try StepProbe("text", steps: "- one_of: [Actual, Exercise]")
        #expect(try probe.value("Exercise") == "Exercise")
        let failure = try probe.failure("Test")
        #expect(failure.rule == "one_of")
        #expect(failure.message == #"not one of Actual, Exercise: "Test""#)
    }

    @Test("one_of compares numbers by value")
    func oneOfNumbers() throws {
        let probe = try StepProbe("count", from: "n", steps: "- one_of: [1, 2]")
        #expect(try probe.value(record: ["n": 2]) == 2)
        #expect(try probe.failure(record: ["n": 3]).message == #"not one of 1, 2: "3""#)
    }

    @Test("one_of takes a list")
    func oneOfNeedsList() throws {
        #expect(try StepProbe.errors("text", steps: "- one_of: Actual") == ["13:17 one_of takes a list, for example one_of: [a, b]"])
    }
}
