/// The declared shape of one command line: what `huitong <command>` accepts.
///
/// Commands declare their options and positional arguments as data; the parser, the
/// usage errors and `--help` are all derived from this one declaration, so they cannot
/// disagree with each other.
struct CommandSpec: Sendable {
    /// The word after `huitong` (`check`, `run`, …).
    var name: String
    /// One line shown in the command list of `huitong --help`.
    var summary: String
    /// Paragraphs shown under the usage line of `huitong <command> --help`.
    var discussion: String = ""
    var options: [OptionSpec] = []
    var arguments: [ArgumentSpec] = []
    /// Worked examples for `--help`, each a command line followed by what it does.
    var examples: [(commandLine: String, meaning: String)] = []

    /// The option with this long name, or with this one-letter short name.
    func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    func option(short: Character) -> OptionSpec? {
        options.first { $0.short == short }
    }
}

/// One `--option` of a command.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        /// `--json`: present or not.
        case flag
        /// `--format markdown`: takes one value; the placeholder names it in help (`FORMAT`).
        case value(placeholder: String, allowed: [String]? = nil)
        /// `--target city --target province`: may be given several times.
        case repeatedValue(placeholder: String)
    }

    /// The long name without dashes.
    var name: String
    var short: Character? = nil
    var kind: Kind = .flag
    var help: String

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    /// `--format FORMAT` or `-j, --json`, as the help table shows it.
    var synopsis: String {
        var text = short.map { "-\($0), " } ?? "    "
        text += "--\(name)"
        switch kind {
        case .flag: break
        case let .value(placeholder, _): text += " \(placeholder)"
        case let .repeatedValue(placeholder): text += " \(placeholder)…"
        }
        return text
    }
}

/// One positional argument of a command.
struct ArgumentSpec: Sendable {
    enum Arity: Sendable {
        case required
        case optional
        /// Zero or more; only the last argument may be variadic.
        case variadic
    }

    /// Upper-case placeholder (`PATH`, `RUN`).
    var name: String
    var arity: Arity = .required
    var help: String

    var synopsis: String {
        switch arity {
        case .required: name
        case .optional: "[\(name)]"
        case .variadic: "[\(name)…]"
        }
    }
}
