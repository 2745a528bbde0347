import HuitongCore

/// A command line that does not fit the command's declaration.
///
/// Always carries a hint: the likely intended option, or where to read the usage.
struct UsageError: OperatorFacingError, Equatable {
    var command: String
    var message: String
    var hint: String

    var exitStatus: ExitStatus { .usage }

    var description: String {
        "huitong \(command): \(message)\n\(hint)"
    }
}
