import HuitongCore

/// Reads a ledger: its entries with their manifests, and each entry's records.
///
/// Reading trusts the files; ``LedgerVerifier`` is what checks them. Unfinished entries
/// (`entries/.partial-…`) and anything else that is not an entry are ignored.
package struct LedgerReader: Sendable {
    /// The ledger directory.
    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    /// Every entry, in sequence order, each with its manifest or why it cannot be read.
    ///
    /// - Throws: ``LedgerError`` `ledgerUnreadable` when the directory is missing or cannot be listed.
    package func entries() throws(LedgerError) -> [LedgerEntry] {
        let layout = LedgerLayout(root: directory)
        return try layout.scan().entries.map { Self.entry($0, at: layout.path(of: $0)) }
    }

    /// The entry `text` names: a sequence number (`12` or `000012`), an entry directory
    /// name, an entryId, or the beginning of a run id or entryId that only one entry has.
    ///
    /// - Throws: ``LedgerError`` `entryNotFound` or `ambiguousEntry` (naming the candidates).
    package func entry(matching text: String) throws(LedgerError) -> LedgerEntry {
        let entries = try entries()
        if !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let sequence = Int(text),
           let match = entries.first(where: { $0.sequence == sequence }) {
            return match
        }
        if let exact = entries.first(where: { $0.directoryName == text }) { return exact }
        let exact = entries.filter { $0.entryId == text }
        if exact.count == 1 { return exact[0] }
        let candidates = exact.isEmpty
            ? entries.filter { entry in
                entry.entryId.hasPrefix(text) || ((try? entry.manifest.get().subject.runId.hasPrefix(text)) ?? false)
            }
            : exact
        guard !text.isEmpty, let first = candidates.first else {
            throw LedgerError(.entryNotFound, path: directory, "no entry matches \"\(text)\"",
                              hint: "Name an entry by its sequence number, its entry id or the start of its run id; 'huitong ledger list' shows them.")
        }
        guard candidates.count == 1 else {
            let names = candidates.prefix(5).map(\.directoryName).joined(separator: ", ")
            throw LedgerError(.ambiguousEntry, path: directory, "\(candidates.count) entries match \"\(text)\": \(names)\(candidates.count > 5 ? ", …" : "")",
                              hint: "Name one entry by its sequence number.")
        }
        return first
    }

    /// The newest exchange of `job` to `target` whose manifest can be read, among joint-test or
    /// production exchanges as `test` says (reconciliations are not exchanges).
    package func latestEntry(job: String, target: String, test: Bool) throws(LedgerError) -> LedgerEntry? {
        try entries().last { entry in
            guard case let .success(manifest) = entry.manifest, let exchange = manifest.exchange else { return false }
            return exchange.job == job && exchange.target == target && exchange.test == test
        }
    }

    /// A reader over the entry's dataset, in key order (wherever its bytes are stored).
    package func datasetRecords(of entry: LedgerEntry) throws(LedgerError) -> LedgerRecordReader<DatasetRecord> {
        try LedgerRecordReader(path: entry.datasetPath) { (value) throws(FormatProblem) in
            try DatasetRecord(decoding: value)
        }
    }

    /// A reader over a reconciliation's `differences.jsonl`: one object per key, in key order,
    /// each with `key` and `kind` (`added`, `removed` or `changed`), as `huitong diff --format jsonl` prints them.
    package func differences(of entry: LedgerEntry) throws(LedgerError) -> LedgerRecordReader<Value> {
        try LedgerRecordReader(path: entry.path(of: LedgerFormat.differencesFile), maximumLineLength: 1 << 30) { (value) throws(FormatProblem) in
            guard case let .object(object) = value, case .string? = object["key"], case .string? = object["kind"] else {
                throw FormatProblem(path: "", message: "a difference is an object with a key and a kind")
            }
            return value
        }
    }

    /// A reader over the entry's set-aside and rejected records.
    package func rejectedRecords(of entry: LedgerEntry) throws(LedgerError) -> LedgerRecordReader<RejectedRecord> {
        try LedgerRecordReader(path: entry.path(of: LedgerFormat.rejectsFile)) { (value) throws(FormatProblem) in
            try RejectedRecord(decoding: value)
        }
    }

    static func entry(_ name: EntryName, at path: String) -> LedgerEntry {
        let file = path + "/" + LedgerFormat.manifestFile
        let hint = "Run 'huitong ledger verify' on this ledger."
        let bytes: [UInt8]
        do {
            bytes = try POSIXFile.readAll(file, limit: LedgerFormat.maximumManifestBytes)
        } catch {
            return LedgerEntry(name: name, path: path, manifestSHA256: nil,
                               manifest: .failure(error.ledgerError(.entryUnreadable, hint: hint)))
        }
        let reading = ManifestReading(bytes: bytes)
        let manifest: Result<ExchangeManifest, LedgerError>
        if let decoded = reading.manifest {
            manifest = .success(decoded)
        } else {
            manifest = .failure(LedgerError(.entryUnreadable, path: file, reading.defect?.description ?? "not a manifest", hint: hint))
        }
        return LedgerEntry(name: name, path: path, manifestSHA256: SHA256.hash(bytes), manifest: manifest)
    }
}
