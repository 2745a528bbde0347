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
            let subject = manifest.subject
            let finished = subject.timings.finished.formatted(.dateTime)
            var line = "\(sequence)  \(finished)  \(subject.job) → \(subject.platform)/\(subject.dataset)  "
            switch manifest.content {
            case let .exchange(exchange):
                line += "\(exchange.mode.rawValue)  \(countsText(exchange.counts))"
            case let .reconciliation(reconciliation):
                line += "reconciles entry \(reconciliation.reconciles.sequence)  \(countsText(reconciliation.counts))"
            }
            if subject.test { line += "  test" }
            return line
        }
    }

    /// `platform 120: unchanged 117, changed 1, removed 1, added 1` or `agrees (120)`.
    static func countsText(_ counts: ReconciliationCounts) -> String {
        if counts.agrees { return "the platform holds what the ledger says (\(counts.platform) records)" }
        return "ledger \(counts.ledger), platform \(counts.platform): unchanged \(counts.unchanged), changed \(counts.changed), removed \(counts.removed), added \(counts.added)"
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
            let subject = manifest.subject
            object["kind"] = .string(manifest.kind.rawValue)
            object["runId"] = .string(subject.runId)
            object["job"] = .string(subject.job)
            object["target"] = .string(subject.target)
            object["platform"] = .string(subject.platform)
            object["dataset"] = .string(subject.dataset)
            switch manifest.content {
            case let .exchange(exchange): object["mode"] = .string(exchange.mode.rawValue)
            case let .reconciliation(reconciliation): object["reconciles"] = .integer(Int64(reconciliation.reconciles.sequence))
            }
            object["test"] = .bool(subject.test)
            object["started"] = .string(subject.timings.started.formatted(.rfc3339Milliseconds))
            object["finished"] = .string(subject.timings.finished.formatted(.rfc3339Milliseconds))
            object["durationMilliseconds"] = .integer(subject.timings.durationMilliseconds)
            object["counts"] = (try? manifest.jsonValue())?["counts"] ?? .null
            object["datasetStoredIn"] = manifest.files.datasetStoredIn.map { .string($0) } ?? .null
        }
        return .object(object)
    }
}
