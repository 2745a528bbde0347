import HuitongCore

extension ExchangeManifest {
    /// The member holding the SHA-256 of the manifest's canonical JSON without it.
    static let selfHashMember = "selfSHA256"

    /// The bytes of `manifest.json`: canonical JSON with ``selfHashMember`` filled in.
    func canonicalBytes() throws(LedgerError) -> [UInt8] {
        var object = unsealedObject()
        object[Self.selfHashMember] = .string(try Self.selfHash(of: object).hex)
        return try Self.canonical(.object(object))
    }

    /// The manifest as JSON, `selfSHA256` included: what `huitong ledger show --json` prints.
    package func jsonValue() throws(LedgerError) -> Value {
        var object = unsealedObject()
        object[Self.selfHashMember] = .string(try Self.selfHash(of: object).hex)
        return .object(object)
    }

    /// SHA-256 of the canonical JSON of `object`, which must not hold ``selfHashMember``.
    static func selfHash(of object: OrderedObject) throws(LedgerError) -> Digest {
        SHA256.hash(try canonical(.object(object)))
    }

    static func canonical(_ value: Value) throws(LedgerError) -> [UInt8] {
        do {
            return try CanonicalJSONWriter.bytes(for: value)
        } catch {
            throw LedgerError(.invalidRecord, path: nil, "the manifest cannot be written as JSON: \(error.message)",
                              hint: "Counts and names are plain values; this is a bug in the ledger writer.")
        }
    }

    /// Every member but ``selfHashMember``, in the order people read them.
    func unsealedObject() -> OrderedObject {
        var object = OrderedObject()
        object["format"] = .string(format)
        object["huitongVersion"] = .string(huitongVersion)
        object["sequence"] = .integer(Int64(sequence))
        object["entryId"] = .string(entryId)
        object["previousManifestSHA256"] = previousManifestSHA256.map { .string($0.hex) } ?? .null
        // The first format knew exchanges only and had no `kind`; its manifests are written back as they were.
        if format != LedgerFormat.firstIdentifier { object["kind"] = .string(kind.rawValue) }
        switch content {
        case let .exchange(exchange):
            object["runId"] = .string(exchange.runId)
            object["job"] = .string(exchange.job)
            object["target"] = .string(exchange.target)
            object["platform"] = .string(exchange.platform)
            object["dataset"] = .string(exchange.dataset)
            object["mode"] = .string(exchange.mode.rawValue)
            object["test"] = .bool(exchange.test)
            object["deletesAllowed"] = .bool(exchange.deletesAllowed)
            object["schemaVersion"] = .string(exchange.schemaVersion)
            object["inputs"] = Self.value(exchange.inputs)
            object["counts"] = Self.counts(exchange.counts.named)
            object["timings"] = Self.value(exchange.timings)
            object["batches"] = .array(exchange.batches.map(Self.value))
        case let .reconciliation(reconciliation):
            object["runId"] = .string(reconciliation.runId)
            object["job"] = .string(reconciliation.job)
            object["target"] = .string(reconciliation.target)
            object["platform"] = .string(reconciliation.platform)
            object["dataset"] = .string(reconciliation.dataset)
            object["test"] = .bool(reconciliation.test)
            object["reconciles"] = [
                "sequence": .integer(Int64(reconciliation.reconciles.sequence)),
                "manifestSHA256": .string(reconciliation.reconciles.manifestSHA256.hex),
            ]
            object["ignoredFields"] = .array(reconciliation.ignoredFields.map { .string($0) })
            object["counts"] = Self.counts(reconciliation.counts.named)
            object["timings"] = Self.value(reconciliation.timings)
        }
        var fileObject = OrderedObject()
        for (file, summary) in files.named(kind) {
            var value = Self.value(summary)
            if file == LedgerFormat.datasetFile, let storedIn = files.datasetStoredIn, case var .object(members) = value {
                members["storedIn"] = .string(storedIn)
                value = .object(members)
            }
            fileObject[file] = value
        }
        object["files"] = .object(fileObject)
        return object
    }

    private static func counts(_ named: [(name: String, value: Int)]) -> Value {
        .object(OrderedObject(uniqueKeysWithValues: named.map { ($0.name, Value.integer(Int64($0.value))) }))
    }

    private static func value(_ timings: ExchangeTimings) -> Value {
        [
            "started": .string(ExchangeTimings.text(timings.started)),
            "finished": .string(ExchangeTimings.text(timings.finished)),
            "durationMilliseconds": .integer(timings.durationMilliseconds),
        ]
    }

    private static func value(_ inputs: ExchangeInputs) -> Value {
        func table(_ digests: [String: Digest]) -> Value {
            .object(OrderedObject(uniqueKeysWithValues: digests.keys.sorted().map { ($0, Value.string(digests[$0]!.hex)) }))
        }
        return [
            "configurationSHA256": .string(inputs.configurationSHA256.hex),
            "mappings": table(inputs.mappings),
            "codeTables": table(inputs.codeTables),
        ]
    }

    private static func value(_ batch: BatchVerdict) -> Value {
        var object: OrderedObject = [
            "idempotencyKey": .string(batch.idempotencyKey),
            "httpStatus": batch.httpStatus.map { .integer(Int64($0)) } ?? .null,
            "accepted": .integer(Int64(batch.accepted)),
            "rejected": .integer(Int64(batch.rejected)),
            "duplicates": .integer(Int64(batch.duplicates)),
            "notSent": .integer(Int64(batch.notSent)),
        ]
        if let milliseconds = batch.milliseconds { object["milliseconds"] = .integer(milliseconds) }
        return .object(object)
    }

    private static func value(_ summary: LedgerFileSummary) -> Value {
        [
            "sha256": .string(summary.sha256.hex),
            "bytes": .integer(Int64(summary.byteCount)),
            "records": .integer(Int64(summary.recordCount)),
        ]
    }
}
