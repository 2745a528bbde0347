import HuitongCore
import Testing
@testable import HuitongMapping

/// The steps that choose between values (coalesce, default_value, if, absent_if, to_bool,
/// from_bool), element-wise application over `from: [a, b]`, and absent values skipping steps.
@Suite("Mapping steps: control")
struct MappingStepControlTests {
    // MARK: coalesce, default_value

    @Test("coalesce gives the first present item of a list")
    func coalesceStep() throws {
        let probe = try StepProbe("text", from: "[a, b, v]", steps: "- coalesce")
        #expect(try probe.value(record: ["a": " ", "b": "标题", "v": "事件"]) == "标题")
        #expect(try probe.value(record: ["v": "事件"]) == "事件")
    }

    @Test("coalesce takes a list")
    func coalesceNeedsList() throws {
        #expect(try StepProbe.errors("text", steps: "- coalesce") == ["13:9 step coalesce takes list, but receives string here"])
    }

    @Test("default_value gives an absent value a value and leaves a present one")
    func defaultValueStep() throws {
        let probe = try StepProbe("count", steps: "- integer\n- default_value: 0")
        #expect(try probe.value(nil) == 0)
        #expect(try probe.value("") == 0)
        #expect(try probe.value("7") == 7)
    }

    @Test("default_value needs its value")
    func defaultValueNeedsArgument() throws {
        #expect(try StepProbe.errors("text", steps: "- default_value")
            == ["13:9 step default_value needs arguments, for example default_value: 0"])
    }

    // MARK: if

    static let ifEquals = """
        - if:
            equals: 停用
            then: [{template: "已停用"}]
            else: [upper]
        """

    @Test("if with equals runs the then-steps on a match and the else-steps otherwise")
    func ifEqualsStep() throws {
        let probe = try StepProbe("text", steps: Self.ifEquals)
        #expect(try probe.value("停用") == "已停用")
        #expect(try probe.value("rf") == "RF")
    }

    @Test("if with in runs the then-steps for any listed value")
    func ifInStep() throws {
        let probe = try StepProbe("flag", steps: """
            - if: {in: [是, Y], then: [{template: "true"}], else: [{template: "false"}]}
            - to_bool: {true: ["true"], false: ["false"]}
            """)
        #expect(try probe.value("Y") == true)
        #expect(try probe.value("否") == false)
    }

    @Test("if with absent: true sees absent values, which other steps skip")
    func ifAbsentStep() throws {
        let probe = try StepProbe("text", steps: "- if: {absent: true, then: [{default_value: 未填}], else: [upper]}")
        #expect(try probe.value(nil) == "未填")
        #expect(try probe.value("ab") == "AB")
    }

    @Test("a failing step inside if fails the field with the inner step's message")
    func ifInnerFailure() throws {
        let failure = try StepProbe("text", steps: #"- if: {equals: X, else: [{match: '\d+'}]}"#).failure("ab")
        #expect(failure.rule == "if")
        #expect(failure.message == #"does not match /\d+/: "ab""#)
    }

    @Test("if needs a condition and steps")
    func ifErrors() throws {
        #expect(try StepProbe.errors("text", steps: "- if: {then: [upper]}") == ["13:13 if needs a condition: equals, in or absent"])
        #expect(try StepProbe.errors("text", steps: "- if: {equals: X}") == ["13:13 if needs then or else steps"])
    }

    @Test("if refuses two conditions rather than silently using one")
    func ifTwoConditions() throws {
        let errors = try StepProbe.errors("text", steps: "- if: {equals: X, in: [Y], then: [upper]}")
        #expect(errors == ["13:13 if takes one condition: equals, in or absent"])
    }

    @Test("the nested steps of if are checked like any others")
    func ifNestedErrors() throws {
        let errors = try StepProbe.errors("text", steps: "- if: {equals: X, then: [uper]}")
        #expect(errors == [#"13:32 unknown step "uper"; did you mean upper? see docs/mapping-language.md for the steps"#])
    }

    // MARK: absent_if

    @Test("absent_if makes the listed values absent, so an optional field is left out")
    func absentIfStep() throws {
        let probe = try StepProbe("text", steps: #"- absent_if: ["-", 无]"#)
        #expect(try probe.value("-") == nil)
        #expect(try probe.value("无") == nil)
        #expect(try probe.value("有") == "有")
    }

    @Test("absent_if takes the list itself, not {in: […]}")
    func absentIfNeedsList() throws {
        let errors = try StepProbe.errors("text", steps: #"- absent_if: {in: ["-"]}"#)
        #expect(errors == [#"13:20 absent_if takes a list, for example absent_if: ["-", "无"]"#])
    }

    // MARK: to_bool, from_bool

    @Test("to_bool turns the listed values into true and false")
    func toBoolStep() throws {
        let probe = try StepProbe("flag", steps: "- to_bool: {true: [是, yes], false: [否, no]}")
        #expect(try probe.value("是") == true)
        #expect(try probe.value("no") == false)
    }

    @Test("to_bool compares numbers by value")
    func toBoolNumbers() throws {
        let probe = try StepProbe("flag", from: "n", steps: "- to_bool: {true: [1], false: [0]}")
        #expect(try probe.value(record: ["n": 1]) == true)
        #expect(try probe.value(record: ["n": 0]) == false)
    }

    @Test("to_bool fails a value in neither list")
    func toBoolUnknown() throws {
        let failure = try StepProbe("flag", steps: "- to_bool: {true: [是], false: [否]}").failure("也许")
        #expect(failure.rule == "to_bool")
        #expect(failure.message == #"neither true nor false: "也许""#)
    }

    @Test("from_bool turns true and false into the given values")
    func fromBoolStep() throws {
        let probe = try StepProbe("count", steps: "- to_bool: {true: [是], false: [否]}\n- from_bool: {true: 1, false: 0}")
        #expect(try probe.value("是") == 1)
        #expect(try probe.value("否") == 0)
    }

    @Test("from_bool fails a value that is not a boolean at run time")
    func fromBoolRuntime() throws {
        let failure = try StepProbe("count", from: "x", steps: "- from_bool: {true: 1, false: 0}").failure(record: ["x": "yes"])
        #expect(failure.rule == "from_bool")
        #expect(failure.message == #"not true or false: "yes""#)
    }

    @Test("from_bool takes a boolean and needs both values")
    func fromBoolErrors() throws {
        #expect(try StepProbe.errors("count", steps: "- from_bool: {true: 1, false: 0}")
            == ["13:9 step from_bool takes boolean, but receives string here"])
        #expect(try StepProbe.errors("count", from: "x", steps: "- from_bool: {true: 1}")
            == ["13:20 from_bool needs both true and false"])
    }

    // MARK: element-wise, absent values

    @Test("element-wise steps apply to each item of from: [a, b]")
    func elementwise() throws {
        let probe = try StepProbe("text", from: "[a, b]", steps: "- upper\n- remove: [\"-\"]\n- join: \"/\"")
        #expect(try probe.value(record: ["a": "rf-1", "b": "ab-2"]) == "RF1/AB2")
    }

    @Test("element-wise steps leave absent items absent")
    func elementwiseSkipsAbsentItems() throws {
        let probe = try StepProbe("count", from: "[a, b]", steps: "- integer: {suffixes: [个]}\n- coalesce")
        #expect(try probe.value(record: ["b": "7个"]) == 7)
    }

    @Test("one failing item fails the whole field")
    func elementwiseFailure() throws {
        let failure = try StepProbe("count", from: "[a, b]", steps: "- integer\n- coalesce").failure(record: ["a": "x", "b": "7"])
        #expect(failure.rule == "integer")
        #expect(failure.value == "x,7")
        #expect(failure.message == #"not an integer: "x""#)
    }

    @Test("an absent value skips every step except those that look at absent values")
    func absentSkipsSteps() throws {
        let skipped = try StepProbe("count", steps: "- integer\n- range: {min: 10}")
        #expect(try skipped.value(nil) == nil)
        let defaulted = try StepProbe("count", steps: "- integer\n- range: {min: 10}\n- default_value: 10")
        #expect(try defaulted.value(nil) == 10)
    }

    @Test("a list whose items are all absent is absent: an optional point from two empty columns is left out")
    func allAbsentListIsAbsent() throws {
        let probe = try StepProbe("place", from: "[a, b]", steps: "- number\n- point\n- datum: {from: BD09, to: WGS84}")
        #expect(try probe.value(record: ["a": "", "b": " "]) == nil)
        #expect(try probe.value(record: [:]) == nil)
    }

    @Test("if with absent: true sees a list of absent items as absent")
    func allAbsentListForIf() throws {
        let probe = try StepProbe("text", from: "[a, b]", steps: #"- if: {absent: true, then: [{default_value: 无}], else: [{join: ","}]}"#)
        #expect(try probe.value(record: [:]) == "无")
        #expect(try probe.value(record: ["a": "甲"]) == "甲")
    }

    // MARK: sources

    @Test("value: gives a constant, which steps may change")
    func constantValue() throws {
        let text = MappingTestSupport.probeMapping(fields: "text: {value: RF, steps: [{template: \"{value}-01\"}]}\ncount: {value: 5}")
        var run = MappingTestSupport.run()
        let record = try MappingTestSupport.compileProbe(text).map(["id": "P-1"], run: &run).record()
        #expect(record == ["id": "P-1", "text": "RF-01", "count": 5])
    }

    @Test("a constant of the wrong type for its field is refused when the mapping is loaded")
    func constantOfWrongType() throws {
        let errors = try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(fields: "count: {value: 五}"))
        #expect(errors == ["10:10 count is integer, but its input is string; add steps that convert it"])
    }

    @Test("a dotted path reads a member of an object input; a missing member is absent")
    func dottedPath() throws {
        let probe = try StepProbe("amount", from: "gps.lon", steps: "- number")
        #expect(try probe.value(record: ["gps": ["lon": "120.9", "lat": "32.0"]]) == 120.9)
        #expect(try probe.value(record: ["gps": ["lat": "32.0"]]) == nil)
        #expect(try probe.value(record: ["gps": nil]) == nil)
    }
}
