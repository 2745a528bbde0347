import HuitongCore
import HuitongYAML

/// Every problem found loading the schema or its code tables, reported together so one run
/// shows them all. Each is a `YAMLError` at the offending node (`file:line:col`, the line, a caret).
package struct SchemaLoadFailure: OperatorFacingError, Sendable {
    /// The problems, file by file in load order; never empty.
    package let errors: [YAMLError]

    package init(errors: [YAMLError]) {
        self.errors = errors
    }

    /// Schema problems are problems with the operator's configuration.
    package var exitStatus: ExitStatus { .invalidInput }

    /// Each error's description, then a count and what to do.
    package var description: String {
        let count = errors.count == 1 ? "1 problem" : "\(errors.count) problems"
        return (errors.map(\.description) + ["schema: \(count) in the schema and its code tables; fix them and run again"])
            .joined(separator: "\n")
    }
}
