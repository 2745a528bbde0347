import HuitongCore
import HuitongYAML

/// Steps on text: trimming, case, digits, removal, regular expressions, cutting, masking,
/// templates and joining.
enum TextSteps {
    static func register(into registry: inout StepRegistry) {
        simple(&registry, "trim", "strips white space, U+3000 included", TextFunctions.trimmed)
        simple(&registry, "upper", "upper case", TextFunctions.uppercased)
        simple(&registry, "lower", "lower case", TextFunctions.lowercased)
        simple(&registry, "digits", "keeps only the digits 0-9", TextFunctions.digits)

        registry.register(StepDefinition(name: "remove", summary: "removes each listed text", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "remove")
            let texts = try c.strings(c.requireArguments("remove", example: "remove: [\",\", \" \"]"))
            let removal = try c.building { () throws(StepFailure) in try TextRemoval(removing: texts) }
            return text(c, "remove") { .value(.string(removal.apply(to: $0))) }
        })
        registry.register(StepDefinition(name: "replace", summary: "regular-expression replacement", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "replace")
            let arguments = try c.requireArguments("replace", example: "replace: {pattern: \"^0+\", with: \"\"}")
            try c.allowOnly(["pattern", "with"], in: arguments, stepName: "replace")
            let source = try arguments.require("pattern").requireString()
            let template = try arguments.require("with").requireString()
            let (pattern, replacement) = try c.building { () throws(StepFailure) in
                let pattern = try TextPattern(source)
                return (pattern, try TextReplacement(template, for: pattern))
            }
            return text(c, "replace") { .value(.string(pattern.replacingMatches(in: $0, with: replacement))) }
        })
        registry.register(StepDefinition(name: "extract", summary: "a group of the first match", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "extract")
            let arguments = try c.requireArguments("extract", example: "extract: {pattern: \"(\\\\d+)\", group: 1}")
            try c.allowOnly(["pattern", "group"], in: arguments, stepName: "extract")
            let source = try arguments.require("pattern").requireString()
            let group = try arguments["group"]?.requireInt() ?? 0
            let pattern = try c.building { () throws(StepFailure) in
                let pattern = try TextPattern(source)
                try pattern.checkGroup(group)
                return pattern
            }
            return text(c, "extract") { value in attempt { () throws(StepFailure) in .string(try pattern.extract(group: group, from: value)) } }
        })
        registry.register(StepDefinition(name: "match", summary: "fails unless the whole value matches", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "match")
            let source = try c.requireArguments("match", example: "match: \"^[A-Z]{2}-\\\\d+$\"").requireString()
            let pattern = try c.building { () throws(StepFailure) in try TextPattern(source) }
            return text(c, "match") { value in
                attempt { () throws(StepFailure) in
                    try pattern.requireWholeMatch(value)
                    return .string(value)
                }
            }
        })
        registry.register(StepDefinition(name: "cut", summary: "keeps the first N characters", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "cut")
            let limit = try c.requireArguments("cut", example: "cut: 100").requireInt()
            guard limit > 0 else { throw c.invalid("cut needs a positive number of characters") }
            return text(c, "cut") { .value(.string(TextFunctions.cut($0, toCharacters: limit))) }
        })
        registry.register(StepDefinition(name: "mask", summary: "hides the middle of a value", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "mask")
            let arguments = try c.requireArguments("mask", example: "mask: {keep_start: 3, keep_end: 4, with: \"*\"}")
            try c.allowOnly(["keep_start", "keep_end", "with"], in: arguments, stepName: "mask")
            let start = try arguments.require("keep_start").requireInt()
            let end = try arguments.require("keep_end").requireInt()
            let with = try arguments["with"]?.requireString() ?? "*"
            let mask = try c.building { () throws(StepFailure) in try TextMask(keepStart: start, keepEnd: end, with: with) }
            return text(c, "mask") { value in attempt { () throws(StepFailure) in .string(try mask.apply(to: value)) } }
        })
        registry.register(StepDefinition(name: "template", summary: "text from a template") { c throws(YAMLError) in
            let source = try c.requireArguments("template", example: "template: \"{value}000000\"").requireString()
            let template = try c.building { () throws(StepFailure) in try TextTemplate.parse(source) }
            // Placeholders that could never be filled would fail on every record: refuse them now.
            if template.usesValue, c.inputType == .list {
                throw (c.arguments ?? c.node).error(.typeMismatch, "{value} needs a single value, but a list flows in here; use {0}, {1} …")
            }
            if let highest = template.highestItem, highest > 0, c.inputType != .list, c.inputType != .any {
                throw (c.arguments ?? c.node).error(.typeMismatch, "the template uses {\(highest)}, but a single \(c.inputType) flows in here, not a list; use {value}")
            }
            return CompiledStep(name: "template", outputType: .string, handlesAbsent: false) { value, _ in
                attempt { () throws(StepFailure) in .string(try template.render(value)) }
            }
        })
        registry.register(StepDefinition(name: "join", summary: "joins the present items of a list") { c throws(YAMLError) in
            try c.requireInput(.list, stepName: "join")
            let separator = try c.arguments?.requireString() ?? ""
            return CompiledStep(name: "join", outputType: .string, handlesAbsent: false) { value, _ in
                guard case let .array(items) = value else { return .value(value) }
                let parts = items.filter { !$0.isNull }.map(ValueComparison.text)
                return .value(parts.isEmpty ? .null : .string(parts.joined(separator: separator)))
            }
        })
    }

    private static func simple(
        _ registry: inout StepRegistry, _ name: String, _ summary: String, _ function: @escaping @Sendable (String) -> String
    ) {
        registry.register(StepDefinition(name: name, summary: summary, elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: name)
            if c.arguments != nil && !(c.arguments?.isNull ?? true) { throw c.invalid("\(name) takes no arguments") }
            return text(c, name) { .value(.string(function($0))) }
        })
    }

    /// A step over text: non-text values (from an `any` input) fail with a clear message.
    static func text(_ c: StepCompilation, _ name: String, _ body: @escaping @Sendable (String) -> StepResult) -> CompiledStep {
        CompiledStep(name: name, outputType: .string, handlesAbsent: false) { value, _ in
            guard let text = value.textForSteps else { return wrongKind(value, expected: "text") }
            return body(text)
        }
    }
}
