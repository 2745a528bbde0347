/// What the parser found on a command line, checked against its `CommandSpec`.
struct ParsedArguments: Sendable, Equatable {
    /// Flags that were given, by long name.
    var flags: Set<String> = []
    /// Values of single- and repeated-value options, by long name, in command-line order.
    var values: [String: [String]] = [:]
    /// Positional arguments, by their spec name; a variadic argument may hold several.
    var positionals: [String: [String]] = [:]

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value given for an option (a later `--format` overrides an earlier one).
    func value(_ name: String) -> String? { values[name]?.last }

    func allValues(_ name: String) -> [String] { values[name] ?? [] }

    func positional(_ name: String) -> String? { positionals[name]?.first }

    func allPositionals(_ name: String) -> [String] { positionals[name] ?? [] }
}
