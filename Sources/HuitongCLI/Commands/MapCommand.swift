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
        var preview = MappingPreview(mapping: mapping, context: MappingContext(testMode: arguments.flag("test")))
        let read = try await adapter.read(since: nil) { batch in
            for item in batch { preview.add(item) }
        }
        let entries = preview.finish()

        if arguments.value("format") == "jsonl" {
            for entry in entries.prefix(limit) { console.line(try entry.jsonLine()) }
        } else {
            for entry in entries.prefix(limit) { console.line(entry.tableLine) }
            if entries.count > limit { console.line("… \(entries.count - limit) more (use --limit)") }
            console.line()
            console.line(preview.summary(mappingName: mapping.name, input: URLRedaction.removingUserInfo(from: inputPath)))
        }
        if let incomplete = read.incompleteRead {
            // What was read is shown above; the rest of the input was not, and a run would stop here.
            // The input may be an API's URL with a password in it, and the reason may name it too.
            console.diagnostic(URLRedaction.removingUserInfo(from: "huitong map: the read of \(inputPath) stopped early: \(incomplete)"))
            return incomplete.exitStatus
        }
        return preview.counts.setAside > 0 ? .finishedWithFindings : .success
    }
}

/// One input record's fate in a preview.
struct PreviewEntry {
    enum Fate: String { case mapped, setAside = "set_aside", skipped }

    var origin: String
    var fate: Fate
    var record: OrderedObject?
    var reasons: [MappingIssue]
    var warnings: [MappingIssue]
    var skipReason: String?

    var tableLine: String {
        switch fate {
        case .mapped:
            let json = record.map { (try? JSONWriter().string(for: .object($0))) ?? "" } ?? ""
            let notes = warnings.map { "\n      warning: \($0)" }.joined()
            return "\(origin)  ok        \(json)\(notes)"
        case .setAside:
            return "\(origin)  SET ASIDE " + reasons.map(\.description).joined(separator: "\n                     ")
                + warnings.map { "\n      warning: \($0)" }.joined()
        case .skipped:
            return "\(origin)  skipped   \(skipReason ?? "")"
        }
    }

    func jsonLine() throws -> String {
        func issues(_ list: [MappingIssue]) -> Value {
            .array(list.map { issue in
                .object(OrderedObject(uniqueKeysWithValues: [
                    ("field", .string(issue.field)), ("value", issue.value.map(Value.string) ?? .null),
                    ("rule", .string(issue.rule)), ("message", .string(issue.message)),
                ]))
            })
        }
        var object = OrderedObject()
        object["origin"] = .string(origin)
        object["outcome"] = .string(fate.rawValue)
        if let record { object["record"] = .object(record) }
        if !reasons.isEmpty { object["reasons"] = issues(reasons) }
        if !warnings.isEmpty { object["warnings"] = issues(warnings) }
        if let skipReason { object["reason"] = .string(skipReason) }
        return try JSONWriter().string(for: .object(object))
    }
}

/// Runs a mapping over a whole input, de-duplication included, keeping every outcome in input
/// order: a preview holds the file in memory, which the pipeline proper never does.
struct MappingPreview {
    let mapping: CompiledMapping
    var run: MappingRun
    private var entries: [PreviewEntry] = []
    private var resolver: DuplicateResolver<Int>?
    private(set) var counts = (mapped: 0, setAside: 0, skipped: 0, warnings: 0)

    init(mapping: CompiledMapping, context: MappingContext) {
        self.mapping = mapping
        self.run = MappingRun(context: context)
        self.resolver = mapping.deduplication.map { DuplicateResolver<Int>(rule: $0) }
    }

    /// Maps one item an adapter read.
    mutating func add(_ item: SourceItem) {
        switch item {
        case let .record(record, origin):
            add(mapping.map(record, run: &run), origin: origin.description)
        case let .unreadable(origin, reason):
            entries.append(PreviewEntry(origin: origin.description, fate: .setAside, record: nil,
                                        reasons: [MappingIssue(field: "(record)", value: nil, rule: "unreadable", message: reason)],
                                        warnings: [], skipReason: nil))
        }
    }

    private mutating func add(_ outcome: MappingOutcome, origin: String) {
        let index = entries.count
        switch outcome {
        case let .mapped(record, warnings):
            entries.append(PreviewEntry(origin: origin, fate: .mapped, record: record, reasons: [], warnings: warnings, skipReason: nil))
            guard var resolver else { break }
            let loser = resolver.add(record, reference: index)
            self.resolver = resolver
            if let loser {
                if resolver.rule.loser == .skip {
                    entries[loser.reference].fate = .skipped
                    entries[loser.reference].skipReason = "duplicate key; another record wins"
                } else {
                    entries[loser.reference].fate = .setAside
                    entries[loser.reference].reasons = [resolver.reason(for: loser.record)]
                }
                entries[loser.reference].record = nil
            }
        case let .setAside(reasons, warnings):
            entries.append(PreviewEntry(origin: origin, fate: .setAside, record: nil, reasons: reasons, warnings: warnings, skipReason: nil))
        case let .skipped(reason):
            entries.append(PreviewEntry(origin: origin, fate: .skipped, record: nil, reasons: [], warnings: [], skipReason: reason))
        }
    }

    /// The entries in input order, with the counts filled in.
    mutating func finish() -> [PreviewEntry] {
        counts = (0, 0, 0, 0)
        for entry in entries {
            switch entry.fate {
            case .mapped: counts.mapped += 1
            case .setAside: counts.setAside += 1
            case .skipped: counts.skipped += 1
            }
            counts.warnings += entry.warnings.count
        }
        return entries
    }

    func summary(mappingName: String, input: String) -> String {
        var lines = [
            "map \(mappingName) on \(input): \(entries.count) records — \(counts.mapped) mapped, "
                + "\(counts.setAside) set aside, \(counts.skipped) skipped, \(counts.warnings) warnings",
        ]
        for (table, values) in run.unknownValues.sorted(by: { $0.key < $1.key }) {
            let list = values.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\"\($0.key)\" ×\($0.value)" }.joined(separator: ", ")
            lines.append("  unknown in \(table): \(list)")
        }
        return lines.joined(separator: "\n")
    }
}
