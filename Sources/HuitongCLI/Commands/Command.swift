import HuitongCore

/// One `huitong` subcommand.
///
/// A command declares its command line as data (`spec`) and runs with the parsed result.
/// It reports problems by throwing an `OperatorFacingError` (its `exitStatus` becomes the
/// process's) or by returning a non-zero `ExitStatus` after printing its own summary.
protocol Command: Sendable {
    var spec: CommandSpec { get }
    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus
}

/// The commands `huitong` knows, registered explicitly by name.
struct CommandRegistry: Sendable {
    private(set) var commands: [any Command] = []

    /// Adds a command; a second command with the same name is a programming error caught at start-up.
    mutating func register(_ command: any Command) {
        precondition(
            !commands.contains { $0.spec.name == command.spec.name },
            "command \(command.spec.name) registered twice"
        )
        commands.append(command)
    }

    func command(named name: String) -> (any Command)? {
        commands.first { $0.spec.name == name }
    }
}
