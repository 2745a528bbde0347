import HuitongCore
import Synchronization
import Testing
@testable import HuitongCLI

/// Captures what a command writes, as an operator would see it.
final class CapturedConsole: Sendable {
    private let output = Mutex("")
    private let errors = Mutex("")
    /// As if standard error were a terminal (progress is drawn).
    let interactive: Bool

    init(interactive: Bool = false) {
        self.interactive = interactive
    }

    var console: Console {
        Console(
            writeOutput: { [self] text in output.withLock { $0 += text } },
            writeError: { [self] text in errors.withLock { $0 += text } },
            isInteractive: interactive
        )
    }

    var standardOutput: String { output.withLock { $0 } }
    var standardError: String { errors.withLock { $0 } }
}

func runHuitong(_ arguments: [String], interactive: Bool = false) async -> (status: HuitongCore.ExitStatus, output: String, errors: String) {
    let captured = CapturedConsole(interactive: interactive)
    let status = await HuitongCommand.main(arguments: arguments, console: captured.console)
    return (status, captured.standardOutput, captured.standardError)
}

@Suite("Command dispatch")
struct CommandDispatchTests {
    @Test("--help lists every command and the exit statuses, and succeeds")
    func overview() async {
        let result = await runHuitong(["--help"])
        #expect(result.status == HuitongCore.ExitStatus.success)
        for command in HuitongCommand.registry.commands {
            #expect(result.output.contains(command.spec.name))
        }
        #expect(result.output.contains("4  runtime failure"))
    }

    @Test("every command answers --help with its own usage")
    func commandHelp() async {
        for command in HuitongCommand.registry.commands {
            let result = await runHuitong([command.spec.name, "--help"])
            #expect(result.status == HuitongCore.ExitStatus.success)
            #expect(result.output.hasPrefix("Usage: huitong \(command.spec.name)"))
        }
    }

    @Test("no command at all is a usage error that shows the overview")
    func noCommand() async {
        let result = await runHuitong([])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("Commands:"))
    }

    @Test("a mistyped command is a usage error suggesting the right one")
    func unknownCommand() async {
        let result = await runHuitong(["chek"])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("Did you mean 'check'?"))
    }

    @Test("--version names Huitong, libcurl and libyaml")
    func version() async {
        let result = await runHuitong(["--version"])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.hasPrefix("huitong \(HuitongVersion.current) (libcurl "))
        #expect(result.output.contains("libyaml 0."))
    }

    @Test("an unknown option of a command exits 2 with a hint on standard error")
    func unknownOption() async {
        let result = await runHuitong(["version", "--verbose"])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("unknown option --verbose"))
    }
}
