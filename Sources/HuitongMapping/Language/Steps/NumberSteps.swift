import HuitongCore
import HuitongYAML

/// Steps on numbers: parsing decimals and integers from text, rounding, range checks.
enum NumberSteps {
    static func register(into registry: inout StepRegistry) {
        registry.register(StepDefinition(name: "number", summary: "a decimal from text, with separators and units", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, .integer, .decimal, stepName: "number")
            var separator: String? = ","
            var units: [(suffix: String, multiplier: Double)] = []
            if let arguments = c.arguments, !arguments.isNull {
                try c.allowOnly(["thousands", "units"], in: arguments, stepName: "number")
                if let node = arguments["thousands"] { separator = node.isNull ? nil : try node.requireString() }
                for entry in try arguments["units"]?.requireMapping() ?? [] {
                    units.append((try entry.key.requireString(), try entry.value.requireDouble()))
                }
            }
            let parser = try c.building { () throws(StepFailure) in try NumberParser(thousandsSeparator: separator, units: units) }
            return CompiledStep(name: "number", outputType: .decimal, handlesAbsent: false, kernel: .number(parser)) { value, _ in
                switch value {
                case let .integer(number): return .value(.double(Double(number)))
                case .double: return .value(value)
                case let .string(text): return attempt { () throws(StepFailure) in .double(try parser.parse(text)) }
                default: return wrongKind(value, expected: "a number")
                }
            }
        })
        registry.register(StepDefinition(name: "integer", summary: "an integer, after removing a suffix", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, .integer, .decimal, stepName: "integer")
            var suffixes: [String] = []
            if let arguments = c.arguments, !arguments.isNull {
                try c.allowOnly(["suffixes"], in: arguments, stepName: "integer")
                suffixes = try c.strings(arguments["suffixes"])
            }
            let parser = try c.building { () throws(StepFailure) in try IntegerParser(suffixes: suffixes) }
            return CompiledStep(name: "integer", outputType: .integer, handlesAbsent: false, kernel: .integer(parser)) { value, _ in
                switch value {
                case .integer: return .value(value)
                case let .double(number): return attempt { () throws(StepFailure) in .integer(try IntegerParser.integer(from: number)) }
                case let .string(text): return attempt { () throws(StepFailure) in .integer(try parser.parse(text)) }
                default: return wrongKind(value, expected: "an integer")
                }
            }
        })
        registry.register(StepDefinition(name: "round", summary: "round half away from zero", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.decimal, .integer, .point, stepName: "round")
            let decimals = try c.requireArguments("round", example: "round: 6").requireInt()
            guard (0...15).contains(decimals) else { throw c.invalid("round takes 0 to 15 decimals") }
            let type: ValueType = c.inputType == .point ? .point : (c.inputType == .integer ? .integer : .decimal)
            return CompiledStep(name: "round", outputType: type, handlesAbsent: false, kernel: .round(decimals: decimals)) { value, _ in
                switch value {
                case .integer: return .value(value)
                case let .double(number): return .value(.double(NumberFunctions.rounded(number, toDecimals: decimals)))
                case .object:
                    guard let point = GeoValues.point(value) else { return wrongKind(value, expected: "a number or a point") }
                    return .value(GeoValues.value(point.rounded(toDecimals: decimals)))
                default: return wrongKind(value, expected: "a number")
                }
            }
        })
        registry.register(StepDefinition(name: "range", summary: "fails outside the bounds", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.decimal, .integer, stepName: "range")
            let arguments = try c.requireArguments("range", example: "range: {min: 0, max: 100}")
            try c.allowOnly(["min", "max", "min_exclusive", "max_exclusive"], in: arguments, stepName: "range")
            func bound(_ inclusive: String, _ exclusive: String) throws(YAMLError) -> NumberRange.Bound? {
                if arguments[inclusive] != nil && arguments[exclusive] != nil {
                    throw c.invalid("range takes \(inclusive) or \(exclusive), not both")
                }
                if let node = arguments[inclusive] { return .inclusive(try node.requireDouble()) }
                if let node = arguments[exclusive] { return .exclusive(try node.requireDouble()) }
                return nil
            }
            let lower = try bound("min", "min_exclusive"), upper = try bound("max", "max_exclusive")
            let range = try c.building { () throws(StepFailure) in try NumberRange(lower: lower, upper: upper) }
            return CompiledStep(name: "range", outputType: c.inputType, handlesAbsent: false, kernel: .range(range)) { value, _ in
                guard let number = value.numberForSteps else { return wrongKind(value, expected: "a number") }
                return attempt { () throws(StepFailure) in
                    try range.check(number)
                    return value
                }
            }
        })
    }
}
