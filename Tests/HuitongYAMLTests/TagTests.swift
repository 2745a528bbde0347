import Testing
@testable import HuitongYAML

@Suite("Tags")
struct TagTests {
    @Test(
        "core tags are honoured in short and full form",
        arguments: [
            ("!!str 42", YAMLScalar.Resolution.string),
            ("!<tag:yaml.org,2002:str> true", .string),
            ("!!int \"42\"", .int(42)),
            ("!<tag:yaml.org,2002:int> 0x10", .int(16)),
            ("!!float 3", .float(3)),
            ("!!bool 'TRUE'", .bool(true)),
            ("!!null ''", .null),
        ]
    )
    func coreTags(text: String, resolution: YAMLScalar.Resolution) throws {
        #expect(try YAMLTestLoading.scalar(text)?.resolution == resolution)
    }

    @Test("the non-specific tag ! makes a plain scalar a string")
    func nonSpecificTag() throws {
        #expect(try YAMLTestLoading.scalar("! 12")?.resolution == .string)
    }

    @Test("!!map and !!seq are accepted on the matching collections")
    func collectionTags() throws {
        let node = try YAMLTestLoading.document("m: !!map {a: 1}\ns: !!seq [1]\n")
        #expect(node["m"]?.mappingEntries?.count == 1)
        #expect(node["s"]?.sequence?.count == 1)
    }

    @Test("any other tag is an unknown-tag error at the node")
    func unknownTag() {
        let errors = YAMLTestLoading.errors("a: 1\nb: !custom x\n")
        #expect(errors.map(\.code) == [.unknownTag])
        #expect(errors.first?.description == """
            test.yaml:2:4: unknown tag !custom; use one of !!str, !!int, !!float, !!bool, !!null, !!map, !!seq, or remove it
              b: !custom x
                 ^
            """)
    }

    @Test("!!int on text that is not an integer is an error at the node")
    func badInteger() {
        let errors = YAMLTestLoading.errors("limits:\n  rows: !!int 12k\n")
        #expect(errors.map(\.code) == [.tagMismatch])
        #expect(YAMLTestLoading.places(errors) == ["2:9"])
        #expect(errors.first?.message == "!!int needs an integer (e.g. 42, -7, 0o17, 0x1F), found \"12k\"; fix the value or remove the tag")
    }

    @Test("a collection tag on the wrong kind of node is an error")
    func collectionTagMismatch() {
        let errors = YAMLTestLoading.errors("a: !!seq {x: 1}\nb: !!map x\n")
        #expect(errors.map(\.code) == [.tagMismatch, .tagMismatch])
        #expect(YAMLTestLoading.places(errors) == ["1:4", "2:4"])
    }
}
