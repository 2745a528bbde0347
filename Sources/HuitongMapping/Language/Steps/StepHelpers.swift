import HuitongCore
import HuitongYAML

extension StepCompilation {
    /// Turns an argument problem found by a function library initialiser into a load error
    /// at the step's arguments.
    func building<T>(_ body: () throws(StepFailure) -> T) throws(YAMLError) -> T {
        do throws(StepFailure) {
            return try body()
        } catch {
            throw invalid(error.message)
        }
    }

    /// Refuses arguments on a step that takes none, so that `epoch_ms: {unit: s}` is an error
    /// rather than silently ignored.
    func refuseArguments(_ stepName: String) throws(YAMLError) {
        if let arguments, !arguments.isNull { throw invalid("\(stepName) takes no arguments") }
    }

    /// A list of strings: the arguments themselves, or the list under `key`.
    func strings(_ node: YAMLNode?) throws(YAMLError) -> [String] {
        guard let node else { return [] }
        if node.scalar != nil { return [try node.requireString()] }
        return try node.requireSequence().map { item throws(YAMLError) in try item.requireString() }
    }
}

/// Runs a throwing function on a value and turns its failure into a step failure.
@inline(__always)
func attempt(_ body: () throws(StepFailure) -> Value) -> StepResult {
    do throws(StepFailure) {
        return .value(try body())
    } catch {
        return .failure(error.message)
    }
}

extension Value {
    /// The text of a string value, or of a number as it is written; nil for other kinds.
    var textForSteps: String? {
        switch self {
        case let .string(text): text
        case let .integer(number): String(number)
        case let .double(number): NumberFunctions.text(of: number)
        default: nil
        }
    }

    /// The number of an integer or decimal value.
    var numberForSteps: Double? {
        switch self {
        case let .integer(number): Double(number)
        case let .double(number): number
        default: nil
        }
    }
}

/// The failure for a value of the wrong kind at run time (an `any` input that was not text).
func wrongKind(_ value: Value, expected: String) -> StepResult {
    .failure("expected \(expected), found \(ValueComparison.text(value))")
}
