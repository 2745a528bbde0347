import HuitongCore

/// Every error found in one YAML file, thrown by `YAMLLoader` so the operator can fix them
/// all in one pass instead of one per run.
public struct YAMLLoadFailure: OperatorFacingError, Sendable, Hashable {
    /// The errors in the order they occur in the file; never empty.
    public let errors: [YAMLError]

    /// YAML problems are problems with the operator's input.
    public var exitStatus: ExitStatus { .invalidInput }

    /// Each error's three-line description, one after another.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    init(errors: [YAMLError]) {
        self.errors = errors
    }
}
