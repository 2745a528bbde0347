import HuitongCore
import HuitongTransport
import HuitongYAML

/// `huitong version`: Huitong's release and the C libraries it runs with.
struct VersionCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "version",
            summary: "Print Huitong's version and the libcurl and libyaml versions it runs with.",
            discussion: "The same as 'huitong --version'. Joint-test reports quote this line."
        )
    }

    static var text: String {
        "huitong \(HuitongVersion.current) (libcurl \(libcurlVersion), libyaml \(libyamlVersion))\n"
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        console.writeOutput(Self.text)
        return .success
    }
}
