import HuitongCore

/// A field made from one input by a single `lookup` (a district, a protection class): the
/// text is looked up and its code handed out directly, without the step's closure, its result
/// and the loop around it, five times a row for the shelter registry.
///
/// A text the table does not know makes ``value(in:text:)`` return nil: the step then runs,
/// counts the unknown value for the run's report and fails with its own message. A lookup has
/// no other effect, so looking once more costs only time, and only for unknown values.
///
/// A class so that reading it from its field, once per row, costs one retain.
final class LookupChain: Sendable {
    let path: InputPath
    let matcher: CodeMatcher
    /// The value each entry position gives: its code, or its label.
    let results: [Value]

    /// The chain `steps` form over `source`, or nil when they are not one.
    init?(source: FieldSource, steps: [CompiledStep]) {
        guard case let .input(path) = source, steps.count == 1, !steps[0].runsOnEachElement,
              case let .lookup(matcher, results)? = steps[0].kernel
        else { return nil }
        self.path = path
        self.matcher = matcher
        self.results = results
    }

    /// The value the step gives for `record`, or nil to let it run.
    func value(in record: OrderedObject, text: TextDefaults) -> Value? {
        guard case let .string(string) = text.clean(path.value(in: record) ?? .null),
              let position = matcher.position(of: string)
        else { return nil }
        return results[position]
    }
}
