import HuitongCore
import Testing
@testable import HuitongMapping

@Suite("Regular expressions and templates")
struct FunctionsTextPatternTests {
    @Test("a bad pattern is reported with the pattern text")
    func badPatternIsReported() {
        let error = #expect(throws: StepFailure.self) { try TextPattern("(a") }
        #expect(error?.message.hasPrefix("invalid regular expression /(a/:") == true)
    }

    @Test("match requires the whole value to match")
    func matchIsWhole() throws {
        let pattern = try TextPattern(#"\d{6}"#)
        #expect(pattern.wholeMatches("320613"))
        #expect(!pattern.wholeMatches("3206130"))
        let error = #expect(throws: StepFailure.self) { try pattern.requireWholeMatch("32061") }
        #expect(error?.message == #"does not match /\d{6}/: "32061""#)
    }

    @Test("a fixed run of one ASCII class is recognised only in its narrow form", arguments: [
        ("^[0-9A-HJ-NPQRTUWXY]{18}$", true), ("[0-9]{6}", true), ("^[a-z]{0}$", true),
        (#"^[\d]{6}$"#, false), ("^[^0-9]{6}$", false), ("^[0-9]{2,4}$", false), ("^[!-~]{3}$", false),
        ("^[9-0]{3}$", false), ("^[0-z]{3}$", false), ("^[0-9]{6}$$", false), ("^[0-9]{6}x$", false),
        ("^[]{3}$", false), ("^[a-]{3}$", false), ("^[0-9&&5]{3}$", false), ("^[0-9]{+6}$", false),
    ])
    func fixedClassRunForm(pattern: String, recognised: Bool) {
        #expect((FixedClassRun(pattern) != nil) == recognised)
    }

    @Test("a fixed run of one ASCII class matches exactly as the regex engine does")
    func fixedClassRunAgreesWithRegex() throws {
        var random = SeededRandom(seed: 18)
        // Mostly letters and digits at about the right length, so that many texts match; the
        // rest mixes in the characters a byte test could get wrong.
        let near = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZaz")
        let wide = near + Array("-^$ \n\r\u{3000}号é\u{301}Ｏ０\u{FEFF}")
        let patterns = [("^[0-9A-HJ-NPQRTUWXY]{18}$", 18), ("[0-9]{6}", 6), ("^[a-zA-Z0-9]{3}", 3), ("[AZ0-9]{2}$", 2), ("^[a-z]{0}$", 0)]
        for (pattern, count) in patterns {
            #expect(FixedClassRun(pattern) != nil)
            let textPattern = try TextPattern(pattern)
            let regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
            var texts = ["", "91320600MA1MXXXX0Y", "91320600MA1MXXXX0Y\n", "320613", "abc"]
            for _ in 0..<3_000 {
                let length = Bool.random(using: &random) ? Int.random(in: 0...20, using: &random) : max(0, count + Int.random(in: -1...1, using: &random))
                let alphabet = Int.random(in: 0..<4, using: &random) == 0 ? wide : near
                texts.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
            }
            var matches = 0
            for text in texts {
                let expected = try regex.wholeMatch(in: text) != nil
                #expect(textPattern.wholeMatches(text) == expected, "/\(pattern)/ on \(text.debugDescription)")
                if expected { matches += 1 }
            }
            #expect(matches > 0, "/\(pattern)/ should match some of the texts")
        }
    }

    @Test("extract gives the group of the first match and fails without a match")
    func extractGivesGroup() throws {
        let pattern = try TextPattern(#"(\d+)号"#)
        #expect(try pattern.extract(group: 1, from: "工程12号和34号") == "12")
        #expect(try pattern.extract(group: 0, from: "工程12号") == "12号")
        let error = #expect(throws: StepFailure.self) { try pattern.extract(group: 1, from: "工程") }
        #expect(error?.message == #"no match for /(\d+)号/ in "工程""#)
    }

    @Test("extract fails when the group took no part in the match")
    func extractFailsForAnUnusedGroup() throws {
        let pattern = try TextPattern("a(b)?")
        #expect(throws: StepFailure.self) { try pattern.extract(group: 1, from: "a") }
    }

    @Test("capture groups are counted from the pattern text", arguments: [
        ("abc", 0),
        ("(a)(b)", 2),
        (#"\(a\)"#, 0),
        ("(?:a)(b)", 1),
        ("(?<year>\\d{4})-(?'month'\\d{2})", 2),
        ("(?P<n>x)", 1),
        ("[(](a)", 1),
        ("[]()](a)", 1),
        ("(?=a)(?!b)(?<=c)(?<!d)(e)", 1),
        (#"\Q(a)\E(b)"#, 1),
        ("(?i)(a)", 1),
    ])
    func captureGroupsAreCounted(pattern: String, count: Int) {
        #expect(TextPattern.countCaptureGroups(in: pattern) == count)
    }

    @Test("extract refuses a group the pattern does not have when the step is compiled")
    func checkGroupRefusesMissingGroups() throws {
        let pattern = try TextPattern(#"(\d+)"#)
        #expect(throws: StepFailure.self) { try pattern.checkGroup(2) }
        try pattern.checkGroup(1)
    }

    @Test("replace substitutes every match, with $n, ${name} and $$")
    func replaceSubstitutesMatches() throws {
        let pattern = try TextPattern(#"(\d{4})/(?<month>\d{1,2})"#)
        let replacement = try TextReplacement("$1-${month}$$", for: pattern)
        #expect(pattern.replacingMatches(in: "2019/7 和 2020/12", with: replacement) == "2019-7$ 和 2020-12$")
        #expect(pattern.replacingMatches(in: "无日期", with: replacement) == "无日期")
        let spaces = try TextPattern(#"\s+"#)
        #expect(spaces.replacingMatches(in: "a  b\u{3000}c", with: try TextReplacement(" ", for: spaces)) == "a b c")
    }

    @Test("a replacement naming a missing group or with a stray $ is refused", arguments: [
        "$2", "${3}", "${nope}", "$x", "${", "${}",
    ])
    func badReplacementsAreRefused(template: String) throws {
        let pattern = try TextPattern("(a)")
        #expect(throws: StepFailure.self) { try TextReplacement(template, for: pattern) }
    }

    @Test("patterns match Unicode scalars: . is one code point and \\d includes full-width digits")
    func patternsMatchScalars() throws {
        #expect(try TextPattern("e.").wholeMatches("e\u{301}x") == false)
        #expect(try TextPattern("e..").wholeMatches("e\u{301}x"))
        #expect(try TextPattern(#"\d+"#).wholeMatches("１２3"))
    }

    @Test("a template fills {value} and escapes braces")
    func templateFillsValue() throws {
        let template = try TextTemplate.parse("{value}000000")
        #expect(try template.render(.string("320613")) == "320613000000")
        #expect(try TextTemplate.parse("{{{value}}}").render(.integer(7)) == "{7}")
        #expect(try TextTemplate.parse("面积{value}").render(.double(3300)) == "面积3300")
        #expect(try TextTemplate.parse("{value}").render(.double(2.5)) == "2.5")
        #expect(try TextTemplate.parse("{0}").render(.bool(true)) == "true")
        #expect(try TextTemplate.parse("no placeholder").render(.string("x")) == "no placeholder")
    }

    @Test("a template fills {0}, {1} … from a list")
    func templateFillsItems() throws {
        let template = try TextTemplate.parse("{1}-{0}")
        #expect(template.highestItem == 1)
        #expect(!template.usesValue)
        #expect(try template.render(.array([.string("a"), .integer(2)])) == "2-a")
    }

    @Test("rendering fails when a placeholder has nothing to show")
    func templateRenderFailures() throws {
        #expect(throws: StepFailure.self) { try TextTemplate.parse("{2}").render(.array([.string("a")])) }
        #expect(throws: StepFailure.self) { try TextTemplate.parse("{0}").render(.array([.null])) }
        #expect(throws: StepFailure.self) { try TextTemplate.parse("{value}").render(.array([.string("a")])) }
        #expect(throws: StepFailure.self) { try TextTemplate.parse("{1}").render(.string("a")) }
        #expect(throws: StepFailure.self) { try TextTemplate.parse("{value}").render(.object(OrderedObject())) }
    }

    @Test("parse refuses unknown placeholders, unclosed braces and a lone closing brace", arguments: [
        "{vaule}", "{value", "a}b", "{-1}", "{ 0}", "{}",
    ])
    func templateParseFailures(template: String) {
        #expect(throws: StepFailure.self) { try TextTemplate.parse(template) }
    }

    @Test("an unknown placeholder is named in the message")
    func unknownPlaceholderIsNamed() {
        let error = #expect(throws: StepFailure.self) { try TextTemplate.parse("{vaule}000000") }
        #expect(error?.message == #"template "{vaule}000000": unknown placeholder {vaule}; use {value}, {0}, {1} …, or {{ and }} for braces"#)
    }
}
