import HuitongCore
import HuitongYAML

/// Every problem found in one mapping file, reported together so that one `huitong check`
/// shows them all. Each is a `YAMLError` at the offending node (`file:line:col`, line, caret).
package struct MappingLoadFailure: OperatorFacingError, Sendable {
    package let errors: [YAMLError]

    package init(errors: [YAMLError]) { self.errors = errors }

    package var exitStatus: ExitStatus { .invalidInput }

    package var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Errors collected while compiling; the shared collector of `HuitongYAML`.
typealias ErrorCollector = YAMLErrorCollector

extension Value {
    /// The type a constant has in the mapping language.
    var constantType: ValueType {
        switch self {
        case .null: .any
        case .bool: .boolean
        case .integer: .integer
        case .double: .decimal
        case .string: .string
        case .array: .list
        case .object: .object
        }
    }
}
