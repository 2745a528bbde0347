import HuitongCore
import HuitongYAML

/// What a step produced for one value.
enum StepResult: Sendable {
    case value(Value)
    /// The value breaks the step's rule; the message says how ("not a number: …").
    case failure(String)
}

/// Per-run state a step may read or add to: the run's context and the unknown-value tally.
struct StepRuntime {
    let context: MappingContext
    /// Values that code-table lookups did not know, per table, with counts.
    var unknownValues: [String: [String: Int]] = [:]

    mutating func noteUnknown(_ value: String, in table: String) {
        unknownValues[table, default: [:]][value, default: 0] += 1
    }
}

/// One step, compiled: its arguments are parsed, its tables resolved, its types checked.
///
/// A class rather than a struct: `CompiledMapping.map` walks every step of every field for
/// every row, and handing on a reference costs one retain where copying the step's name, table
/// name, kernel and closure costs one each.
final class CompiledStep: Sendable {
    /// The step's name, as a set-aside reason's `rule`.
    let name: String
    let outputType: ValueType
    /// Steps that look at absent values (`coalesce`, `default_value`, `if`) run on them;
    /// every other step passes an absent value through untouched.
    let handlesAbsent: Bool
    /// The code table every value the step gives is a code of (a `lookup` giving codes), so
    /// that a field rule asking for that table's codes need not look the value up again.
    let givesCodesOf: String?
    /// What the step does in terms `FusedField` can run without `Value`s in between; nil
    /// for steps it does not fuse.
    let kernel: StepKernel?
    /// Whether the step was wrapped by `elementwise()` to run on each item of a list.
    let runsOnEachElement: Bool
    let run: @Sendable (Value, inout StepRuntime) -> StepResult

    init(
        name: String, outputType: ValueType, handlesAbsent: Bool, givesCodesOf: String? = nil,
        kernel: StepKernel? = nil, runsOnEachElement: Bool = false,
        run: @escaping @Sendable (Value, inout StepRuntime) -> StepResult
    ) {
        self.name = name
        self.outputType = outputType
        self.handlesAbsent = handlesAbsent
        self.givesCodesOf = givesCodesOf
        self.kernel = kernel
        self.runsOnEachElement = runsOnEachElement
        self.run = run
    }
}

extension Array where Element == CompiledStep {
    /// Runs the steps in order on `value`, passing an absent value over steps that do not
    /// look at absent values; the first failure ends the run.
    func run(on value: Value, runtime: inout StepRuntime) -> StepResult {
        var current = value
        for step in self {
            if current.isNull && !step.handlesAbsent { continue }
            switch step.run(current, &runtime) {
            case let .value(next): current = next
            case let .failure(message): return .failure(message)
            }
        }
        return .value(current)
    }
}

/// What a step's compiler receives: its arguments, the type flowing in, and the means to
/// resolve names (code tables) and compile nested steps (`if … then …`).
struct StepCompilation {
    /// The whole step node (`round: 6` or `trim`), for errors about the step.
    let node: YAMLNode
    /// The arguments (`6` in `round: 6`); nil when the step was written as a bare name.
    let arguments: YAMLNode?
    let inputType: ValueType
    let codeTables: CodeTableSet
    /// Compiles a nested step list given the type flowing into it.
    let compileSteps: (YAMLNode, ValueType) throws(YAMLError) -> (steps: [CompiledStep], outputType: ValueType)

    func invalid(_ message: String) -> YAMLError {
        (arguments ?? node).error(.invalidValue, message)
    }

    /// Fails unless the incoming type fits one of `accepted`.
    func requireInput(_ accepted: ValueType..., stepName: String) throws(YAMLError) {
        guard accepted.contains(where: { inputType.fits($0) }) else {
            let list = accepted.map(\.rawValue).joined(separator: " or ")
            throw node.error(.typeMismatch, "step \(stepName) takes \(list), but receives \(inputType) here")
        }
    }

    /// The arguments, which must be present.
    func requireArguments(_ stepName: String, example: String) throws(YAMLError) -> YAMLNode {
        guard let arguments, !arguments.isNull else {
            throw node.error(.invalidValue, "step \(stepName) needs arguments, for example \(example)")
        }
        return arguments
    }

    /// Refuses keys other than `allowed` in a mapping of arguments.
    func allowOnly(_ allowed: Set<String>, in arguments: YAMLNode, stepName: String) throws(YAMLError) {
        for entry in try arguments.requireMapping() {
            let key = entry.key.scalar?.text ?? ""
            if !allowed.contains(key) {
                throw entry.key.error(
                    .unknownKey,
                    "step \(stepName) has no argument \"\(key)\"; it takes \(allowed.sorted().joined(separator: ", "))"
                )
            }
        }
    }
}

/// A step of the mapping language: its name, what it does, and how to compile a use of it.
struct StepDefinition: Sendable {
    let name: String
    /// One line for documentation and "did you mean" hints.
    let summary: String
    /// Applied to each element when a list flows in (`from: [经度, 纬度]` then `number`).
    var elementwise: Bool = false
    let compile: @Sendable (StepCompilation) throws(YAMLError) -> CompiledStep
}

/// The steps a mapping may use, registered explicitly by name.
struct StepRegistry: Sendable {
    private(set) var definitions: [String: StepDefinition] = [:]

    /// Adds a step; a second step with the same name is a programming error.
    mutating func register(_ definition: StepDefinition) {
        precondition(definitions[definition.name] == nil, "mapping step \(definition.name) registered twice")
        definitions[definition.name] = definition
    }

    func definition(named name: String) -> StepDefinition? { definitions[name] }

    /// The registered name nearest to a misspelt one, for hints.
    func nearestName(to name: String) -> String? {
        NameSuggestion.nearest(to: name, among: definitions.keys)
    }
}
