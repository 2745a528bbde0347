import HuitongCore

/// What a platform holds as far as Huitong knows: for each key the last content it accepted.
///
/// On disk (`accepted.jsonl`) as staged-record lines (``StagedRecord``) sorted by key (byte
/// order); in memory only the index of keys to hashes, so a run compares a record with what was
/// sent without holding the records.
struct AcceptedIndex: Sendable {
    struct Entry: Sendable {
        var hash: ContentHash
        var schemaKey: String
    }

    private(set) var entries: [String: Entry] = [:]

    static func load(_ path: String) throws(HubError) -> AcceptedIndex {
        var index = AcceptedIndex()
        try forEachStagedRecord(of: path) { (record, _) throws(HubError) in
            guard let hash = ContentHash(hex: record.hash) else {
                throw HubError.corrupt("\(path): the record \(record.key) has no SHA-256 in hexadecimal")
            }
            index.entries[record.key] = Entry(hash: hash, schemaKey: record.schemaKey)
        }
        return index
    }
}

/// A SHA-256 held inline, 32 bytes without an allocation: the accepted index keeps one per
/// record the platform holds, so a register of 200,000 records costs a few megabytes less than
/// as hexadecimal strings.
struct ContentHash: Hashable, Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// From the 64 lowercase or uppercase hexadecimal digits a staged record's `h` holds; nil
    /// for anything else.
    init?(hex text: String) {
        guard text.utf8.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, byte) in text.utf8.enumerated() {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            switch index / 16 {
            case 0: words.0 = words.0 << 4 | UInt64(nibble)
            case 1: words.1 = words.1 << 4 | UInt64(nibble)
            case 2: words.2 = words.2 << 4 | UInt64(nibble)
            default: words.3 = words.3 << 4 | UInt64(nibble)
            }
        }
        self.words = words
    }

    static func == (a: ContentHash, b: ContentHash) -> Bool {
        a.words == b.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
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
