import HuitongCore

/// Every error found in one YAML file, thrown by `YAMLLoader` so the operator can fix them
/// all in one pass instead of one per run.
package struct YAMLLoadFailure: OperatorFacingError, Sendable, Hashable {
    /// The errors in the order they occur in the file; never empty.
    package let errors: [YAMLError]

    /// YAML problems are problems with the operator's input.
    package var exitStatus: ExitStatus { .invalidInput }

    /// Each error's three-line description, one after another.
    package var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    init(errors: [YAMLError]) {
        self.errors = errors
    }
}
