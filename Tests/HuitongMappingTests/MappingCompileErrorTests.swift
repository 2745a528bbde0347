import Foundation
import HuitongCore
import HuitongTestSupport
import HuitongYAML
import Testing
@testable import HuitongMapping

/// Mistakes a mapping can contain, each reported when it is loaded at its `file:line:col`
/// with a message that says what to do; and one file with ten of them, all reported at once.
/// (Step arguments, policies and rules have their own error tests beside their behaviour.)
@Suite("Mapping compile errors")
struct MappingCompileErrorTests {
    static func errors(_ fields: String, extra: String = "") throws -> [String] {
        try MappingTestSupport.errors(compiling: MappingTestSupport.probeMapping(fields: fields, extra: extra))
    }

    // MARK: the file

    @Test("an unknown top-level key is reported at the key, with a hint")
    func unknownTopLevelKey() throws {
        let errors = try Self.errors("text: {from: v}", extra: "descripton: 探针")
        #expect(errors == [
            #"11:1 a mapping file has no key "descripton"; did you mean "description"? allowed: description, fields, input, kind, mapping, output, rules, text, version"#,
        ])
    }

    @Test("missing required keys are each reported at the top of the file")
    func missingKeys() throws {
        let errors = try MappingTestSupport.errors(compiling: "mapping: probe\ndescription: nothing else\n")
        #expect(errors == [
            #"1:1 a mapping file needs the key "kind""#,
            #"1:1 a mapping file needs the key "version""#,
            #"1:1 a mapping file needs the key "fields""#,
        ])
    }

    @Test("a kind other than source or target is refused")
    func badKind() throws {
        let text = MappingTestSupport.probeMapping(fields: "").replacingOccurrences(of: "kind: source", with: "kind: sink")
        #expect(try MappingTestSupport.errors(compiling: text) == [#"2:7 kind must be source or target, not "sink""#])
    }

    @Test("an unknown output entity is refused, with a hint")
    func unknownEntity() throws {
        let text = MappingTestSupport.probeMapping(fields: "").replacingOccurrences(of: "entity: probe", with: "entity: probes")
        let errors = try MappingTestSupport.errors(compiling: text)
        #expect(errors == [#"7:11 no schema entity "probes"; did you mean probe? the schema has probe"#])
    }

    @Test("an unknown input type is refused at the type")
    func unknownInputType() throws {
        let text = MappingTestSupport.probeMapping(fields: "").replacingOccurrences(of: "x: any}", with: "x: number}")
        let errors = try MappingTestSupport.errors(compiling: text)
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("5:85 unknown type for input field x; use one of string, integer, decimal"))
    }

    // MARK: fields

    @Test("an unknown output field is reported at its name, with a hint and the entity's fields")
    func unknownOutputField() throws {
        let errors = try Self.errors("txt: {from: v}")
        #expect(errors == [
            #"10:3 probe has no field "txt"; did you mean text? it has id, text, note, amount, count, flag, day, instant, ended, place, zone, district"#,
        ])
    }

    @Test("an unknown input field is reported at the from, with a hint")
    func unknownInputField() throws {
        let errors = try Self.errors("text: {from: gsp}")
        #expect(errors == [#"10:16 no input field "gsp"; did you mean gps? the input has id, v, n, a, b, gps, x"#])
    }

    @Test("every item of a from list is checked")
    func unknownInputFieldInList() throws {
        let errors = try Self.errors("place: {from: [a, c], steps: [point]}")
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix(#"10:21 no input field "c"; "#))
    }

    @Test("a dotted path may reach only into an object input")
    func pathIntoText() throws {
        let errors = try Self.errors("amount: {from: v.lon, steps: [number]}")
        #expect(errors == ["10:18 v.lon reaches into v, which is string, not an object"])
    }

    @Test("a field needs from or value, not both")
    func fromOrValue() throws {
        #expect(try Self.errors("text: {steps: [upper]}") == [#"10:9 field text needs "from" (input fields) or "value" (a constant)"#])
        #expect(try Self.errors("text: {from: v, value: RF}") == [#"10:9 field text has both "from" and "value"; keep one"#])
    }

    @Test("an unknown key of a field is refused, with a hint")
    func unknownFieldKey() throws {
        let errors = try Self.errors("text: {from: v, on_eror: warn}")
        #expect(errors == [
            #"10:19 field text has no key "on_eror"; did you mean "on_error"? allowed: default, description, from, on_error, required, steps, value"#,
        ])
    }

    @Test("a required output field that is never produced is reported at fields")
    func requiredNeverProduced() throws {
        let text = MappingTestSupport.probeHeader + "\nfields:\n  text: {from: v}\n"
        #expect(try MappingTestSupport.errors(compiling: text) == ["9:3 required output field id (编号) is never produced; add it under fields"])
    }

    // MARK: steps

    @Test("an unknown step is reported at its name, with a hint")
    func unknownStep() throws {
        let errors = try StepProbe.errors("text", steps: "- trimm")
        #expect(errors == [#"13:9 unknown step "trimm"; did you mean trim? see docs/mapping-language.md for the steps"#])
    }

    @Test("an unknown step argument is reported at the argument, with the ones the step takes")
    func unknownArgument() throws {
        let errors = try StepProbe.errors("text", steps: "- mask: {keep_start: 3, keep_end: 4, char: \"#\"}")
        #expect(errors == [#"13:44 step mask has no argument "char"; it takes keep_end, keep_start, with"#])
    }

    @Test("a missing step argument is reported")
    func missingArgument() throws {
        #expect(try StepProbe.errors("text", steps: "- mask: {keep_start: 3}") == [#"13:15 missing key "keep_end" in this mapping; add it"#])
        #expect(try StepProbe.errors("amount", steps: "- number\n- round") == ["14:9 step round needs arguments, for example round: 6"])
    }

    @Test("a step written with two keys is refused")
    func stepWithTwoKeys() throws {
        let errors = try StepProbe.errors("text", steps: "- {upper: ~, trim: ~}")
        #expect(errors == ["13:9 a step is one name, or one name with its arguments (round: 6); this has 2 keys"])
    }

    @Test("steps that take no arguments refuse them rather than ignore them", arguments: [
        "epoch_ms: {unit: s}", "not_future: {zone: Z}", "point: {order: latlon}", "lon: 6", "center: {mean: true}",
        "polygon: {order: lonlat}", "coalesce: [a]", "mobile_cn: {country: CN}",
    ])
    func noArgumentSteps(step: String) throws {
        let name = String(step.prefix { $0 != ":" })
        let text = MappingTestSupport.probeMapping(fields: "note:\n  from: x\n  steps:\n    - \(step)")
        let errors = try MappingTestSupport.errors(compiling: text)
        #expect(errors == ["13:\(9 + name.count + 2) \(name) takes no arguments"])
    }

    @Test("date_of refuses an argument other than zone")
    func dateOfUnknownArgument() throws {
        let errors = try StepProbe.errors("day", steps: "- datetime: {formats: [rfc3339]}\n- date_of: {zome: \"+09:00\"}")
        #expect(errors == [#"14:19 step date_of has no argument "zome"; it takes zone"#])
    }

    // MARK: types

    @Test("a step that takes a point refuses a string")
    func pointStepGivenString() throws {
        #expect(try StepProbe.errors("amount", steps: "- lat") == ["13:9 step lat takes point, but receives string here"])
    }

    @Test("steps that end in the wrong type for the output field are refused at steps")
    func stepsEndInWrongType() throws {
        let errors = try StepProbe.errors("day", steps: "- trim")
        #expect(errors == ["13:7 the steps of day end with string, but probe.day is date"])
    }

    @Test("an input of the wrong type without steps is refused at the field")
    func inputOfWrongType() throws {
        #expect(try Self.errors("place: {from: v}") == ["10:10 place is point, but its input is string; add steps that convert it"])
    }

    @Test("a template's placeholders are checked against what flows in")
    func templateTypes() throws {
        #expect(try StepProbe.errors("text", steps: #"- template: "{0}-{1}""#)
            == [#"13:19 the template uses {1}, but a single string flows in here, not a list; use {value}"#])
        #expect(try StepProbe.errors("text", from: "[a, b]", steps: #"- template: "{value}""#)
            == [#"13:19 {value} needs a single value, but a list flows in here; use {0}, {1} …"#])
    }

    @Test("every problem in the file is reported at once, one per field")
    func everyProblemAtOnce() throws {
        let errors = try Self.errors("""
            text: {from: vv}
            day: {from: v, steps: [trim]}
            count: {from: v, steps: [integr]}
            """)
        #expect(errors.map { String($0.prefix { $0 != " " }) } == ["10:16", "11:25", "12:28"])
    }

    // MARK: ten mistakes

    @Test("the ten-mistakes file gets exactly its ten errors, each at its place")
    func tenMistakes() throws {
        let path = Fixtures.path("mappings/ten-mistakes.yaml")
        let failure = try #require(throws: MappingLoadFailure.self) {
            try MappingCompiler(schema: MappingTestSupport.realSchema.get()).compile(path: path)
        }
        #expect(failure.errors.allSatisfy { $0.location.file == path })
        #expect(failure.errors.map { "\($0.location.line):\($0.location.column)" } == [
            "7:1", "34:16", "36:11", "40:25", "41:3", "47:9", "52:18", "64:9", "75:15", "86:54",
        ])
        let messages = failure.errors.map(\.message)
        #expect(messages[0].hasPrefix(#"a mapping file has no key "descripton"; did you mean "description"?"#))
        #expect(messages[1].hasPrefix("invalid regular expression /[0-9]{6}-RF-[0-9/"))
        #expect(messages[2].hasPrefix(#"no input field "工程名"; did you mean 工程名称?"#))
        #expect(messages[3] == #"no code table "districts" in mappings/codes; did you mean district?"#)
        #expect(messages[4].hasPrefix(#"shelter has no field "adress"; did you mean address?"#))
        #expect(messages[5] == #"unknown step "pointt"; did you mean point? see docs/mapping-language.md for the steps"#)
        #expect(messages[6] == #"step number has no argument "unit"; it takes thousands, units"#)
        #expect(messages[7] == "step lon takes point, but receives string here")
        #expect(messages[8] == #"on_error must be reject, warn or default, not "ignore""#)
        #expect(messages[9] == "parking_space is not an output field this mapping produces; did you mean parking_spaces? rules refer to output fields")
    }

    @Test("the example in examples/broken is the ten-mistakes fixture")
    func exampleMatchesFixture() throws {
        let fixture = try String(contentsOfFile: Fixtures.path("mappings/ten-mistakes.yaml"), encoding: .utf8)
        let example = try String(contentsOfFile: RepositoryPaths.path("examples/broken/ten-mistakes.yaml"), encoding: .utf8)
        #expect(example == fixture)
    }
}
