import HuitongCore

/// Why a field or a record did not come through as it was, in terms an operator can act on.
///
/// `field` is the output field (or the rule's name for record rules), `value` the offending
/// input as text, `rule` the step or rule that objected, `message` what was wrong.
package struct MappingIssue: Sendable, Hashable, CustomStringConvertible {
    package var field: String
    package var value: String?
    package var rule: String
    package var message: String

    package init(field: String, value: String?, rule: String, message: String) {
        self.field = field
        self.value = value
        self.rule = rule
        self.message = message
    }

    package var description: String {
        let shown = value.map { " (value \"\($0)\")" } ?? ""
        return "\(field): \(message)\(shown) [\(rule)]"
    }
}

/// What one input record became.
package enum MappingOutcome: Sendable, Equatable {
    /// The output record (an object, fields in output order) and any warnings.
    case mapped(OrderedObject, warnings: [MappingIssue])
    /// Not sent: every reason found, plus warnings met on the way.
    case setAside(reasons: [MappingIssue], warnings: [MappingIssue])
    /// Not for this target (a `filter` rule said so); not an error.
    case skipped(reason: String)

    /// The warnings, whatever the outcome.
    package var warnings: [MappingIssue] {
        switch self {
        case let .mapped(_, warnings), let .setAside(_, warnings): warnings
        case .skipped: []
        }
    }
}
