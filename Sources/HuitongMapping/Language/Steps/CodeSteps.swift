import HuitongCore
import HuitongYAML

/// Steps that turn words into codes: code-table lookups and keyword classification.
enum CodeSteps {
    static func register(into registry: inout StepRegistry) {
        registry.register(StepDefinition(
            name: "lookup", summary: "finds the value in a code table and gives its code or label",
            elementwise: true, compile: compileLookup
        ))
        registry.register(StepDefinition(
            name: "classify", summary: "the value of the first rule with a keyword in the text", compile: compileClassify
        ))
    }

    private static let columnNames: [String: MatchColumns] = [
        "code": .code, "label": .label, "alias": .alias, "retired": .retired, "canonical": .canonical,
    ]

    /// `lookup: {table: district, match: [label, alias], output: code}`; unknown values fail and
    /// are counted per table for the run's report.
    private static func compileLookup(_ c: StepCompilation) throws(YAMLError) -> CompiledStep {
        try c.requireInput(.string, .integer, stepName: "lookup")
        let arguments = try c.requireArguments("lookup", example: "lookup: {table: district, match: [label, alias]}")
        let tableNode: YAMLNode
        var matchNode: YAMLNode?
        var outputNode: YAMLNode?
        if arguments.scalar != nil {
            tableNode = arguments
        } else {
            try c.allowOnly(["table", "match", "output"], in: arguments, stepName: "lookup")
            tableNode = try arguments.require("table")
            matchNode = arguments["match"]
            outputNode = arguments["output"]
        }
        let tableName = try tableNode.requireString()
        guard let table = c.codeTables[tableName] else {
            let hint = NameSuggestion.nearest(to: tableName, among: c.codeTables.names).map { "; did you mean \($0)?" } ?? ""
            throw tableNode.error(.unknownReference, "no code table \"\(tableName)\" in mappings/codes\(hint)")
        }
        var columns: MatchColumns = [.code, .label, .alias]
        if let matchNode {
            columns = []
            for item in try matchNode.requireSequence() {
                let name = try item.requireString()
                guard let column = columnNames[name] else {
                    throw item.error(.invalidValue, "match columns are \(columnNames.keys.sorted().joined(separator: ", ")), not \"\(name)\"")
                }
                columns.insert(column)
            }
        }
        let wantsLabel: Bool
        switch try outputNode?.requireString() ?? "code" {
        case "code": wantsLabel = false
        case "label": wantsLabel = true
        default: throw outputNode!.error(.invalidValue, "output must be code or label")
        }
        let name = table.name
        let matcher = CodeMatcher(table: table, columns: columns)
        // Built once: a hit hands out a shared string instead of copying the entry.
        let results = table.entries.map { Value.string(wantsLabel ? $0.label : $0.code) }
        return CompiledStep(
            name: "lookup \(name)", outputType: wantsLabel ? .string : .code, handlesAbsent: false, givesCodesOf: wantsLabel ? nil : name,
            kernel: .lookup(matcher, results: results)
        ) { value, runtime in
            let text: String
            switch value {
            case let .string(string): text = string
            case let .integer(number): text = String(number)
            default: return .failure("not a text to look up in \(name): \(ValueComparison.text(value))")
            }
            guard let position = matcher.position(of: text) else {
                runtime.noteUnknown(text, in: name)
                return .failure("unknown value \"\(text)\" in code table \(name)")
            }
            return .value(results[position])
        }
    }

    /// `classify: {rules: [{contains: [暴雨, 洪水], value: FLOOD}], default: OTHER}`
    private static func compileClassify(_ c: StepCompilation) throws(YAMLError) -> CompiledStep {
        try c.requireInput(.string, stepName: "classify")
        let arguments = try c.requireArguments("classify", example: "classify: {rules: [{contains: [台风], value: TYPHOON}], default: OTHER}")
        try c.allowOnly(["rules", "default"], in: arguments, stepName: "classify")
        var rules: [(keywords: [String], value: String)] = []
        for item in try arguments.require("rules").requireSequence() {
            try c.allowOnly(["contains", "value"], in: item, stepName: "classify rule")
            let keywords = try item.require("contains").requireSequence().map { node throws(YAMLError) in try node.requireString() }
            rules.append((keywords, try item.require("value").requireString()))
        }
        let fallback = try arguments["default"]?.requireString()
        let classifier: KeywordClassifier
        do throws(StepFailure) {
            classifier = try KeywordClassifier(rules: rules, default: fallback)
        } catch {
            throw c.invalid(error.message)
        }
        return CompiledStep(name: "classify", outputType: .string, handlesAbsent: false) { value, _ in
            guard case let .string(text) = value else { return .failure("not a text: \(ValueComparison.text(value))") }
            do throws(StepFailure) {
                return .value(.string(try classifier.classify(text)))
            } catch {
                return .failure(error.message)
            }
        }
    }
}
