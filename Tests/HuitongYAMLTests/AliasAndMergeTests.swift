import Testing
@testable import HuitongYAML

@Suite("Anchors, aliases and merge keys")
struct AliasAndMergeTests {
    @Test("an alias is the anchored node, with the anchor's content and mark")
    func aliasSharesAnchoredNode() throws {
        let node = try YAMLTestLoading.document("base: &b {x: 1}\nuse: *b\n")
        let base = try #require(node["base"])
        let use = try #require(node["use"])
        #expect(use.mark == base.mark)
        #expect(use["x"]?.scalar == base["x"]?.scalar)
    }

    @Test("a merge key brings in the entries of the aliased mapping in place")
    func mergeBringsInEntries() throws {
        let node = try YAMLTestLoading.document("base: &b {x: 1, y: 2}\nuse:\n  a: 0\n  <<: *b\n  z: 3\n")
        let keys = try #require(node["use"]).requireMapping().map { $0.key.scalar?.text }
        #expect(keys == ["a", "x", "y", "z"])
    }

    @Test("explicit keys win over merged keys, wherever they appear")
    func explicitKeysWin() throws {
        let node = try YAMLTestLoading.document("base: &b {x: 1, y: 2}\nuse:\n  x: 10\n  <<: *b\n  y: 20\n")
        let use = try #require(node["use"])
        #expect(try use.requireMapping().count == 2)
        #expect(use["x"]?.scalar?.resolution == .int(10))
        #expect(use["y"]?.scalar?.resolution == .int(20))
    }

    @Test("in a sequence of merged mappings, earlier mappings win over later ones")
    func earlierMergedMappingsWin() throws {
        let text = "one: &one {x: 1}\ntwo: &two {x: 2, y: 2}\nuse:\n  <<: [*one, *two]\n"
        let use = try #require(try YAMLTestLoading.document(text)["use"])
        #expect(use["x"]?.scalar?.resolution == .int(1))
        #expect(use["y"]?.scalar?.resolution == .int(2))
    }

    @Test("keys that come from a merge are never duplicate-key errors")
    func mergedKeysAreNotDuplicates() {
        let text = "one: &one {x: 1}\ntwo: &two {x: 2}\nuse:\n  x: 0\n  <<: [*one, *two]\n"
        #expect(YAMLTestLoading.errors(text).isEmpty)
    }

    @Test("a merge value that is not a mapping is an error at that value")
    func mergeOfScalarIsAnError() {
        let errors = YAMLTestLoading.errors("use:\n  <<: 3\n")
        #expect(errors.map(\.code) == [.invalidMerge])
        #expect(YAMLTestLoading.places(errors) == ["2:7"])
    }

    @Test("an undefined alias is an error with its mark")
    func undefinedAlias() {
        let errors = YAMLTestLoading.errors("a: 1\nb: *missing\n")
        #expect(errors.map(\.code) == [.undefinedAlias])
        #expect(errors.first?.description == """
            test.yaml:2:4: alias *missing is not defined; define &missing earlier in the same document, or fix the name
              b: *missing
                 ^
            """)
    }

    @Test("an alias inside the node it names is reported as recursive")
    func recursiveAlias() {
        let errors = YAMLTestLoading.errors("r: &r [1, *r]\n")
        #expect(errors.map(\.code) == [.undefinedAlias])
        #expect(errors.first?.message.contains("refers to the node that contains it") == true)
    }

    @Test("anchors do not carry over into the next document")
    func anchorsAreScopedToTheirDocument() {
        let errors = YAMLTestLoading.errors("a: &x 1\n---\nb: *x\n")
        #expect(errors.map(\.code) == [.undefinedAlias])
        #expect(YAMLTestLoading.places(errors) == ["3:4"])
    }
}
