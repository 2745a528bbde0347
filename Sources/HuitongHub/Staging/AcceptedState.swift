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
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(64)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibbles.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibbles.append(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibbles.append(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        words = Self.words(nibbles, bits: 4)
    }

    /// A SHA-256 digest as it came from the hasher.
    init(_ digest: Digest) {
        precondition(digest.bytes.count == 32, "ContentHash holds a SHA-256")
        words = Self.words(digest.bytes, bits: 8)
    }

    /// 256 bits given most significant first, `bits` in each element, as four words.
    private static func words(_ parts: [UInt8], bits: Int) -> (UInt64, UInt64, UInt64, UInt64) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let perWord = 64 / bits
        for (index, part) in parts.enumerated() {
            switch index / perWord {
            case 0: words.0 = words.0 << bits | UInt64(part)
            case 1: words.1 = words.1 << bits | UInt64(part)
            case 2: words.2 = words.2 << bits | UInt64(part)
            default: words.3 = words.3 << bits | UInt64(part)
            }
        }
        return words
    }

    /// The 64 lowercase hexadecimal digits, as a staged record's `h` holds them.
    var hex: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        appendHex(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``hex`` to `bytes`.
    func appendHex(to bytes: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            for word in [words.0, words.1, words.2, words.3] {
                var shift = 60
                while shift >= 0 {
                    bytes.append(digits[Int(word >> UInt64(shift) & 0xF)])
                    shift -= 4
                }
            }
        }
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
