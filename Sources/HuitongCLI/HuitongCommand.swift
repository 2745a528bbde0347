import HuitongCore
import HuitongTransport
import HuitongYAML

/// Entry point of the `huitong` executable: picks the command, parses its line, runs it,
/// and turns whatever happens into one of the documented exit statuses.
package enum HuitongCommand {
    /// Runs `huitong` with the arguments after the program name and returns the exit status.
    package static func main(arguments: [String]) async -> Int32 {
        await main(arguments: arguments, console: .standard).rawValue
    }

    static var registry: CommandRegistry {
        var registry = CommandRegistry()
        registry.register(CheckCommand())
        registry.register(SchemaCommand())
        registry.register(MapCommand())
        registry.register(PingCommand())
        registry.register(RunCommand())
        registry.register(HistoryCommand())
        registry.register(StatusCommand())
        registry.register(RejectsCommand())
        registry.register(ScheduleCommand())
        registry.register(ServeCommand())
        registry.register(ReportCommand())
        registry.register(SandboxCommand())
        registry.register(LedgerCommand())
        registry.register(DiffCommand())
        registry.register(ReconcileCommand())
        registry.register(PluginCommand())
        registry.register(VersionCommand())
        return registry
    }

    static func main(arguments: [String], console: Console) async -> ExitStatus {
        let registry = registry
        guard let first = arguments.first else {
            console.writeError(HelpFormatter.overview(of: registry.commands.map(\.spec), version: HuitongVersion.current))
            return .usage
        }
        switch first {
        case "--help", "-h", "help":
            if first == "help", arguments.count > 1, let command = registry.command(named: arguments[1]) {
                console.writeOutput(HelpFormatter.help(for: command.spec))
            } else {
                console.writeOutput(HelpFormatter.overview(of: registry.commands.map(\.spec), version: HuitongVersion.current))
            }
            return .success
        case "--version", "-V":
            console.writeOutput(VersionCommand.text)
            return .success
        default:
            break
        }
        guard let command = registry.command(named: first) else {
            var hint = "Run 'huitong --help' for the list of commands."
            if let nearest = NameSuggestion.nearest(to: first, among: registry.commands.map(\.spec.name)) {
                hint = "Did you mean '\(nearest)'? " + hint
            }
            console.diagnostic("huitong: unknown command \"\(first)\"\n\(hint)")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        let optionWords = rest.prefix { $0 != "--" }
        if optionWords.contains(where: { $0 == "--help" || $0 == "-h" }) {
            console.writeOutput(HelpFormatter.help(for: command.spec))
            return .success
        }
        do {
            let parsed = try ArgumentParser(spec: command.spec).parse(rest)
            return try await command.run(parsed, console: console)
        } catch let error as any OperatorFacingError {
            console.diagnostic(error.description)
            return error.exitStatus
        } catch {
            console.diagnostic("huitong \(first): \(error)")
            return .runtimeFailure
        }
    }
}
