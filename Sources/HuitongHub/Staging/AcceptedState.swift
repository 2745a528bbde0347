import HuitongCore

/// What a platform holds as far as Huitong knows: for each key the last content it accepted.
///
/// On disk (`accepted.jsonl`) as staged-record lines (``StagedRecord``) sorted by key (byte
/// order); in memory only the index of keys to hashes, so a run compares a record with what was
/// sent without holding the records.
struct AcceptedIndex: Sendable {
    struct Entry: Sendable {
        var hash: String
        var schemaKey: String
    }

    private(set) var entries: [String: Entry] = [:]

    static func load(_ path: String) throws(HubError) -> AcceptedIndex {
        var index = AcceptedIndex()
        try forEachStagedRecord(of: path) { (record, _) throws(HubError) in
            index.entries[record.key] = Entry(hash: record.hash, schemaKey: record.schemaKey)
        }
        return index
    }
}

/// Records the platform refused, with the content they had, so they are not resent until the
/// source changes them: `{"k": key, "h": content hash, "reasons": [reason]}` per line.
struct RejectedIndex: Sendable {
    static let format = "huitong rejected index"

    struct Entry: Sendable, Equatable {
        var hash: String
        var reasons: [RecordReason]
    }

    var entries: [String: Entry] = [:]

    static func load(_ path: String) throws(HubError) -> RejectedIndex {
        var index = RejectedIndex()
        try forEachWorkingLine(of: path, { (value) throws(FormatProblem) -> (String, Entry) in
            var fields = try FormatFields(value, path: "", format: format)
            let key = try fields.string("k")
            let entry = Entry(hash: try fields.string("h"), reasons: try RecordReason.decodeList(try fields.value("reasons"), path: "reasons", format: format))
            try fields.finish()
            return (key, entry)
        }) { (line) throws(HubError) in
            index.entries[line.0] = line.1
        }
        return index
    }

    func write(to path: String) throws(HubError) {
        var bytes: [UInt8] = []
        var writer = CanonicalJSONWriter()
        for key in entries.keys.sorted(by: keyPrecedes) {
            let entry = entries[key]!
            let line: Value = ["k": .string(key), "h": .string(entry.hash), "reasons": .array(entry.reasons.map(\.jsonValue))]
            try? writer.append(line, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        try DurableFiles.replace(path, with: bytes)
    }
}

/// The canonical hash of a record: SHA-256 of its RFC 8785 JSON (as a staged record's `h`).
func contentHash(of record: OrderedObject) -> String {
    var writer = CanonicalJSONWriter()
    var bytes: [UInt8] = []
    try? writer.append(.object(record), to: &bytes)
    return SHA256.hash(bytes).hex
}

/// Keys compare as the platforms sort them: by the bytes of their UTF-8.
func keyPrecedes(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
