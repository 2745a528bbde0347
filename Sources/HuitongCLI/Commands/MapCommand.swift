import Foundation
import HuitongCore
import HuitongAdapters
import HuitongMapping

/// `huitong map`: previews what a mapping makes of an input file, record by record.
struct MapCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "map",
            summary: "Preview a mapping on an input file: records, set-aside rows with reasons, warnings, a summary.",
            discussion: """
            Reads INPUT with the adapter its form calls for — a .csv file (RFC 4180; GB18030, GBK or
            UTF-8, detected or given with --encoding), a .json file holding an array of objects, a
            .jsonl file or a directory of them, a directory of CAP .xml alerts, or an http(s):// URL
            of a paged API — runs every record through the mapping, applies its de-duplication rule
            over the whole input, and prints each record's outcome (with the file and line it came
            from) followed by a summary with counts and the values no code table knew. Nothing is
            sent or stored, and no reading position is remembered. An input that cannot be read to
            its end (a file cut short, a quote never closed, an API that pages past its bounds)
            is reported after the preview as an error, with exit status 3 or 4, as `huitong run`
            would stop on it.
            """,
            options: [
                OptionSpec(name: "mapping", short: "m", kind: .value(placeholder: "FILE"), help: "the mapping file (required)"),
                OptionSpec(name: "input", short: "i", kind: .value(placeholder: "INPUT"), help: "a .csv, .json or .jsonl file, a directory of .jsonl or CAP .xml files, or an http(s) URL (required)"),
                OptionSpec(name: "encoding", kind: .value(placeholder: "ENCODING", allowed: ["auto", "gb18030", "gbk", "utf-8"]), help: "text encoding of a CSV input (default auto)"),
                OptionSpec(name: "bearer-env", kind: .value(placeholder: "NAME"), help: "send the bearer token held in environment variable NAME to an http(s) input"),
                OptionSpec(name: "limit", short: "n", kind: .value(placeholder: "N"), help: "show at most N records (default 20; the summary counts all)"),
                OptionSpec(name: "format", kind: .value(placeholder: "FORMAT", allowed: ["table", "jsonl"]), help: "table (default) for people, jsonl for scripts"),
                OptionSpec(name: "test", help: "map as in a joint-test run (filters use their test_in lists)"),
                .mappings,
            ],
            examples: [
                ("huitong map -m mappings/sources/sensor-readings.yaml -i sensors.jsonl", "preview the first 20 readings"),
                ("huitong map -m mappings/sources/shelter-registry.yaml -i shelters.csv -n 0", "only the summary"),
                ("huitong map -m M.yaml -i in.jsonl --format jsonl -n 1000000", "every outcome as JSON Lines"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        guard let mappingPath = arguments.value("mapping"), let inputPath = arguments.value("input") else {
            throw UsageError(command: "map", message: "--mapping and --input are required", hint: "See 'huitong map --help'.")
        }
        let limitText = arguments.value("limit") ?? "20"
        guard let limit = Int(limitText), limit >= 0 else {
            throw UsageError(command: "map", message: "--limit takes a whole number, not \"\(limitText)\"", hint: "See 'huitong map --help'.")
        }
        let mappings = arguments.mappingsDirectory
        let schema = try SchemaLoader.load(mappings: mappings)
        let mapping = try MappingCompiler(schema: schema).compile(path: mappingPath)
        let adapter = try SourceSelection.adapter(
            for: inputPath, mapping: mapping, encoding: arguments.value("encoding"), bearerEnvironment: arguments.value("bearer-env")
        )
        // The pipeline's own stage and strategy, so the preview shows what a run would stage;
        // the external sort keeps memory bounded whatever the input's size.
        let stage = try MappingStage(
            mapping: mapping, context: MappingContext(testMode: arguments.flag("test")),
            deduplication: .externalSort(directory: NSTemporaryDirectory())
        )
        let printer = PreviewPrinter(
            format: arguments.value("format") == "jsonl" ? .jsonLines : .table, limit: limit, console: console,
            inputOrderFromScratch: stage.holdsMappedRecords ? NSTemporaryDirectory() : nil
        )
        let read = try await adapter.read(since: nil) { batch in
            for item in batch {
                switch item {
                case let .record(record, origin):
                    try stage.add(record, origin: printer.reference(for: origin), emit: printer.show)
                case let .unreadable(origin, reason):
                    try stage.addUnreadable(origin: printer.reference(for: origin), reason: reason, emit: printer.show)
                }
            }
        }
        try stage.finish(emit: printer.show)
        try printer.finish()

        if printer.format == .table {
            let counts = stage.counts
            if counts.offered > limit { console.line("… \(counts.offered - limit) more (use --limit)") }
            console.line()
            console.line(summary(of: stage, input: URLRedaction.removingUserInfo(from: inputPath)))
        }
        if let incomplete = read.incompleteRead {
            // What was read is shown above; the rest of the input was not, and a run would stop here.
            // The input may be an API's URL with a password in it, and the reason may name it too.
            console.diagnostic(URLRedaction.removingUserInfo(from: "huitong map: the read of \(inputPath) stopped early: \(incomplete)"))
            return incomplete.exitStatus
        }
        return stage.counts.setAside > 0 ? .finishedWithFindings : .success
    }

    /// The counts of the whole input and the values no code table knew.
    private func summary(of stage: MappingStage, input: String) -> String {
        let counts = stage.counts
        var lines = [
            "map \(stage.mapping.name) on \(input): \(counts.offered) records — \(counts.mapped) mapped, "
                + "\(counts.setAside) set aside, \(counts.skipped) skipped, \(counts.warnings) warnings",
        ]
        for (table, values) in stage.unknownValues.sorted(by: { $0.key < $1.key }) {
            let list = values.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\"\($0.key)\" ×\($0.value)" }.joined(separator: ", ")
            lines.append("  unknown in \(table): \(list)")
        }
        return lines.joined(separator: "\n")
    }
}
