import Foundation
import HuitongTestSupport
import Testing
@testable import HuitongYAML

@Suite("Limits")
struct LimitTests {
    /// The classic "billion laughs": nine levels of nine aliases each, 10^9 strings if expanded.
    static let billionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    @Test("the billion laughs alias bomb fails fast with one error naming the alias that crossed the limit")
    func billionLaughsFailsFast() {
        let started = ContinuousClock.now
        let errors = YAMLTestLoading.errors(Self.billionLaughs)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(errors.map(\.code) == [.aliasExpansionLimit])
        #expect(YAMLTestLoading.places(errors) == ["7:8"])
        #expect(errors.first?.message.hasPrefix("alias *f stands for 597871 nodes") == true)
    }

    @Test("aliases within the expansion limit load, sharing the anchored node")
    func aliasesWithinLimitLoad() throws {
        let limits = YAMLLimits(maxAliasExpandedNodes: 100)
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
        let node = try YAMLLoader.load(text: text, fileName: "small.yaml", limits: limits).requireSingleDocument()
        #expect(node["b"]?.sequence?.count == 2)
        #expect(YAMLTestLoading.errors(text, limits: YAMLLimits(maxAliasExpandedNodes: 7)).map(\.code) == [.aliasExpansionLimit])
    }

    @Test("nesting deeper than maxDepth is one error at the collection that crosses it")
    func depthLimit() {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        let errors = YAMLTestLoading.errors(text)
        #expect(errors.map(\.code) == [.depthLimit])
        #expect(YAMLTestLoading.places(errors) == ["1:129"])
    }

    @Test("nesting exactly at maxDepth loads")
    func depthAtLimitLoads() {
        let text = String(repeating: "[", count: 128) + String(repeating: "]", count: 128) + "\n"
        #expect(YAMLTestLoading.errors(text).isEmpty)
    }

    @Test("a file over maxFileBytes is refused with its size and the limit")
    func fileSizeLimit() {
        let path = Fixtures.path("yaml/settings-scalars.yaml")
        do {
            _ = try YAMLLoader.load(path: path, limits: YAMLLimits(maxFileBytes: 64))
            Issue.record("an oversized file loaded")
        } catch {
            #expect(error.errors.map(\.code) == [.fileTooLarge])
            #expect(error.description.hasPrefix("\(path): the file is "))
            #expect(error.description.contains("over the limit of 64 bytes"))
        }
    }

    @Test("in-memory text over maxFileBytes is refused")
    func textSizeLimit() {
        let errors = YAMLTestLoading.errors("a: 123456789\n", limits: YAMLLimits(maxFileBytes: 8))
        #expect(errors.map(\.code) == [.fileTooLarge])
    }

    @Test("after maxErrors errors loading stops with a note saying so")
    func errorCountLimit() {
        let text = (1...10).map { "k: \($0)\n" }.joined()
        let errors = YAMLTestLoading.errors(text, limits: YAMLLimits(maxErrors: 3))
        #expect(errors.map(\.code) == [.duplicateKey, .duplicateKey, .duplicateKey, .tooManyErrors])
        #expect(errors.last?.description == "test.yaml: stopped after 3 errors; fix these and load the file again")
    }
}
