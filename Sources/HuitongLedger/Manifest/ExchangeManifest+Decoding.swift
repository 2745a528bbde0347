import HuitongCore

extension ExchangeManifest {
    /// Decodes a manifest from its JSON, refusing anything the format does not define.
    init(decoding value: Value) throws(FormatProblem) {
        var top = try FormatFields(value, path: "")
        format = try top.string("format")
        guard format == LedgerFormat.identifier else {
            throw FormatProblem(path: "format", message: "is \"\(format)\", a format this huitong (which reads \(LedgerFormat.identifier)) does not know; use the huitong release that wrote it")
        }
        _ = try top.digest(Self.selfHashMember)
        huitongVersion = try top.string("huitongVersion")
        sequence = try top.count("sequence", minimum: 1)
        entryId = try top.string("entryId")
        previousManifestSHA256 = try top.optionalDigest("previousManifestSHA256")

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

        var timingFields = try top.fields("timings")
        let timings = ExchangeTimings(started: try timingFields.timestamp("started"), finished: try timingFields.timestamp("finished"))
        _ = try timingFields.count("durationMilliseconds")
        try timingFields.finish()

        var batches: [BatchVerdict] = []
        for (index, element) in try top.array("batches").enumerated() {
            var fields = try FormatFields(element, path: "batches[\(index)]")
            batches.append(BatchVerdict(
                idempotencyKey: try fields.string("idempotencyKey"), httpStatus: try fields.optionalCount("httpStatus"),
                accepted: try fields.count("accepted"), rejected: try fields.count("rejected"),
                duplicates: try fields.count("duplicates"), notSent: try fields.count("notSent")))
            try fields.finish()
        }

        var fileFields = try top.fields("files")
        files = LedgerFiles(dataset: try Self.summary(&fileFields, LedgerFormat.datasetFile),
                            rejects: try Self.summary(&fileFields, LedgerFormat.rejectsFile))
        try fileFields.finish()
        try top.finish()

        exchange = ExchangeDescription(
            runId: runId, job: job, target: target, platform: platform, dataset: dataset, mode: mode, test: test,
            schemaVersion: schemaVersion, inputs: inputs, counts: counts, timings: timings, batches: batches,
            deletesAllowed: deletesAllowed)
    }

    private static func summary(_ files: inout FormatFields, _ name: String) throws(FormatProblem) -> LedgerFileSummary {
        var fields = try files.fields(name)
        let summary = LedgerFileSummary(sha256: try fields.digest("sha256"), byteCount: try fields.count("bytes"),
                                        recordCount: try fields.count("records"))
        try fields.finish()
        return summary
    }
}
