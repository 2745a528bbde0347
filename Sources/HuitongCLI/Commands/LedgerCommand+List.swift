import HuitongCore
import HuitongLedger

extension LedgerCommand {
    func list(directory: String, json: Bool, console: Console) throws -> ExitStatus {
        let entries = try LedgerReader(directory: directory).entries()
        if json {
            let object: Value = ["ledger": .string(directory), "entries": .array(entries.map(Self.summaryJSON))]
            console.line(try JSONWriter().string(for: object))
            return .success
        }
        if entries.isEmpty { console.line("no entries in \(directory)") }
        for entry in entries { console.line(Self.listLine(entry)) }
        return .success
    }

    /// `000012  2026-11-29 10:00:03  shelters → province/shelter  sync  read 120, …  test`.
    static func listLine(_ entry: LedgerEntry) -> String {
        let sequence = entry.directoryName.prefix { $0 != "-" }
        switch entry.manifest {
        case let .failure(error):
            return "\(sequence)  \(entry.entryId)  manifest unreadable: \(error.message) (run 'huitong ledger verify')"
        case let .success(manifest):
            let exchange = manifest.exchange
            let finished = exchange.timings.finished.formatted(.dateTime)
            var line = "\(sequence)  \(finished)  \(exchange.job) → \(exchange.platform)/\(exchange.dataset)  \(exchange.mode.rawValue)  \(countsText(exchange.counts))"
            if exchange.test { line += "  test" }
            return line
        }
    }

    /// The counts an operator scans for, zero "not sent" left out.
    static func countsText(_ counts: ExchangeCounts) -> String {
        var parts = [
            "read \(counts.read)", "set aside \(counts.setAside)", "unchanged \(counts.unchanged)",
            "upserted \(counts.upserted)", "deleted \(counts.deleted)", "accepted \(counts.accepted)", "rejected \(counts.rejected)",
        ]
        if counts.notSent > 0 { parts.append("not sent \(counts.notSent)") }
        return parts.joined(separator: ", ")
    }

    static func summaryJSON(_ entry: LedgerEntry) -> Value {
        var object = OrderedObject()
        object["sequence"] = .integer(Int64(entry.sequence))
        object["entryId"] = .string(entry.entryId)
        object["directory"] = .string(entry.directoryName)
        object["manifestSHA256"] = entry.manifestSHA256.map { .string($0.hex) } ?? .null
        switch entry.manifest {
        case let .failure(error):
            object["error"] = .string(error.message)
        case let .success(manifest):
            let exchange = manifest.exchange
            object["runId"] = .string(exchange.runId)
            object["job"] = .string(exchange.job)
            object["target"] = .string(exchange.target)
            object["platform"] = .string(exchange.platform)
            object["dataset"] = .string(exchange.dataset)
            object["mode"] = .string(exchange.mode.rawValue)
            object["test"] = .bool(exchange.test)
            object["started"] = .string(exchange.timings.started.formatted(.rfc3339Milliseconds))
            object["finished"] = .string(exchange.timings.finished.formatted(.rfc3339Milliseconds))
            object["durationMilliseconds"] = .integer(exchange.timings.durationMilliseconds)
            object["counts"] = (try? manifest.jsonValue())?["counts"] ?? .null
        }
        return .object(object)
    }
}
