import HuitongCore
import HuitongYAML

extension NumberRange {
    /// Reads `{min, max, min_exclusive, max_exclusive}` (a field rule's `range`, and the
    /// mapping language's `range` step), recording every problem; `nil` when unusable.
    ///
    /// `min_exclusive: 0` means "greater than 0", as JSON Schema's `exclusiveMinimum`.
    static func load(from node: YAMLNode, into errors: inout ErrorCollector) -> NumberRange? {
        let bounds = node.entries(allowing: ["min", "max", "min_exclusive", "max_exclusive"], what: "range", into: &errors)
        guard node.mappingEntries != nil else { return nil }
        let lower = bound(bounds, inclusive: "min", exclusive: "min_exclusive", errors: &errors)
        let upper = bound(bounds, inclusive: "max", exclusive: "max_exclusive", errors: &errors)
        guard lower != nil || upper != nil else {
            if bounds.isEmpty {
                errors.add(node.error(.invalidValue, "range needs a lower bound, an upper bound or both: {min: 0, max: 100}"))
            }
            return nil
        }
        do {
            return try NumberRange(lower: lower, upper: upper)
        } catch {
            errors.add(node.error(.invalidValue, error.message))
            return nil
        }
    }

    private static func bound(
        _ bounds: [String: YAMLNode], inclusive: String, exclusive: String, errors: inout ErrorCollector
    ) -> Bound? {
        if bounds[inclusive] != nil, let second = bounds[exclusive] {
            errors.add(second.error(.invalidValue, "give \(inclusive) or \(exclusive), not both"))
            return nil
        }
        guard let node = bounds[inclusive] ?? bounds[exclusive] else { return nil }
        guard let value = errors.attempt({ () throws(YAMLError) in try node.requireDouble() }) else { return nil }
        guard value.isFinite else {
            errors.add(node.error(.invalidValue, "a range bound must be a finite number"))
            return nil
        }
        return bounds[inclusive] != nil ? .inclusive(value) : .exclusive(value)
    }
}
