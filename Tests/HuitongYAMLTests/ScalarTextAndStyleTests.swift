import Testing
@testable import HuitongYAML

@Suite("Scalar text and style")
struct ScalarTextAndStyleTests {
    @Test("a plain 0513 keeps its exact text although it resolves to 513")
    func leadingZeroKeepsText() throws {
        let node = try #require(try YAMLTestLoading.value("code", in: "code: 0513\n"))
        #expect(node.scalar?.text == "0513")
        #expect(node.scalar?.resolution == .int(513))
        #expect(try node.requireString() == "0513")
    }

    @Test("a plain 320613 reads back as the string 320613")
    func areaCodeReadsAsString() throws {
        let node = try #require(try YAMLTestLoading.value("county", in: "county: 320613\n"))
        #expect(try node.requireString() == "320613")
    }

    @Test(
        "every scalar keeps the style it was written in",
        arguments: [
            ("v: x\n", YAMLScalar.Style.plain),
            ("v: 'x'\n", .singleQuoted),
            ("v: \"x\"\n", .doubleQuoted),
            ("v: |\n  x\n", .literal),
            ("v: >\n  x\n", .folded),
        ]
    )
    func styles(text: String, style: YAMLScalar.Style) throws {
        #expect(try YAMLTestLoading.value("v", in: text)?.scalar?.style == style)
    }

    @Test("literal blocks keep line breaks and folded blocks join lines")
    func blockScalarText() throws {
        let node = try YAMLTestLoading.document("lit: |\n  一\n  二\nfold: >\n  one\n  two\n")
        #expect(node["lit"]?.scalar?.text == "一\n二\n")
        #expect(node["fold"]?.scalar?.text == "one two\n")
    }

    @Test("quoted scalars are unescaped")
    func quotedTextIsUnescaped() throws {
        let node = try YAMLTestLoading.document("a: 'it''s'\nb: \"tab\\there \\u9053\"\n")
        #expect(node["a"]?.scalar?.text == "it's")
        #expect(node["b"]?.scalar?.text == "tab\there 道")
    }
}
