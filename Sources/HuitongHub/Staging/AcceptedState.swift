import Foundation
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
        /// The hash of the schema record this content was mapped from, when the target's
        /// ``MappingMemo`` vouches for it: a schema record with this hash maps to this content.
        var source: ContentHash?
        /// Set during staging once this run has staged the key (or passed it over as unchanged):
        /// a second record with the key is not compared with what the platform held.
        var staged = false
    }

    private(set) var entries: [String: Entry] = [:]

    static func load(_ path: String) throws(HubError) -> AcceptedIndex {
        var index = AcceptedIndex()
        try forEachLineBytes(of: path) { (bytes, _, number) throws(HubError) in
            // The leading strings alone, as the state's writer writes them; any other line strictly.
            if let (key, schemaKey, hash) = StagedRecord.leadingStrings(bytes) {
                index.entries[key] = Entry(hash: hash, schemaKey: schemaKey)
                return
            }
            let record = try StagedRecord.decode(bytes, place: "\(path):\(number)")
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
        var text = text
        guard let hash = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = hash
    }

    /// From the 64 hexadecimal digits at `range` of `bytes` (a line being read); nil for anything else.
    init?(hex bytes: [UInt8], _ range: Range<Int>) {
        guard range.upperBound <= bytes.count,
              let hash = bytes.withUnsafeBufferPointer({ Self.parse(UnsafeBufferPointer(rebasing: $0[range])) }) else { return nil }
        self = hash
    }

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// 64 hexadecimal digits, either case, as four words; nil for anything else. Read once per
    /// hash of every line of the accepted state and the memo, so by table.
    private static func parse(_ digits: UnsafeBufferPointer<UInt8>) -> ContentHash? {
        guard digits.count == 64 else { return nil }
        return nibbleTable.withUnsafeBufferPointer { table -> ContentHash? in
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            var invalid: UInt8 = 0
            func word(_ start: Int) -> UInt64 {
                var value: UInt64 = 0
                for index in start..<(start + 16) {
                    let nibble = table[Int(digits[index])]
                    invalid |= nibble
                    value = value << 4 | UInt64(nibble & 0x0F)
                }
                return value
            }
            words = (word(0), word(16), word(32), word(48))
            return invalid & 0xF0 == 0 ? ContentHash(words: words) : nil
        }
    }

    /// Each byte's value as a hexadecimal digit, 0xFF for a byte that is none.
    private static let nibbleTable: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(byte) - UInt8(ascii: "A") + 10
        default: 0xFF
        }
    }

    /// A SHA-256 digest as it came from the hasher.
    init(_ digest: Digest) {
        precondition(digest.bytes.count == 32, "ContentHash holds a SHA-256")
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, byte) in digest.bytes.enumerated() { Self.shift(UInt64(byte), bits: 8, at: index, into: &words) }
        self.words = words
    }

    /// Shifts the `index`th part of 256 bits given most significant first, `bits` wide, into its word.
    @inline(__always)
    private static func shift(_ part: UInt64, bits: Int, at index: Int, into words: inout (UInt64, UInt64, UInt64, UInt64)) {
        switch index / (64 / bits) {
        case 0: words.0 = words.0 << bits | part
        case 1: words.1 = words.1 << bits | part
        case 2: words.2 = words.2 << bits | part
        default: words.3 = words.3 << bits | part
        }
    }

    /// The 64 lowercase hexadecimal digits, as a staged record's `h` holds them.
    var hex: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        appendHex(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The hash as a digest.
    var digest: Digest {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Digest(bytes: bytes)
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

extension AcceptedIndex {
    /// Rewrites `path` without the lines of `keys`, durably (a new file synced and renamed over
    /// the old one): the run that follows no longer takes the platform to hold them, so it sends
    /// them again. The number of lines dropped.
    ///
    /// For a repair after a reconciliation showed the platform lost or changed them: evidence
    /// from a complete read-back, never a guess. Dropping a line only ever makes a run send more.
    static func forget(_ keys: Set<String>, at path: String) throws(HubError) -> Int {
        guard !keys.isEmpty, FileManager.default.fileExists(atPath: path) else { return 0 }
        let replacement = path + ".repair"
        let writer = try JSONLinesAppender(path: replacement, truncate: true)
        var dropped = 0
        try forEachLineBytes(of: path) { (bytes, _, number) throws(HubError) in
            let key: String
            if let (leading, _, _) = StagedRecord.leadingStrings(bytes) {
                key = leading
            } else {
                key = try StagedRecord.decode(bytes, place: "\(path):\(number)").key
            }
            if keys.contains(key) {
                dropped += 1
            } else {
                try writer.append(unbrokenLine: bytes)
            }
        }
        try writer.sync()
        do {
            try FileStorage.rename(replacement, to: path)
        } catch {
            throw HubError.disk(error)
        }
        try DurableFiles.syncDirectory(FileStorage.parentPath(of: path))
        return dropped
    }
}
