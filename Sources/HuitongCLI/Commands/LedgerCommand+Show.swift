import HuitongCore
import HuitongLedger

extension LedgerCommand {
    func show(_ text: String, directory: String, limit: Int, json: Bool, console: Console) throws -> ExitStatus {
        let reader = LedgerReader(directory: directory)
        let entry = try reader.entry(matching: text)
        let manifest = try entry.manifest.get()
        let dataset = try reader.datasetRecords(of: entry).next(limit)
        let rejects = manifest.kind == .exchange ? try reader.rejectedRecords(of: entry).next(limit) : []
        let differences = manifest.kind == .reconciliation ? try reader.differences(of: entry).next(limit) : []
        if json {
            var object = OrderedObject()
            object["ledger"] = .string(directory)
            object["sequence"] = .integer(Int64(entry.sequence))
            object["entryId"] = .string(entry.entryId)
            object["directory"] = .string(entry.directoryName)
            object["manifestSHA256"] = entry.manifestSHA256.map { .string($0.hex) } ?? .null
            object["manifest"] = try manifest.jsonValue()
            object["dataset"] = .array(dataset.map(\.jsonValue))
            if manifest.kind == .exchange { object["rejects"] = .array(rejects.map(\.jsonValue)) }
            if manifest.kind == .reconciliation { object["differences"] = .array(differences) }
            console.line(try JSONWriter().string(for: .object(object)))
            return .success
        }
        for line in Self.manifestLines(entry, manifest) { console.line(line) }
        console.line()
        console.line(Self.heading(LedgerFormat.datasetFile, shown: dataset.count, of: manifest.files.dataset.recordCount))
        for record in dataset {
            console.line("  \(record.key)  \(try CanonicalJSONWriter.string(for: record.record))")
        }
        if manifest.kind == .reconciliation {
            console.line(Self.heading(LedgerFormat.differencesFile, shown: differences.count, of: manifest.files.companion.recordCount))
            for line in differences { console.writeOutput(DiffCommand.text(line, colour: false)) }
            return .success
        }
        console.line(Self.heading(LedgerFormat.rejectsFile, shown: rejects.count, of: manifest.files.companion.recordCount))
        for record in rejects {
            let reasons = record.reasons.map { reason in
                (reason.field.map { "\($0): " } ?? "") + reason.message + (reason.rule.map { " [\($0)]" } ?? "")
            }
            console.line("  \(record.key.isEmpty ? "(no key)" : record.key)  \(record.stage.rawValue)  \(record.location ?? "-")  \(reasons.joined(separator: "; "))")
        }
        return .success
    }

    /// The manifest laid out as label and value, one subject per line.
    static func manifestLines(_ entry: LedgerEntry, _ manifest: ExchangeManifest) -> [String] {
        func row(_ label: String, _ value: String) -> String {
            label + String(repeating: " ", count: max(1, 12 - label.count)) + value
        }
        var lines: [String]
        switch manifest.content {
        case let .exchange(exchange): lines = exchangeLines(entry, manifest, exchange, row)
        case let .reconciliation(reconciliation):
            let counts = reconciliation.counts
            lines = [
                row("entry", "\(entry.directoryName) (sequence \(entry.sequence)), a reconciliation"),
                row("id", reconciliation.runId),
                row("job", "\(reconciliation.job) → \(reconciliation.target): platform \(reconciliation.platform), dataset \(reconciliation.dataset)\(reconciliation.test ? ", joint test" : "")"),
                row("reconciles", "entry \(reconciliation.reconciles.sequence) (manifest \(reconciliation.reconciles.manifestSHA256.hex))"),
                row("ignored", reconciliation.ignoredFields.isEmpty ? "no fields" : reconciliation.ignoredFields.joined(separator: ", ")),
                row("written by", "huitong \(manifest.huitongVersion), format \(manifest.format)"),
                row("started", reconciliation.timings.started.formatted(.rfc3339Milliseconds)),
                row("finished", "\(reconciliation.timings.finished.formatted(.rfc3339Milliseconds)) (\(reconciliation.timings.durationMilliseconds) ms)"),
                row("found", counts.agrees ? "the platform holds what the ledger says" : "the platform holds otherwise than the ledger says"),
                row("counts", "ledger \(counts.ledger), platform \(counts.platform): unchanged \(counts.unchanged), changed \(counts.changed), removed (lost on the platform) \(counts.removed), added (never sent) \(counts.added)"),
            ]
        }
        lines.append(row("files", "\(LedgerFormat.manifestFile)  \(entry.manifestSHA256?.hex ?? "unreadable")"))
        let dataset = manifest.files.dataset, companion = manifest.files.companion
        lines.append(row("", "\(LedgerFormat.datasetFile)  \(dataset.sha256.hex)  \(dataset.byteCount) bytes, \(dataset.recordCount) records"
                            + (manifest.files.datasetStoredIn.map { ", stored in \($0) (the same bytes)" } ?? "")))
        lines.append(row("", "\(manifest.kind.companionFile)  \(companion.sha256.hex)  \(companion.byteCount) bytes, \(companion.recordCount) records"))
        lines.append(row("chain", manifest.previousManifestSHA256.map { "previous manifest \($0.hex)" } ?? "first entry (no previous manifest)"))
        return lines
    }

    private static func exchangeLines(_ entry: LedgerEntry, _ manifest: ExchangeManifest, _ exchange: ExchangeDescription, _ row: (String, String) -> String) -> [String] {
        let counts = exchange.counts
        var lines = [
            row("entry", "\(entry.directoryName) (sequence \(entry.sequence))"),
            row("run", exchange.runId),
            row("job", "\(exchange.job) → \(exchange.target): platform \(exchange.platform), dataset \(exchange.dataset)"),
            row("mode", exchange.mode.rawValue + (exchange.test ? ", joint test" : "")),
            row("schema", exchange.schemaVersion),
            row("written by", "huitong \(manifest.huitongVersion), format \(manifest.format)"),
            row("started", exchange.timings.started.formatted(.rfc3339Milliseconds)),
            row("finished", "\(exchange.timings.finished.formatted(.rfc3339Milliseconds)) (\(exchange.timings.durationMilliseconds) ms)"),
            row("counts", "read \(counts.read), normalised \(counts.normalised), set aside \(counts.setAside), unchanged \(counts.unchanged), upserted \(counts.upserted), deleted \(counts.deleted)"),
            row("", "accepted \(counts.accepted), rejected \(counts.rejected), not sent \(counts.notSent), retries \(counts.retries)"),
            row("inputs", "configuration  \(exchange.inputs.configurationSHA256.hex)"),
        ]
        for (name, digest) in exchange.inputs.mappings.sorted(by: { $0.key < $1.key }) {
            lines.append(row("", "mapping \(name)  \(digest.hex)"))
        }
        for (name, digest) in exchange.inputs.codeTables.sorted(by: { $0.key < $1.key }) {
            lines.append(row("", "code table \(name)  \(digest.hex)"))
        }
        if exchange.batches.isEmpty { lines.append(row("batches", "none")) }
        for (index, batch) in exchange.batches.enumerated() {
            let status = batch.httpStatus.map { "HTTP \($0)" } ?? "no answer"
            lines.append(row(index == 0 ? "batches" : "", "\(batch.idempotencyKey)  \(status)  accepted \(batch.accepted), rejected \(batch.rejected), duplicates \(batch.duplicates), not sent \(batch.notSent)"))
        }
        return lines
    }

    static func heading(_ file: String, shown: Int, of total: Int) -> String {
        total == 0 ? "\(file): no records" : "\(file), \(shown == total ? "all \(total)" : "first \(shown) of \(total)") records:"
    }
}
