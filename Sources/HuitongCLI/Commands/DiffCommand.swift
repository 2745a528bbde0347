import Foundation
import HuitongAdapters
import HuitongCore
import HuitongHub
import HuitongLedger

/// `huitong diff A B`: what changed between two exchanged datasets, record by record and
/// field by field, by a merge in key order with bounded memory.
struct DiffCommand: Command {
    static let formats = ["text", "json", "jsonl", "html"]

    var spec: CommandSpec {
        CommandSpec(
            name: "diff",
            summary: "Compare two datasets (ledger entries or JSON Lines files): records added, removed and changed, field by field.",
            discussion: """
            A and B are each a ledger reference or a file. A reference is a sequence number, an entry id or the
            start of a run id; JOB/TARGET@latest, JOB/TARGET@latest~N (N entries before the latest) or
            JOB/TARGET@YYYY-MM-DD (the last entry finished on or before that Beijing date; --test for joint-test
            exchanges). A file (a path that exists) is JSON Lines: records keyed by --key FIELD[,FIELD] (their
            values joined by |: text as it is, other values as canonical JSON), or ledger dataset lines {"key": …, "record": …}.
            A file in any order is sorted on disk first, with bounded memory; a key held twice is an error, never
            merged.

            Records are paired by key: added (only in B), removed (only in A), changed (each changed field with
            its old and new value; nested values by path, such as location.lon). --ignore drops fields from the
            comparison, --tolerance makes numbers that close equal, --only and --limit restrict the records
            listed (the summary counts them all). The summary comes first, then the records in key order.

            Exit status: 0 when the datasets are equal (in the kinds --only lists), 1 when they differ, 2 for a
            usage error, 3 for an input that cannot be read or trusted (a duplicate key, a line that is not a
            record, an unknown reference).
            """,
            options: [
                OptionSpec(name: "ledger", kind: .value(placeholder: "DIR"), help: "the ledger directory (default: the configuration's, else ./\(LedgerCommand.defaultDirectory))"),
                .config,
                OptionSpec(name: "key", kind: .value(placeholder: "FIELD[,FIELD]"), help: "files: the fields that key a record"),
                OptionSpec(name: "ignore", kind: .repeatedValue(placeholder: "FIELD"), help: "leave a field (or path) out of the comparison; may be repeated"),
                OptionSpec(name: "tolerance", kind: .value(placeholder: "N"), help: "numbers at most N apart are equal (default 0)"),
                OptionSpec(name: "only", kind: .value(placeholder: "KIND", allowed: DiffKind.allCases.map(\.rawValue)), help: "list only added, removed or changed records"),
                OptionSpec(name: "limit", short: "n", kind: .value(placeholder: "N"), help: "list at most N records (the summary counts all)"),
                OptionSpec(name: "format", kind: .value(placeholder: "FORMAT", allowed: Self.formats), help: "text (default), json (one object), jsonl (the summary, then one line per record) or html (one self-contained page)"),
                OptionSpec(name: "test", help: "JOB/TARGET references name joint-test exchanges"),
            ],
            arguments: [
                ArgumentSpec(name: "A", help: "the old dataset: a ledger reference or a file"),
                ArgumentSpec(name: "B", help: "the new dataset: a ledger reference or a file"),
            ],
            examples: [
                ("huitong diff shelters/province-rfgc@latest~1 shelters/province-rfgc@latest", "what the last exchange changed"),
                ("huitong diff 12 14 --ignore updated_at --tolerance 0.000001", "two entries, leaving times and float noise aside"),
                ("huitong diff 14 export.jsonl --key gcbm --format json", "an entry against a file, for scripts"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let a = arguments.positional("A") ?? "", b = arguments.positional("B") ?? ""
        let key = arguments.value("key").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        if let key, key.isEmpty { throw usage("--key names one field or more, separated by commas") }
        var rules = DiffRules(ignore: Set(arguments.allValues("ignore")))
        if let text = arguments.value("tolerance") {
            guard let tolerance = Double(text), tolerance >= 0, tolerance.isFinite else { throw usage("--tolerance takes a number, 0 or more, not \"\(text)\"") }
            rules.tolerance = tolerance
        }
        var limit: Int?
        if let text = arguments.value("limit") {
            guard let number = Int(text), number >= 0 else { throw usage("--limit takes a whole number, 0 or more, not \"\(text)\"") }
            limit = number
        }
        let only = arguments.value("only").flatMap(DiffKind.init(rawValue:))
        let format = arguments.value("format") ?? "text"

        let scratch = NSTemporaryDirectory() + "huitong-diff-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var ledger: (reader: LedgerReader, directory: String)?
        func input(_ text: String) async throws -> (records: any KeyedRecords, label: String) {
            if FileManager.default.fileExists(atPath: text) {
                let records = text.lowercased().hasSuffix(".csv")
                    ? try await Self.csv(text, key: key, scratch: scratch)
                    : try SortedFileRecords(path: text, key: key, scratch: scratch)
                return (records, "\(text) (\(records.count) records)")
            }
            if ledger == nil {
                let directory = try LedgerCommand.ledgerDirectory(arguments)
                ledger = (LedgerReader(directory: directory), directory)
            }
            let entry = try ledger!.reader.entry(reference: text, test: arguments.flag("test"))
            var label = "entry \(entry.directoryName)"
            if case let .success(manifest) = entry.manifest {
                let subject = manifest.subject
                label += " (\(subject.job) → \(subject.platform)/\(subject.dataset), \(manifest.files.dataset.recordCount) records"
                switch manifest.content {
                // An append exchange's dataset is what it sent, not all the platform holds.
                case let .exchange(exchange): label += exchange.mode == .append ? "; append: what this exchange sent)" : ")"
                case .reconciliation: label += "; a reconciliation: what the platform was found holding)"
                }
            }
            return (try DatasetLines(entry: entry), label)
        }
        let old: (records: any KeyedRecords, label: String), new: (records: any KeyedRecords, label: String)
        do {
            old = try await input(a)
            new = try await input(b)
        } catch let error as DiffInputError {
            console.diagnostic("huitong diff: \(error.description)")
            return .invalidInput
        } catch let error as LedgerError {
            console.diagnostic("huitong diff: \(error.description)")
            return .invalidInput
        } catch let error as SourceError {
            console.diagnostic("huitong diff: \(error.description)")
            return .invalidInput
        }

        return try Self.compare(old, new, rules: rules, only: only, limit: limit, format: format, scratch: scratch, command: "diff", console: console)
    }

    /// Compares `old` with `new` and prints the result in `format`: what `diff` and `reconcile` share.
    static func compare(
        _ old: (records: any KeyedRecords, label: String), _ new: (records: any KeyedRecords, label: String),
        rules: DiffRules, only: DiffKind?, limit: Int?, format: String, scratch: String, command: String, console: Console,
        seeing: ((DatasetDifference) -> Void)? = nil
    ) throws -> ExitStatus {
        try compareSummarised(old, new, rules: rules, only: only, limit: limit, format: format, scratch: scratch,
                              command: command, console: console, seeing: seeing).status
    }

    /// ``compare(_:_:rules:only:limit:format:scratch:command:console:seeing:)`` with the summary
    /// of the comparison (nil when an input kept it from finishing).
    static func compareSummarised(
        _ old: (records: any KeyedRecords, label: String), _ new: (records: any KeyedRecords, label: String),
        rules: DiffRules, only: DiffKind?, limit: Int?, format: String, scratch: String, command: String, console: Console,
        seeing: ((DatasetDifference) -> Void)? = nil
    ) throws -> (status: ExitStatus, summary: DatasetDiff.Summary?) {
        // The differences go to a scratch file as they are found, so the summary can come first
        // and memory stays bounded whatever the datasets' size.
        let spoolPath = scratch + "/differences.jsonl"
        let spool = try JSONLinesSpool(path: spoolPath)
        var listed = 0, shown = 0
        let summary: DatasetDiff.Summary
        do {
            var left = old.records, right = new.records
            summary = try DatasetDiff(rules: rules).run(old: &left, new: &right) { difference in
                seeing?(difference)
                guard only == nil || difference.kind == only else { return }
                listed += 1
                guard limit.map({ shown < $0 }) ?? true else { return }
                shown += 1
                try spool.append(Self.json(difference))
            }
            try spool.close()
        } catch let error as DiffInputError {
            console.diagnostic("huitong \(command): \(error.description). Nothing was compared past it.")
            return (.invalidInput, nil)
        }

        let head: Value = [
            "a": .string(old.label), "b": .string(new.label),
            "summary": Self.json(summary), "listed": .integer(Int64(listed)), "shown": .integer(Int64(shown)),
        ]
        // A changed record carries both versions: its line may be twice a record's length.
        let reader = try JSONLinesReader(path: spoolPath, options: .init(maximumLineLength: 1 << 30))
        switch format {
        case "json":
            var text = try JSONWriter().string(for: head)
            text.removeLast()
            console.writeOutput(text + ",\"differences\":[")
            var first = true
            while let line = try reader.nextBytes() {
                let bytes = try line.content.get()
                console.writeOutput((first ? "" : ",") + String(decoding: bytes, as: UTF8.self))
                first = false
            }
            console.line("]}")
        case "jsonl":
            console.line(try JSONWriter().string(for: head))
            while let line = try reader.nextBytes() {
                let bytes = try line.content.get()
                console.line(String(decoding: bytes, as: UTF8.self))
            }
        case "html":
            console.writeOutput(DiffPage.head(summary, a: old.label, b: new.label, listed: listed, shown: shown, only: only))
            while let line = try reader.next() {
                let value = try line.content.get()
                console.writeOutput(DiffPage.row(value))
            }
            console.writeOutput(DiffPage.tail)
        default:
            let colour = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            console.writeOutput(Self.summaryText(summary, a: old.label, b: new.label, listed: listed, shown: shown, only: only))
            while let line = try reader.next() {
                let value = try line.content.get()
                console.writeOutput(Self.text(value, colour: colour))
            }
        }
        return (listed > 0 ? .finishedWithFindings : .success, summary)
    }

    /// A CSV file in any supported encoding (UTF-8, GB18030, GBK, found from its bytes), each
    /// row a record of text fields by header, sorted by --key.
    static func csv(_ path: String, key: [String]?, scratch: String, chunkSize: Int = 20_000) async throws -> SortedFileRecords {
        guard let key else {
            throw DiffInputError(input: path, message: "a CSV file needs --key FIELD[,FIELD]: the columns that key a row")
        }
        let sorter = KeyedRecordSorter(name: path, key: key, scratch: scratch, chunkSize: chunkSize)
        let read = try await CSVSourceAdapter(path: path).read(since: nil) { batch in
            for item in batch {
                switch item {
                case let .record(record, origin): try sorter.add(record, at: origin.description)
                case let .unreadable(origin, reason): throw DiffInputError(input: path, message: "\(origin): \(reason)")
                }
            }
        }
        if let incomplete = read.incompleteRead { throw DiffInputError(input: path, message: incomplete.description) }
        return try sorter.finish()
    }

    static func json(_ difference: DatasetDifference) -> Value {
        switch difference {
        case let .added(key, record): ["kind": "added", "key": .string(key), "record": record]
        case let .removed(key, record): ["kind": "removed", "key": .string(key), "record": record]
        case let .changed(key, changes):
            ["kind": "changed", "key": .string(key), "changes": .array(changes.map { change in
                var object = OrderedObject()
                object["field"] = .string(change.path)
                object["old"] = change.old ?? .null
                object["new"] = change.new ?? .null
                if change.old == nil { object["absent"] = "old" } else if change.new == nil { object["absent"] = "new" }
                return .object(object)
            })]
        }
    }

    static func json(_ summary: DatasetDiff.Summary) -> Value {
        var fields = OrderedObject()
        for (field, count) in summary.fieldCounts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            fields[field] = .integer(Int64(count))
        }
        return [
            "equal": .bool(!summary.differs), "old": .integer(Int64(summary.old)), "new": .integer(Int64(summary.new)),
            "added": .integer(Int64(summary.added)), "removed": .integer(Int64(summary.removed)),
            "changed": .integer(Int64(summary.changed)), "unchanged": .integer(Int64(summary.unchanged)), "fields": .object(fields),
        ]
    }

    static func summaryText(_ summary: DatasetDiff.Summary, a: String, b: String, listed: Int, shown: Int, only: DiffKind?) -> String {
        var lines = ["A: \(a)", "B: \(b)"]
        lines.append(summary.differs
            ? "\(summary.added) added, \(summary.removed) removed, \(summary.changed) changed, \(summary.unchanged) unchanged"
            : "equal: \(summary.unchanged) records, none added, removed or changed")
        if !summary.fieldCounts.isEmpty {
            let fields = summary.fieldCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            lines.append("changed fields: " + fields.prefix(12).map { "\($0.key) \($0.value)" }.joined(separator: ", ") + (fields.count > 12 ? ", …" : ""))
        }
        if shown < listed { lines.append("showing \(shown) of \(listed)\(only.map { " \($0.rawValue)" } ?? "") records (--limit)") }
        return lines.joined(separator: "\n") + (listed > 0 ? "\n\n" : "\n")
    }

    static func text(_ line: Value, colour: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func show(_ value: Value?) -> String {
            guard let value else { return "(absent)" }
            return (try? JSONWriter().string(for: value)) ?? ""
        }
        // A key is the platform's or the file's text: control characters are shown escaped, so
        // a key cannot move the cursor or recolour the terminal.
        let key = Self.printable(line["key"]?.stringValue ?? "")
        switch line["kind"]?.stringValue {
        case "added": return paint("+ \(key)", "32") + "  " + show(line["record"]) + "\n"
        case "removed": return paint("- \(key)", "31") + "  " + show(line["record"]) + "\n"
        default:
            var text = paint("~ \(key)", "33") + "\n"
            for change in line["changes"]?.arrayValue ?? [] {
                let absent = change["absent"]?.stringValue
                let old = absent == "old" ? nil : change["old"], new = absent == "new" ? nil : change["new"]
                text += "    \(Self.printable(change["field"]?.stringValue ?? "")): \(show(old)) → \(show(new))\n"
            }
            return text
        }
    }

    /// `text` with C0 and C1 control characters and DEL as `\u{…}` escapes.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { result += "\\u{" + String(scalar.value, radix: 16) + "}" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private func usage(_ message: String) -> UsageError {
        UsageError(command: "diff", message: message, hint: "Usage: \(HelpFormatter.usageLine(for: spec)). See 'huitong diff --help'.")
    }
}

/// `huitong diff --format html`: one self-contained page (no script, no network) an auditor can
/// archive: the two datasets, the summary, the changed fields, then every listed record. Every
/// value is escaped.
enum DiffPage {
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func json(_ value: Value?) -> String {
        guard let value else { return "(absent)" }
        return (try? JSONWriter().string(for: value)) ?? ""
    }

    static func head(_ summary: DatasetDiff.Summary, a: String, b: String, listed: Int, shown: Int, only: DiffKind?) -> String {
        let fields = summary.fieldCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"/><title>huitong diff</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}
            td.v{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
            tr.added td:first-child{color:#176b1f}tr.removed td:first-child{color:#a11}tr.changed td:first-child{color:#8a5a00}
            </style></head><body>
            <h1>huitong diff</h1>
            <table><tr><th>A</th><td>\(escape(a))</td></tr><tr><th>B</th><td>\(escape(b))</td></tr></table>
            <h2>Summary</h2>
            <table id="summary"><tr><th>result</th><td>\(summary.differs ? "different" : "equal")</td></tr>
            """
        for (name, count) in [("added", summary.added), ("removed", summary.removed), ("changed", summary.changed), ("unchanged", summary.unchanged)] {
            html += "<tr><th>\(name)</th><td>\(count)</td></tr>"
        }
        html += "</table>\n"
        if !fields.isEmpty {
            html += "<h2>Changes by field</h2>\n<table id=\"fields\"><tr><th>field</th><th>records changed</th></tr>"
            for (field, count) in fields { html += "<tr><td class=\"v\">\(escape(field))</td><td>\(count)</td></tr>" }
            html += "</table>\n"
        }
        let restriction = [only.map { "only \($0.rawValue)" }, shown < listed ? "the first \(shown) of \(listed)" : nil].compactMap { $0 }
        html += "<h2>Records\(restriction.isEmpty ? "" : " (" + restriction.joined(separator: ", ") + ")")</h2>\n"
        html += "<table id=\"records\"><tr><th>kind</th><th>key</th><th>field</th><th>old</th><th>new</th></tr>\n"
        return html
    }

    static func row(_ line: Value) -> String {
        let kind = line["kind"]?.stringValue ?? ""
        let key = escape(line["key"]?.stringValue ?? "")
        switch kind {
        case "added":
            return "<tr class=\"added\"><td>added</td><td class=\"v\">\(key)</td><td></td><td></td><td class=\"v\">\(escape(json(line["record"])))</td></tr>\n"
        case "removed":
            return "<tr class=\"removed\"><td>removed</td><td class=\"v\">\(key)</td><td></td><td class=\"v\">\(escape(json(line["record"])))</td><td></td></tr>\n"
        default:
            let changes = line["changes"]?.arrayValue ?? []
            var html = ""
            for (index, change) in changes.enumerated() {
                let absent = change["absent"]?.stringValue
                let first = index == 0 ? "<td rowspan=\"\(changes.count)\">changed</td><td class=\"v\" rowspan=\"\(changes.count)\">\(key)</td>" : ""
                html += "<tr class=\"changed\">\(first)<td class=\"v\">\(escape(change["field"]?.stringValue ?? ""))</td>"
                    + "<td class=\"v\">\(escape(json(absent == "old" ? nil : change["old"])))</td><td class=\"v\">\(escape(json(absent == "new" ? nil : change["new"])))</td></tr>\n"
            }
            return html
        }
    }

    static let tail = "</table>\n<p>Made by huitong diff. Values are JSON; (absent) marks a field one side does not have.</p>\n</body></html>\n"
}
