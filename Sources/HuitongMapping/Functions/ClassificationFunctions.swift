/// The `classify` step, compiled: the value of the first rule any of whose keywords occurs in
/// the text, else the default (mapping agreement, CAP `eventType`: "first match in the event
/// text: 防空 → AIR_DEFENCE; 暴雨, 洪水, 防汛, 内涝 → FLOOD; … else OTHER").
///
/// Rule order decides, not keyword position: `台风暴雨` is FLOOD when the FLOOD rule comes
/// first. Keywords match Unicode scalars exactly (see ``UTF8Search``), case-sensitively.
struct KeywordClassifier: Sendable {
    /// One rule: its keywords as UTF-8, and the value it gives.
    struct Rule: Sendable {
        let keywords: [[UInt8]]
        let value: String
    }

    let rules: [Rule]
    /// The value when no rule matches; `nil` makes that a failure.
    let defaultValue: String?

    /// Compiles the rules; each needs at least one keyword, and keywords cannot be empty
    /// (an empty keyword would match every text).
    init(rules: [(keywords: [String], value: String)], default defaultValue: String? = nil) throws(StepFailure) {
        guard !rules.isEmpty else { throw StepFailure("classify needs at least one rule") }
        var compiled: [Rule] = []
        for (index, rule) in rules.enumerated() {
            guard !rule.keywords.isEmpty else {
                throw StepFailure("classify rule \(index + 1) (→ \(rule.value)) has no keywords")
            }
            guard !rule.keywords.contains(where: \.isEmpty) else {
                throw StepFailure("classify rule \(index + 1) (→ \(rule.value)) has an empty keyword")
            }
            compiled.append(Rule(keywords: rule.keywords.map { Array($0.utf8) }, value: rule.value))
        }
        self.rules = compiled
        self.defaultValue = defaultValue
    }

    /// The value of the first matching rule, or `nil` when none matches.
    func firstMatch(in text: String) -> String? {
        UTF8Search.withBytes(of: text) { bytes in
            for rule in rules {
                for keyword in rule.keywords where UTF8Search.contains(keyword, in: bytes) {
                    return rule.value
                }
            }
            return nil
        }
    }

    /// The value for `text`: the first matching rule's, else the default; fails when neither.
    func classify(_ text: String) throws(StepFailure) -> String {
        if let value = firstMatch(in: text) ?? defaultValue { return value }
        throw StepFailure("no classify rule matches \(StepFailure.quoted(text)) and there is no default")
    }
}
