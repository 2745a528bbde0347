import HuitongCore
import HuitongYAML

/// Steps on dates and times. Between steps a date is `yyyy-MM-dd` and a datetime is RFC 3339
/// with the Beijing offset; `format`, `epoch_ms` and `date_of` turn them into what a platform wants.
enum DateSteps {
    static func register(into registry: inout StepRegistry) {
        registry.register(StepDefinition(name: "date", summary: "a date from text in one of several formats", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, .date, stepName: "date")
            let formats = try formatList(c, "date", example: "date: {formats: [yyyy-MM-dd, yyyy/M/d]}", default: ["yyyy-MM-dd"])
            let parser = try c.building { () throws(StepFailure) in try DateParser(formats: formats) }
            return TextSteps.text(c, "date") { text in attempt { () throws(StepFailure) in .string(try parser.parse(text).description) } }
                .retyped(.date, kernel: .date(parser))
        })
        registry.register(StepDefinition(name: "datetime", summary: "an instant from text or an epoch number", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, .integer, .datetime, stepName: "datetime")
            let formats = try formatList(c, "datetime", example: "datetime: {formats: [rfc3339], zone: \"+08:00\"}", default: ["rfc3339"])
            let zone = try zoneArgument(c)
            let parser = try c.building { () throws(StepFailure) in try DateTimeParser(formats: formats, zone: zone) }
            return CompiledStep(name: "datetime", outputType: .datetime, handlesAbsent: false, kernel: .datetime(parser)) { value, _ in
                switch value {
                case let .integer(number):
                    return attempt { () throws(StepFailure) in .string(DateTimeFunctions.rfc3339(try parser.timestamp(fromEpoch: number))) }
                case let .string(text):
                    return attempt { () throws(StepFailure) in .string(DateTimeFunctions.rfc3339(try parser.parse(text))) }
                default:
                    return wrongKind(value, expected: "a date and time")
                }
            }
        })
        registry.register(StepDefinition(name: "format", summary: "writes a date or datetime in a pattern") { c throws(YAMLError) in
            try c.requireInput(.datetime, .date, stepName: "format")
            let arguments = try c.requireArguments("format", example: "format: {pattern: \"yyyy-MM-dd HH:mm:ss\", zone: \"+08:00\"}")
            let patternNode = arguments.scalar != nil ? arguments : try arguments.require("pattern")
            if arguments.scalar == nil { try c.allowOnly(["pattern", "zone"], in: arguments, stepName: "format") }
            let text = try patternNode.requireString()
            let pattern = try c.building { () throws(StepFailure) in try DateTimePattern(text) }
            let zone = try zoneArgument(c)
            return CompiledStep(name: "format", outputType: .string, handlesAbsent: false) { value, _ in
                guard let text = value.stringValue else { return wrongKind(value, expected: "a date or datetime") }
                return attempt { () throws(StepFailure) in
                    if text.utf8.count == 10 { return .string(pattern.format(try CalendarDate(canonical: text))) }
                    return .string(pattern.format(try instant(text), in: zone))
                }
            }
        })
        registry.register(StepDefinition(name: "epoch_ms", summary: "milliseconds since the Unix epoch") { c throws(YAMLError) in
            try c.requireInput(.datetime, stepName: "epoch_ms")
            try c.refuseArguments("epoch_ms")
            return CompiledStep(name: "epoch_ms", outputType: .integer, handlesAbsent: false) { value, _ in
                guard let text = value.stringValue else { return wrongKind(value, expected: "a datetime") }
                return attempt { () throws(StepFailure) in .integer(try instant(text).millisecondsSinceEpoch) }
            }
        })
        registry.register(StepDefinition(name: "date_of", summary: "the calendar date of an instant in a zone") { c throws(YAMLError) in
            try c.requireInput(.datetime, stepName: "date_of")
            if let arguments = c.arguments, !arguments.isNull { try c.allowOnly(["zone"], in: arguments, stepName: "date_of") }
            let zone = try zoneArgument(c)
            return CompiledStep(name: "date_of", outputType: .date, handlesAbsent: false) { value, _ in
                guard let text = value.stringValue else { return wrongKind(value, expected: "a datetime") }
                return attempt { () throws(StepFailure) in .string(CalendarDate(try instant(text), in: zone).description) }
            }
        })
        registry.register(StepDefinition(name: "not_future", summary: "fails when after today (Beijing)", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.date, .datetime, stepName: "not_future")
            try c.refuseArguments("not_future")
            return CompiledStep(name: "not_future", outputType: c.inputType, handlesAbsent: false, kernel: .notFuture) { value, runtime in
                guard let text = value.stringValue else { return wrongKind(value, expected: "a date or datetime") }
                let clock = runtime.context.clock
                return attempt { () throws(StepFailure) in
                    if text.utf8.count == 10 {
                        try DateTimeFunctions.requireNotFuture(try CalendarDate(canonical: text), clock: clock)
                    } else {
                        try DateTimeFunctions.requireNotFuture(try instant(text), clock: clock)
                    }
                    return value
                }
            }
        })
    }

    /// A canonical datetime back to an instant.
    private static func instant(_ text: String) throws(StepFailure) -> Timestamp {
        do {
            return try Timestamp(parsing: text, as: .rfc3339)
        } catch {
            throw StepFailure("not a date and time in RFC 3339: \(StepFailure.quoted(text))")
        }
    }

    private static func formatList(_ c: StepCompilation, _ name: String, example: String, default fallback: [String]) throws(YAMLError) -> [String] {
        guard let arguments = c.arguments, !arguments.isNull else { return fallback }
        // A date has no zone: only datetime takes one (a date silently ignoring it hid mistakes).
        try c.allowOnly(name == "date" ? ["formats"] : ["formats", "zone"], in: arguments, stepName: name)
        let formats = try c.strings(arguments["formats"])
        return formats.isEmpty ? fallback : formats
    }

    private static func zoneArgument(_ c: StepCompilation) throws(YAMLError) -> UTCOffset {
        guard let node = c.arguments?["zone"] else { return .beijing }
        let text = try node.requireString()
        do throws(StepFailure) {
            return try DateTimeFunctions.zone(named: text)
        } catch {
            throw node.error(.invalidValue, error.message)
        }
    }
}

extension CompiledStep {
    /// The same step declaring another output type (a parser's text result that is a date),
    /// and what it does for `FusedField`.
    func retyped(_ type: ValueType, kernel: StepKernel?) -> CompiledStep {
        CompiledStep(name: name, outputType: type, handlesAbsent: handlesAbsent, kernel: kernel, run: run)
    }
}
