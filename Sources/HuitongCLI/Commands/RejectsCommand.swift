import HuitongCore
import HuitongHub
import HuitongPlatforms

/// `huitong rejects [JOB…]`: what the last run of each job did not deliver, and why.
struct RejectsCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "rejects",
            summary: "List the records the last run of each job set aside, or a platform refused, with source location and reasons.",
            discussion: """
            For each JOB (default: all), the records of its last completed run that did not reach a platform:
            set aside at the source (unreadable, a rule of the mapping agreement) or for one target, refused by
            the platform (with the platform's own reasons), or not sent. Such a record is not sent again until
            its source content changes. Sends nothing, so it needs no credentials: the configuration's
            ${env:…} and ${file:…} references are not read. Exit 0 when there is nothing to list, 1 when there is.
            """,
            options: [
                .config,
                OptionSpec(name: "test", help: "the joint-test runs' lists"),
                OptionSpec(name: "json", help: "print one JSON object for scripts"),
            ],
            arguments: [ArgumentSpec(name: "JOB", arity: .variadic, help: "job names from the configuration")],
            examples: [("huitong rejects", "every job"), ("huitong rejects shelters --json", "one job, machine-readable")]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        // Reads only state files: the platforms' credentials are not needed, so not read.
        let configuration = try HubConfiguration.load(path: arguments.configurationPath, credentials: .skip)
        guard let jobs = ConfiguredNames.select(
            arguments.allPositionals("JOB"), from: configuration.jobs, name: \.name, kind: "job",
            command: "rejects", file: configuration.file, console: console
        ) else { return .usage }
        var all: [Value] = []
        var total = 0
        for name in jobs.map(\.name) {
            let entries = try RejectsFile.read(stateDirectory: configuration.stateDirectory, job: name, test: arguments.flag("test"))
            total += entries.count
            all.append(.object(["job": .string(name), "records": .array(entries)]))
            if arguments.flag("json") { continue }
            console.line("\(name): \(entries.isEmpty ? "nothing set aside or rejected" : "\(entries.count) record(s)")")
            for entry in entries {
                let stage = entry["stage"]?.stringValue ?? ""
                let target = entry["target"]?.stringValue.map { " → \($0)" } ?? ""
                let key = entry["key"]?.stringValue.flatMap { $0.isEmpty ? nil : " \($0)" } ?? ""
                let location = entry["location"]?.stringValue.map { " (\($0))" } ?? ""
                console.line("  \(stage)\(target)\(key)\(location)")
                for reason in entry["reasons"]?.arrayValue ?? [] {
                    let text = RecordReason(
                        field: reason["field"]?.stringValue, rule: reason["rule"]?.stringValue,
                        message: reason["message"]?.stringValue ?? "\(reason)", value: reason["value"]?.stringValue
                    )
                    console.line("      \(text)")
                }
            }
        }
        if arguments.flag("json") { console.line(try JSONWriter().string(for: .object(["jobs": .array(all)]))) }
        return total == 0 ? .success : .finishedWithFindings
    }
}
