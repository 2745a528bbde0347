import HuitongCore

/// One record staged for a target — and one record of what a platform holds (`accepted.jsonl`),
/// which is the same line:
///
///     {"k": platform key, "s": schema key, "h": SHA-256 of c, "n": bytes of c, "c": canonical record, "r": record}
///
/// The record is encoded once in each of its two forms when it is staged, and never parsed or
/// encoded again on its way: `c` is its canonical JSON (RFC 8785), hashed for the delta and
/// written to the ledger as it is; `r` is the wire form the mapping made (its field order, and
/// `24.0` kept a decimal — canonical JSON writes `24`, which a platform may read as a whole
/// number), sent in batches as it is. The line is read strictly: the three strings, the size,
/// then the two records by their places.
struct StagedRecord: Sendable, Equatable {
    /// The platform's own key (compound keys joined with the profile's separator).
    var key: String
    /// The shared-schema key of the record it came from, for deletes held back by the source.
    var schemaKey: String
    /// SHA-256 of `canonical`, in lower-case hexadecimal.
    var hash: String
    /// The record as canonical JSON.
    var canonical: [UInt8]
    /// The record as it is sent.
    var wire: [UInt8]

    init(key: String, schemaKey: String, hash: String, canonical: [UInt8], wire: [UInt8]) {
        self.key = key
        self.schemaKey = schemaKey
        self.hash = hash
        self.canonical = canonical
        self.wire = wire
    }

    /// Encodes `payload` in both forms and hashes the canonical one.
    init(key: String, schemaKey: String, payload: OrderedObject, canonicalWriter: inout CanonicalJSONWriter) throws(HubError) {
        var canonical: [UInt8] = []
        var wire: [UInt8] = []
        do {
            try canonicalWriter.append(.object(payload), to: &canonical)
            try JSONWriter().append(.object(payload), to: &wire)
        } catch {
            throw HubError(.unwritableRecord, "the record \(key) cannot be written as JSON: \(error)")
        }
        self.init(key: key, schemaKey: schemaKey, hash: SHA256.hash(canonical).hex, canonical: canonical, wire: wire)
    }

    /// The line with its line break.
    func line() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(canonical.count + wire.count + key.utf8.count + schemaKey.utf8.count + 112)
        bytes.append(contentsOf: #"{"k":"#.utf8)
        Self.appendString(key, to: &bytes)
        bytes.append(contentsOf: #","s":"#.utf8)
        Self.appendString(schemaKey, to: &bytes)
        bytes.append(contentsOf: #","h":""#.utf8)
        bytes.append(contentsOf: hash.utf8)
        bytes.append(contentsOf: #"","n":"#.utf8)
        bytes.append(contentsOf: String(canonical.count).utf8)
        bytes.append(contentsOf: #","c":"#.utf8)
        bytes.append(contentsOf: canonical)
        bytes.append(contentsOf: #","r":"#.utf8)
        bytes.append(contentsOf: wire)
        bytes.append(contentsOf: "}\n".utf8)
        return bytes
    }

    /// The platform key of a line written by ``line()`` (without its line break), read without
    /// the rest of the line: for copying lines of the accepted state as they are. Nil for a key
    /// with an escape in it, or a line that does not start as ``line()`` writes one: decode those.
    static func leadingKey(_ line: [UInt8]) -> String? {
        var fields = LeadingFields(line)
        guard let key = fields.text("k"), fields.nextIs("s") else { return nil }
        return key
    }

    /// The platform key, schema key and hash of a line written by ``line()``, read without its
    /// records (for the accepted index); nil as for ``leadingKey(_:)``.
    static func leadingStrings(_ line: [UInt8]) -> (key: String, schemaKey: String, hash: ContentHash)? {
        var fields = LeadingFields(line)
        guard let key = fields.text("k"), let schemaKey = fields.text("s"), let hash = fields.hash("h"), fields.nextIs("n") else { return nil }
        return (key, schemaKey, hash)
    }

    /// The platform key, hash and canonical record of a line written by ``line()``, found by
    /// position, for the ledger, which copies the canonical bytes as they are and checks them
    /// against the hash; nil as for ``leadingKey(_:)``.
    static func canonicalPart(_ line: [UInt8]) -> (key: String, hash: ContentHash, canonical: Range<Int>)? {
        var fields = LeadingFields(line)
        guard let key = fields.text("k"), fields.string("s") != nil, let hash = fields.hash("h"),
              let size = fields.count("n"), let canonical = fields.bytes("c", count: size), fields.nextIs("r"),
              line.last == UInt8(ascii: "}") else { return nil }
        return (key, hash, canonical)
    }

    /// The platform key and wire record of a line written by ``line()``, found by position, for
    /// the batches (the wire bytes are sent as they are); nil as for ``leadingKey(_:)``.
    static func wirePart(_ line: [UInt8]) -> (key: String, wire: Range<Int>)? {
        var fields = LeadingFields(line)
        guard let key = fields.text("k"), fields.string("s") != nil, fields.string("h") != nil,
              let size = fields.count("n"), fields.bytes("c", count: size) != nil, let wire = fields.rest("r"),
              wire.count >= 2, line[wire.lowerBound] == UInt8(ascii: "{") else { return nil }
        return (key, wire)
    }

    /// Reads a line written by ``line()`` (without its line break); `place` names it for errors.
    static func decode(_ line: UnsafeRawBufferPointer, place: @autoclosure () -> String) throws(HubError) -> StagedRecord {
        do {
            let (strings, canonical, wire): ([String], Range<Int>, Range<Int>)
            do {
                (strings, canonical, wire) = try JSONLeadingStrings.read(line, names: ["k", "s", "h"], sized: ("n", "c"), last: "r")
            } catch {
                // Not today's shape: perhaps a line of the earlier one, else the first error.
                if let earlier = try? decodeEarlierLine(line) { return earlier }
                throw error
            }
            guard strings[2].utf8.count == 64, strings[2].utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw HubError.corrupt("\(place()): h is not a SHA-256 in hexadecimal")
            }
            return StagedRecord(
                key: strings[0], schemaKey: strings[1], hash: strings[2], canonical: Array(line[canonical]), wire: Array(line[wire])
            )
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError.corrupt("\(place()): \(error)")
        }
    }

    /// A line of the accepted state as huitong wrote it before records were staged in both
    /// forms (`{"k","s","h","r"}`): read, and its canonical form made once, so an upgrade keeps
    /// the state. Nil for a line of today's shape.
    private static func decodeEarlierLine(_ line: UnsafeRawBufferPointer) throws -> StagedRecord? {
        let marker = Array(#""h":""#.utf8)
        guard let hashStart = line.firstRange(of: marker)?.upperBound, hashStart + 64 + 6 <= line.count,
              line[(hashStart + 64)..<(hashStart + 70)].elementsEqual(#"","r":"#.utf8) else { return nil }
        let (strings, _, wire) = try JSONLeadingStrings.read(line, names: ["k", "s", "h"], last: "r")
        guard case let .object(object) = try JSONReader().value(from: UnsafeRawBufferPointer(rebasing: line[wire])) else { return nil }
        var canonical: [UInt8] = []
        var writer = CanonicalJSONWriter()
        try writer.append(.object(object), to: &canonical)
        return StagedRecord(key: strings[0], schemaKey: strings[1], hash: strings[2], canonical: canonical, wire: Array(line[wire]))
    }

    static func decode(_ line: [UInt8], place: @autoclosure () -> String) throws(HubError) -> StagedRecord {
        try line.withUnsafeBytes { raw in
            Result { () throws(HubError) in try decode(raw, place: place()) }
        }.get()
    }

    /// The record as a value (parsed from its wire form).
    func payload(place: @autoclosure () -> String) throws(HubError) -> OrderedObject {
        guard case let .object(object)? = try? JSONReader().value(from: wire) else {
            throw HubError.corrupt("\(place()): r is not a JSON object")
        }
        return object
    }

    private static func appendString(_ text: String, to bytes: inout [UInt8]) {
        // A key is short; the writer's escaping is the one every file uses.
        try? JSONWriter().append(.string(text), to: &bytes)
    }
}
