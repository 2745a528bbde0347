import Testing
@testable import HuitongMapping

@Suite("Keyword classification")
struct FunctionsClassificationTests {
    /// The CAP event types of the mapping agreement, in its order.
    static let eventType = try! KeywordClassifier(rules: [
        (["防空"], "AIR_DEFENCE"),
        (["暴雨", "洪水", "防汛", "内涝"], "FLOOD"),
        (["台风"], "TYPHOON"),
        (["火"], "FIRE"),
        (["地震", "滑坡", "地质"], "GEOLOGICAL"),
        (["危化", "泄漏"], "HAZMAT"),
        (["疫", "卫生"], "PUBLIC_HEALTH"),
    ], default: "OTHER")

    @Test("the first rule with a keyword in the text wins, else the default", arguments: [
        ("南通市暴雨红色预警", "FLOOD"),
        ("防空警报试鸣通知", "AIR_DEFENCE"),
        ("台风暴雨", "FLOOD"),
        ("森林火险", "FIRE"),
        ("化工园区危化品泄漏", "HAZMAT"),
        ("突发公共卫生事件", "PUBLIC_HEALTH"),
        ("大风蓝色预警", "OTHER"),
        ("", "OTHER"),
    ])
    func classifies(text: String, expected: String) throws {
        #expect(try Self.eventType.classify(text) == expected)
    }

    @Test("without a default an unmatched text fails")
    func noDefault() throws {
        let classifier = try KeywordClassifier(rules: [(["在用"], "IN_USE")])
        #expect(try classifier.classify("工程在用") == "IN_USE")
        let error = #expect(throws: StepFailure.self) { try classifier.classify("停用") }
        #expect(error?.message == #"no classify rule matches "停用" and there is no default"#)
    }

    @Test("keywords match code points, not grapheme clusters")
    func scalarMatching() throws {
        let classifier = try KeywordClassifier(rules: [(["e"], "E")])
        #expect(classifier.firstMatch(in: "caf\u{65}\u{301}") == "E")
    }

    @Test("rules without keywords or with an empty keyword are refused")
    func badRules() {
        #expect(throws: StepFailure.self) { try KeywordClassifier(rules: []) }
        #expect(throws: StepFailure.self) { try KeywordClassifier(rules: [([], "X")]) }
        #expect(throws: StepFailure.self) { try KeywordClassifier(rules: [(["a", ""], "X")]) }
    }
}
