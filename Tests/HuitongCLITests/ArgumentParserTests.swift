import Testing
@testable import HuitongCLI
import HuitongCore

@Suite("Argument parser")
struct ArgumentParserTests {
    let spec = CommandSpec(
        name: "demo",
        summary: "A command for tests.",
        options: [
            OptionSpec(name: "json", short: "j", help: "JSON output."),
            OptionSpec(name: "quiet", short: "q", help: "Less output."),
            OptionSpec(name: "format", short: "f", kind: .value(placeholder: "FORMAT", allowed: ["markdown", "json-schema"]), help: "Format."),
            OptionSpec(name: "target", kind: .repeatedValue(placeholder: "TARGET"), help: "Targets."),
        ],
        arguments: [
            ArgumentSpec(name: "JOB", help: "the job"),
            ArgumentSpec(name: "PATH", arity: .variadic, help: "paths"),
        ]
    )

    func parse(_ words: [String]) throws(UsageError) -> ParsedArguments {
        try ArgumentParser(spec: spec).parse(words)
    }

    @Test("flags, values and positionals are recognised in any order")
    func mixedOrder() throws {
        let parsed = try parse(["a.yaml", "--json", "--format", "markdown", "b.yaml", "--target=city", "--target", "province", "c.yaml"])
        #expect(parsed.flag("json"))
        #expect(!parsed.flag("quiet"))
        #expect(parsed.value("format") == "markdown")
        #expect(parsed.allValues("target") == ["city", "province"])
        #expect(parsed.positional("JOB") == "a.yaml")
        #expect(parsed.allPositionals("PATH") == ["b.yaml", "c.yaml"])
    }

    @Test("bundled short flags and a short option with its value attached")
    func shortOptions() throws {
        let parsed = try parse(["-jq", "-fjson-schema", "job"])
        #expect(parsed.flag("json") && parsed.flag("quiet"))
        #expect(parsed.value("format") == "json-schema")
    }

    @Test("after -- every word is a positional, even one starting with a dash")
    func doubleDash() throws {
        let parsed = try parse(["job", "--", "--json"])
        #expect(!parsed.flag("json"))
        #expect(parsed.allPositionals("PATH") == ["--json"])
    }

    @Test("an unknown option is a usage error that suggests the nearest name")
    func unknownOption() {
        let error = #expect(throws: UsageError.self) { try parse(["job", "--jsn"]) }
        #expect(error?.message == "unknown option --jsn")
        #expect(error?.hint.contains("Did you mean --json?") == true)
        #expect(error?.exitStatus == .usage)
    }

    @Test("an option missing its value is a usage error")
    func missingValue() {
        let error = #expect(throws: UsageError.self) { try parse(["job", "--format"]) }
        #expect(error?.message == "option --format needs a value")
    }

    @Test("a value outside the allowed list is a usage error naming the allowed ones")
    func disallowedValue() {
        let error = #expect(throws: UsageError.self) { try parse(["job", "--format", "html"]) }
        #expect(error?.message.contains("must be one of markdown, json-schema") == true)
    }

    @Test("a missing required argument is a usage error with the usage line")
    func missingArgument() {
        let error = #expect(throws: UsageError.self) { try parse(["--json"]) }
        #expect(error?.message.hasPrefix("missing argument JOB") == true)
        #expect(error?.hint.contains("Usage: huitong demo [options] JOB [PATH…]") == true)
    }

    @Test("a surplus argument is a usage error")
    func surplusArgument() {
        let narrow = CommandSpec(name: "one", summary: "", arguments: [ArgumentSpec(name: "X", help: "")])
        let error = #expect(throws: UsageError.self) { try ArgumentParser(spec: narrow).parse(["a", "b"]) }
        #expect(error?.message == "unexpected argument \"b\"")
    }

    @Test("a flag given a value is a usage error")
    func flagWithValue() {
        let error = #expect(throws: UsageError.self) { try parse(["job", "--json=yes"]) }
        #expect(error?.message == "option --json takes no value")
    }

    @Test("help lists every option, every argument and the exit statuses")
    func helpText() {
        let help = HelpFormatter.help(for: spec)
        for option in spec.options { #expect(help.contains("--\(option.name)")) }
        #expect(help.contains("--help"))
        #expect(help.contains("JOB"))
        #expect(help.contains("3  invalid configuration or input"))
    }
}
