import HuitongCore

/// Renders `--help` text from a `CommandSpec`, so help can never drift from the parser.
enum HelpFormatter {
    static func usageLine(for spec: CommandSpec) -> String {
        var parts = ["huitong", spec.name]
        if !spec.options.isEmpty { parts.append("[options]") }
        parts += spec.arguments.map(\.synopsis)
        return parts.joined(separator: " ")
    }

    static func help(for spec: CommandSpec) -> String {
        var lines = ["Usage: \(usageLine(for: spec))", "", spec.summary]
        if !spec.discussion.isEmpty {
            lines += ["", spec.discussion]
        }
        if !spec.arguments.isEmpty {
            lines += ["", "Arguments:"]
            lines += table(spec.arguments.map { ($0.name, $0.help) })
        }
        let options = spec.options + [helpOption]
        lines += ["", "Options:"]
        lines += table(options.map { ($0.synopsis, $0.help) })
        if !spec.examples.isEmpty {
            lines += ["", "Examples:"]
            for example in spec.examples {
                lines += ["  \(example.commandLine)", "      \(example.meaning)"]
            }
        }
        lines += ["", exitStatusSection]
        return lines.joined(separator: "\n") + "\n"
    }

    static func overview(of commands: [CommandSpec], version: String) -> String {
        var lines = [
            "huitong \(version) — data-integration hub for the civil-air-defence office (汇通)",
            "",
            "Usage: huitong <command> [options]",
            "       huitong <command> --help",
            "       huitong --version",
            "",
            "Commands:",
        ]
        lines += table(commands.map { ($0.name, $0.summary) })
        lines += ["", exitStatusSection, "", "Documentation: docs/cli.md"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The help option every command accepts; handled before parsing.
    static let helpOption = OptionSpec(name: "help", short: "h", help: "Show this help and exit.")

    static var exitStatusSection: String {
        (["Exit status:"] + ExitStatus.allCases.map { "  \($0.rawValue)  \($0.meaning)" })
            .joined(separator: "\n")
    }

    /// Two columns, the first padded to its widest entry.
    private static func table(_ rows: [(String, String)]) -> [String] {
        let width = min(rows.map(\.0.count).max() ?? 0, 28)
        return rows.map { left, right in
            let padding = String(repeating: " ", count: max(1, width - left.count + 2))
            return "  \(left)\(padding)\(right)"
        }
    }
}
