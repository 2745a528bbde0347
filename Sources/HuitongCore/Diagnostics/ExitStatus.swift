/// The process exit codes every `huitong` command uses; documented in `--help` and `docs/cli.md`.
///
/// Scripts depend on these numbers: never renumber a case.
package enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything asked for was done.
    case success = 0
    /// The command finished, but found differences or records were rejected or set aside.
    case finishedWithFindings = 1
    /// The command line was wrong (unknown option, missing argument).
    case usage = 2
    /// Configuration or input is invalid (YAML, mapping, schema, source data that cannot be read).
    case invalidInput = 3
    /// A runtime failure outside the input: platform, network, disk.
    case runtimeFailure = 4

    /// One line for `--help` and `docs/cli.md`.
    package var meaning: String {
        switch self {
        case .success: "success"
        case .finishedWithFindings: "finished, with differences or rejected/set-aside records"
        case .usage: "usage error (unknown option, missing argument)"
        case .invalidInput: "invalid configuration or input"
        case .runtimeFailure: "runtime failure (platform, network, disk)"
        }
    }
}

/// An error that knows which exit status it stands for and how to explain itself to an operator.
///
/// Conforming errors render as one or more lines: where (`file:line:col`, row, request),
/// what (value, rule), and what to do next.
package protocol OperatorFacingError: Error, CustomStringConvertible {
    /// The exit status a command ends with when this error stops it.
    var exitStatus: ExitStatus { get }
}
