import HuitongCore
import Testing
@testable import HuitongMapping

/// The text steps through the language: trim, upper, lower, digits, remove, replace, extract,
/// match, cut, mask, template and join, plus the text defaults every string input gets.
@Suite("Mapping steps: text")
struct MappingStepTextTests {
    // MARK: trim, upper, lower, digits

    @Test("trim strips white space including U+3000 (with the text default switched off)")
    func trimStep() throws {
        let probe = try StepProbe("text", steps: "- trim", extra: "text: {trim: false}")
        #expect(try probe.value("\u{3000} 南通\t ") == "南通")
    }

    @Test("upper and lower change the case of Latin letters only")
    func upperAndLower() throws {
        #expect(try StepProbe("text", steps: "- upper").value("91320600mA1xyz人防") == "91320600MA1XYZ人防")
        #expect(try StepProbe("text", steps: "- lower").value("RF-Ab") == "rf-ab")
    }

    @Test("digits keeps only the digits 0-9")
    func digitsStep() throws {
        #expect(try StepProbe("text", steps: "- digits").value("138-1234 5678") == "13812345678")
    }

    @Test("the simple text steps fail on a value that is not text", arguments: ["trim", "upper", "lower", "digits"])
    func simpleStepsRefuseObjects(step: String) throws {
        let failure = try StepProbe("text", from: "x", steps: "- \(step)").failure(record: ["x": ["lon": 1]])
        #expect(failure.rule == step)
        #expect(failure.message == "expected text, found {\"lon\":1}")
    }

    @Test("a text step given an integer input is refused when the mapping is loaded")
    func textStepRefusesIntegerInput() throws {
        let errors = try StepProbe.errors("text", from: "n", steps: "- upper")
        #expect(errors == ["13:9 step upper takes string, but receives integer here"])
    }

    @Test("a step that takes no arguments refuses them")
    func simpleStepRefusesArguments() throws {
        let errors = try StepProbe.errors("text", steps: "- trim: {both: true}")
        #expect(errors == ["13:15 trim takes no arguments"])
    }

    // MARK: remove, replace, extract, match

    @Test("remove removes each listed text")
    func removeStep() throws {
        let probe = try StepProbe("text", steps: #"- remove: [",", " ", "号"]"#)
        #expect(try probe.value("1, 234号") == "1234")
    }

    @Test("remove with an empty list is refused at its arguments")
    func removeNeedsTexts() throws {
        #expect(try StepProbe.errors("text", steps: "- remove: []") == ["13:17 remove needs at least one text to remove"])
    }

    @Test("replace replaces every match, with $1 for a group")
    func replaceStep() throws {
        let probe = try StepProbe("text", steps: #"- replace: {pattern: '(\d{4})/(\d{1,2})', with: '$1-$2'}"#)
        #expect(try probe.value("2019/7 and 2020/12") == "2019-7 and 2020-12")
    }

    @Test("replace leaves text without a match as it is")
    func replaceWithoutMatch() throws {
        let probe = try StepProbe("text", steps: #"- replace: {pattern: '^0+', with: ''}"#)
        #expect(try probe.value("42") == "42")
        #expect(try probe.value("0042") == "42")
    }

    @Test("replace with an invalid regular expression is refused when the mapping is loaded")
    func replaceBadPattern() throws {
        let errors = try StepProbe.errors("text", steps: "- replace: {pattern: '(ab', with: x}")
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("13:18 invalid regular expression /(ab/"))
    }

    @Test("extract gives the group of the first match")
    func extractStep() throws {
        let probe = try StepProbe("text", steps: #"- extract: {pattern: '(\d{6})-RF', group: 1}"#)
        #expect(try probe.value("旧编号 320602-RF-0042") == "320602")
    }

    @Test("extract without group gives the whole match")
    func extractWholeMatch() throws {
        let probe = try StepProbe("text", steps: #"- extract: {pattern: 'RF-\d+'}"#)
        #expect(try probe.value("320602-RF-0042") == "RF-0042")
    }

    @Test("extract fails when nothing matches")
    func extractNoMatch() throws {
        let failure = try StepProbe("text", steps: #"- extract: {pattern: '(\d{6})', group: 1}"#).failure("无编号")
        #expect(failure.rule == "extract")
        #expect(failure.value == "无编号")
        #expect(failure.message == #"no match for /(\d{6})/ in "无编号""#)
    }

    @Test("extract with a group the pattern lacks is refused when the mapping is loaded")
    func extractMissingGroup() throws {
        let errors = try StepProbe.errors("text", steps: #"- extract: {pattern: '(\d+)', group: 2}"#)
        #expect(errors == [#"13:18 /(\d+)/ has 1 group; there is no group 2"#])
    }

    @Test("match passes a value that matches wholly")
    func matchStep() throws {
        #expect(try StepProbe("text", steps: #"- match: '[A-Z]{2}-\d+'"#).value("RF-42") == "RF-42")
    }

    @Test("match fails a value that matches only in part")
    func matchFailure() throws {
        let failure = try StepProbe("text", steps: #"- match: '[A-Z]{2}-\d+'"#).failure("RF-42a")
        #expect(failure.rule == "match")
        #expect(failure.message == #"does not match /[A-Z]{2}-\d+/: "RF-42a""#)
    }

    // MARK: cut, mask

    @Test("cut keeps the first N characters, counting a Chinese character as one")
    func cutStep() throws {
        let probe = try StepProbe("text", steps: "- cut: 4")
        #expect(try probe.value("人防工程档案管理") == "人防工程")
        #expect(try probe.value("短") == "短")
    }

    @Test("cut needs a positive number of characters")
    func cutZero() throws {
        #expect(try StepProbe.errors("text", steps: "- cut: 0") == ["13:14 cut needs a positive number of characters"])
    }

    @Test("mask hides the middle of a phone number")
    func maskStep() throws {
        let probe = try StepProbe("text", steps: #"- mask: {keep_start: 3, keep_end: 4, with: "*"}"#)
        #expect(try probe.value("13812345678") == "138****5678")
    }

    @Test("mask fails a value too short to hide anything, without repeating it in the message")
    func maskTooShort() throws {
        let failure = try StepProbe("text", steps: "- mask: {keep_start: 3, keep_end: 4}").failure("1381234")
        #expect(failure.rule == "mask")
        #expect(failure.message == "too short to mask: 7 characters, needs at least 8 (keep_start 3 + keep_end 4 + 1)")
        #expect(!failure.message.contains("1381234"))
    }

    // MARK: template, join

    @Test("template puts the value into {value}")
    func templateValue() throws {
        #expect(try StepProbe("text", steps: #"- template: "{value}000000""#).value("320613") == "320613000000")
    }

    @Test("template writes a number as people do")
    func templateNumber() throws {
        let probe = try StepProbe("text", from: "n", steps: #"- template: "{value}人""#)
        #expect(try probe.value(record: ["n": 86]) == "86人")
    }

    @Test("template with a list puts its items into {0}, {1}")
    func templateItems() throws {
        let probe = try StepProbe("text", from: "[a, b]", steps: #"- template: "{1},{0}""#)
        #expect(try probe.value(record: ["a": "120.9", "b": "31.9"]) == "31.9,120.9")
    }

    @Test("template fails when an item it uses is absent")
    func templateAbsentItem() throws {
        let failure = try StepProbe("text", from: "[a, b]", steps: #"- template: "{0}-{1}""#).failure(record: ["a": "A"])
        #expect(failure.rule == "template")
        #expect(failure.message == "item 1 of the list is absent")
        #expect(failure.value == "A,")
    }

    @Test("template with an unknown placeholder is refused when the mapping is loaded")
    func templateTypo() throws {
        let errors = try StepProbe.errors("text", steps: #"- template: "{vaule}000000""#)
        #expect(errors == [#"13:19 template "{vaule}000000": unknown placeholder {vaule}; use {value}, {0}, {1} …, or {{ and }} for braces"#])
    }

    @Test("join joins the present items of a list")
    func joinStep() throws {
        let probe = try StepProbe("text", from: "[a, b, v]", steps: #"- join: " / ""#)
        #expect(try probe.value(record: ["a": "崇川区", "v": "濠河路1号"]) == "崇川区 / 濠河路1号")
    }

    @Test("join takes a list, not a single value")
    func joinNeedsList() throws {
        #expect(try StepProbe.errors("text", steps: "- join: ','") == ["13:9 step join takes list, but receives string here"])
    }

    // MARK: text defaults

    @Test("string input is trimmed of white space, U+3000 included, before any step")
    func defaultTrim() throws {
        #expect(try StepProbe("text", steps: nil).value("\u{3000} 南通市 \u{3000}") == "南通市")
    }

    @Test("an empty or blank string counts as absent and an absent optional field is left out")
    func emptyIsAbsent() throws {
        let probe = try StepProbe("text", steps: "- upper")
        #expect(try probe.value("") == nil)
        #expect(try probe.value(" \u{3000} ") == nil)
        #expect(try probe.value(nil) == nil)
        #expect(try probe.value(record: [:]) == nil)
    }

    @Test("text: {trim: false} keeps surrounding white space")
    func trimOff() throws {
        let probe = try StepProbe("text", steps: nil, extra: "text: {trim: false}")
        #expect(try probe.value(" 南通 ") == " 南通 ")
    }

    @Test("the text defaults refuse an unknown key")
    func textDefaultsUnknownKey() throws {
        let errors = try StepProbe.errors("text", steps: nil, extra: "text: {trim: false, squeeze: true}")
        #expect(errors == [#"13:21 text has no key "squeeze"; allowed: empty_is_absent, trim"#])
    }
}
