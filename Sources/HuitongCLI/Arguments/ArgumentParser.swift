import HuitongCore

/// Parses a command line against a `CommandSpec`.
///
/// Accepts `--name value`, `--name=value`, `-x value`, bundled short flags (`-jq`), and `--`
/// to end options. Unknown options, missing values and missing or surplus arguments are
/// `UsageError`s that suggest the nearest option name.
struct ArgumentParser {
    var spec: CommandSpec

    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var positionals: [String] = []
        var index = 0
        var optionsEnded = false

        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                positionals.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word.hasPrefix("--") {
                var name = String(word.dropFirst(2))
                var inlineValue: String?
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let option = spec.option(named: name) else {
                    throw unknownOption("--\(name)")
                }
                if option.takesValue {
                    let value: String
                    if let inlineValue {
                        value = inlineValue
                    } else if index < arguments.count {
                        value = arguments[index]
                        index += 1
                    } else {
                        throw missingValue(option)
                    }
                    try record(value, for: option, in: &parsed)
                } else {
                    if inlineValue != nil {
                        throw error("option --\(name) takes no value", hint: helpHint)
                    }
                    parsed.flags.insert(option.name)
                }
            } else {
                // One or more short options bundled: `-jq`, or `-f value` as the last one.
                let letters = Array(word.dropFirst())
                for (position, letter) in letters.enumerated() {
                    guard let option = spec.option(short: letter) else {
                        throw unknownOption("-\(letter)")
                    }
                    if option.takesValue {
                        let rest = String(letters[(position + 1)...])
                        if !rest.isEmpty {
                            try record(rest, for: option, in: &parsed)
                        } else if index < arguments.count {
                            try record(arguments[index], for: option, in: &parsed)
                            index += 1
                        } else {
                            throw missingValue(option)
                        }
                        break
                    }
                    parsed.flags.insert(option.name)
                }
            }
        }
        try assign(positionals, to: &parsed)
        return parsed
    }

    private func record(_ value: String, for option: OptionSpec, in parsed: inout ParsedArguments) throws(UsageError) {
        if case let .value(placeholder, allowed?) = option.kind, !allowed.contains(value) {
            throw error(
                "--\(option.name) \(placeholder) must be one of \(allowed.joined(separator: ", ")), not \"\(value)\"",
                hint: helpHint
            )
        }
        parsed.values[option.name, default: []].append(value)
    }

    private func assign(_ words: [String], to parsed: inout ParsedArguments) throws(UsageError) {
        var remaining = words[...]
        for argument in spec.arguments {
            switch argument.arity {
            case .required:
                guard let word = remaining.popFirst() else {
                    throw error("missing argument \(argument.name) (\(argument.help))", hint: usageHint)
                }
                parsed.positionals[argument.name] = [word]
            case .optional:
                if let word = remaining.popFirst() { parsed.positionals[argument.name] = [word] }
            case .variadic:
                parsed.positionals[argument.name] = Array(remaining)
                remaining = []
            }
        }
        if let extra = remaining.first {
            throw error("unexpected argument \"\(extra)\"", hint: usageHint)
        }
    }

    private func unknownOption(_ written: String) -> UsageError {
        let bare = String(written.drop { $0 == "-" })
        let nearest = NameSuggestion.nearest(to: bare, among: spec.options.map(\.name))
        let hint = nearest.map { "Did you mean --\($0)? \(helpHint)" } ?? helpHint
        return error("unknown option \(written)", hint: hint)
    }

    private func missingValue(_ option: OptionSpec) -> UsageError {
        error("option --\(option.name) needs a value", hint: "Write it as --\(option.name) VALUE. \(helpHint)")
    }

    private func error(_ message: String, hint: String) -> UsageError {
        UsageError(command: spec.name, message: message, hint: hint)
    }

    private var helpHint: String { "See 'huitong \(spec.name) --help'." }

    private var usageHint: String {
        "Usage: \(HelpFormatter.usageLine(for: spec)). See 'huitong \(spec.name) --help'."
    }
}
