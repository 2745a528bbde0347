import HuitongCore

/// What a platform holds as far as Huitong knows: for each key the last content it accepted.
///
/// On disk as JSON lines sorted by key (byte order), each `{"k": key, "s": schema key,
/// "h": SHA-256 of the canonical record, "r": record}`; in memory only the index of keys to
/// hashes, so a run compares a record with what was sent without holding the records.
struct AcceptedIndex: Sendable {
    struct Entry: Sendable {
        var hash: String
        var schemaKey: String
    }

    private(set) var entries: [String: Entry] = [:]

    static func load(_ path: String) throws(HubError) -> AcceptedIndex {
        var index = AcceptedIndex()
        try forEachLine(of: path) { (value, _, _) throws(HubError) in
            guard let key = value["k"]?.stringValue, let hash = value["h"]?.stringValue else {
                throw HubError.corrupt("\(path): a line without k and h")
            }
            index.entries[key] = Entry(hash: hash, schemaKey: value["s"]?.stringValue ?? key)
        }
        return index
    }
}

/// Records the platform refused, with the content they had, so they are not resent until the
/// source changes them. `{"k", "h", "reasons": […]}` per line.
struct RejectedIndex: Sendable {
    var entries: [String: (hash: String, reasons: Value)] = [:]

    static func load(_ path: String) throws(HubError) -> RejectedIndex {
        var index = RejectedIndex()
        try forEachLine(of: path) { (value, _, _) throws(HubError) in
            guard let key = value["k"]?.stringValue, let hash = value["h"]?.stringValue else {
                throw HubError.corrupt("\(path): a line without k and h")
            }
            index.entries[key] = (hash, value["reasons"] ?? .array([]))
        }
        return index
    }

    func write(to path: String) throws(HubError) {
        var bytes: [UInt8] = []
        for key in entries.keys.sorted(by: keyPrecedes) {
            let entry = entries[key]!
            let line: Value = ["k": .string(key), "h": .string(entry.hash), "reasons": entry.reasons]
            var writer = CanonicalJSONWriter()
            try? writer.append(line, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        try DurableFiles.replace(path, with: bytes)
    }
}

/// The canonical hash of a record: SHA-256 of its RFC 8785 JSON.
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
