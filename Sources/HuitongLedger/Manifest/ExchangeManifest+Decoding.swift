import HuitongCore

extension ExchangeManifest {
    /// Decodes a manifest from its JSON, refusing anything the format does not define.
    init(decoding value: Value) throws(FormatProblem) {
        var top = try FormatFields(value, path: "")
        format = try top.string("format")
        guard LedgerFormat.readableIdentifiers.contains(format) else {
            throw FormatProblem(path: "format", message: "is \"\(format)\", a format this huitong (which reads \(LedgerFormat.readableIdentifiers.joined(separator: " and "))) does not know; use the huitong release that wrote it")
        }
        let first = format == LedgerFormat.firstIdentifier
        _ = try top.digest(Self.selfHashMember)
        huitongVersion = try top.string("huitongVersion")
        sequence = try top.count("sequence", minimum: 1)
        entryId = try top.string("entryId")
        previousManifestSHA256 = try top.optionalDigest("previousManifestSHA256")
        let kind: EntryKind
        if first {
            kind = .exchange
        } else {
            let text = try top.string("kind")
            guard let known = EntryKind(rawValue: text) else {
                throw FormatProblem(path: "kind", message: "is \"\(text)\", not one of \(EntryKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = known
        }
        switch kind {
        case .exchange: content = .exchange(try Self.exchange(&top, first: first))
        case .reconciliation: content = .reconciliation(try Self.reconciliation(&top))
        }

        var fileFields = try top.fields("files")
        var datasetFields = try fileFields.fields(LedgerFormat.datasetFile)
        let dataset = try Self.summary(&datasetFields)
        let storedIn = !first && datasetFields.has("storedIn") ? try datasetFields.string("storedIn") : nil
        if let storedIn, EntryName(directoryName: storedIn) == nil {
            throw FormatProblem(path: "files.\(LedgerFormat.datasetFile).storedIn", message: "is \"\(storedIn)\", not the name of an entry directory")
        }
        try datasetFields.finish()
        var companionFields = try fileFields.fields(kind.companionFile)
        files = LedgerFiles(dataset: dataset, datasetStoredIn: storedIn, companion: try Self.summary(&companionFields))
        try companionFields.finish()
        try fileFields.finish()
        try top.finish()
    }

    private static func exchange(_ top: inout FormatFields, first: Bool) throws(FormatProblem) -> ExchangeDescription {
        let runId = try top.string("runId")
        let job = try top.string("job")
        let target = try top.string("target")
        let platform = try top.string("platform")
        let dataset = try top.string("dataset")
        let modeText = try top.string("mode")
        guard let mode = ExchangeMode(rawValue: modeText) else {
            throw FormatProblem(path: "mode", message: "is \"\(modeText)\", not one of \(ExchangeMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let test = try top.bool("test")
        let deletesAllowed = try top.bool("deletesAllowed", absent: false)
        let schemaVersion = try top.string("schemaVersion")

        var inputFields = try top.fields("inputs")
        let inputs = ExchangeInputs(
            configurationSHA256: try inputFields.digest("configurationSHA256"),
            mappings: try inputFields.digestTable("mappings"),
            codeTables: try inputFields.digestTable("codeTables"))
        try inputFields.finish()

        var countFields = try top.fields("counts")
        let counts = ExchangeCounts(
            read: try countFields.count("read"), normalised: try countFields.count("normalised"),
            setAside: try countFields.count("setAside"), unchanged: try countFields.count("unchanged"),
            upserted: try countFields.count("upserted"), deleted: try countFields.count("deleted"),
            accepted: try countFields.count("accepted"), rejected: try countFields.count("rejected"),
            notSent: try countFields.count("notSent"), retries: try countFields.count("retries"))
        try countFields.finish()

        let timings = try Self.timings(&top)

        var batches: [BatchVerdict] = []
        for (index, element) in try top.array("batches").enumerated() {
            var fields = try FormatFields(element, path: "batches[\(index)]")
            batches.append(BatchVerdict(
                idempotencyKey: try fields.string("idempotencyKey"), httpStatus: try fields.optionalCount("httpStatus"),
                accepted: try fields.count("accepted"), rejected: try fields.count("rejected"),
                duplicates: try fields.count("duplicates"), notSent: try fields.count("notSent"),
                milliseconds: first || !fields.has("milliseconds") ? nil : Int64(try fields.count("milliseconds"))))
            try fields.finish()
        }
        return ExchangeDescription(
            runId: runId, job: job, target: target, platform: platform, dataset: dataset, mode: mode, test: test,
            schemaVersion: schemaVersion, inputs: inputs, counts: counts, timings: timings, batches: batches,
            deletesAllowed: deletesAllowed)
    }

    private static func reconciliation(_ top: inout FormatFields) throws(FormatProblem) -> ReconciliationDescription {
        let runId = try top.string("runId")
        let job = try top.string("job")
        let target = try top.string("target")
        let platform = try top.string("platform")
        let dataset = try top.string("dataset")
        let test = try top.bool("test")
        var reconciled = try top.fields("reconciles")
        let reference = EntryReference(sequence: try reconciled.count("sequence", minimum: 1), manifestSHA256: try reconciled.digest("manifestSHA256"))
        try reconciled.finish()
        var ignored: [String] = []
        for (index, element) in try top.array("ignoredFields").enumerated() {
            guard case let .string(field) = element else {
                throw FormatProblem(path: "ignoredFields[\(index)]", message: "must be a string")
            }
            ignored.append(field)
        }
        var countFields = try top.fields("counts")
        let counts = ReconciliationCounts(
            ledger: try countFields.count("ledger"), platform: try countFields.count("platform"),
            unchanged: try countFields.count("unchanged"), changed: try countFields.count("changed"),
            removed: try countFields.count("removed"), added: try countFields.count("added"))
        try countFields.finish()
        return ReconciliationDescription(
            runId: runId, job: job, target: target, platform: platform, dataset: dataset, test: test,
            reconciles: reference, ignoredFields: ignored, counts: counts, timings: try Self.timings(&top))
    }

    private static func timings(_ top: inout FormatFields) throws(FormatProblem) -> ExchangeTimings {
        var timingFields = try top.fields("timings")
        let timings = ExchangeTimings(started: try timingFields.timestamp("started"), finished: try timingFields.timestamp("finished"))
        _ = try timingFields.count("durationMilliseconds")
        try timingFields.finish()
        return timings
    }

    private static func summary(_ fields: inout FormatFields) throws(FormatProblem) -> LedgerFileSummary {
        LedgerFileSummary(sha256: try fields.digest("sha256"), byteCount: try fields.count("bytes"),
                          recordCount: try fields.count("records"))
    }
}
