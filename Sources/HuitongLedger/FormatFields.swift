import HuitongCore

/// Why a manifest or a record line is not the ledger format, with the member path (`counts.read`).
struct FormatProblem: Error {
    var path: String
    var message: String

    var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Reads the members of one manifest or record object strictly: each member once, of the right type,
/// and no member the format does not define.
struct FormatFields {
    private let object: OrderedObject
    private let path: String
    private var read: Set<String> = []

    init(_ value: Value?, path: String) throws(FormatProblem) {
        guard case let .object(object)? = value else {
            throw FormatProblem(path: path, message: value == nil ? "is missing" : "must be an object")
        }
        self.object = object
        self.path = path
    }

    private func place(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func member(_ key: String) throws(FormatProblem) -> Value {
        read.insert(key)
        guard let value = object[key] else { throw FormatProblem(path: place(key), message: "is missing") }
        return value
    }

    private func problem(_ key: String, _ message: String) -> FormatProblem {
        FormatProblem(path: place(key), message: message)
    }

    mutating func string(_ key: String) throws(FormatProblem) -> String {
        guard case let .string(text) = try member(key) else { throw problem(key, "must be a string") }
        return text
    }

    /// A flag a newer format added: absent in manifests written before it, read as `absent`.
    mutating func bool(_ key: String, absent: Bool) throws(FormatProblem) -> Bool {
        guard object[key] != nil else { return absent }
        return try bool(key)
    }

    mutating func optionalString(_ key: String) throws(FormatProblem) -> String? {
        if case .null = try member(key) { return nil }
        read.remove(key)
        return try string(key)
    }

    /// Any JSON value.
    mutating func value(_ key: String) throws(FormatProblem) -> Value {
        try member(key)
    }

    mutating func bool(_ key: String) throws(FormatProblem) -> Bool {
        guard case let .bool(flag) = try member(key) else { throw problem(key, "must be true or false") }
        return flag
    }

    /// A whole number from 0 (or `minimum`) up.
    mutating func count(_ key: String, minimum: Int64 = 0) throws(FormatProblem) -> Int {
        guard case let .integer(number) = try member(key), number >= minimum, number <= Int64(Int.max) else {
            throw problem(key, "must be a whole number of at least \(minimum)")
        }
        return Int(number)
    }

    mutating func optionalCount(_ key: String) throws(FormatProblem) -> Int? {
        if case .null = try member(key) { return nil }
        read.remove(key)
        return try count(key)
    }

    mutating func digest(_ key: String) throws(FormatProblem) -> Digest {
        guard let digest = Self.digest(try string(key)) else {
            throw problem(key, "must be 64 lower-case hexadecimal digits (a SHA-256)")
        }
        return digest
    }

    mutating func optionalDigest(_ key: String) throws(FormatProblem) -> Digest? {
        if case .null = try member(key) { return nil }
        read.remove(key)
        return try digest(key)
    }

    mutating func timestamp(_ key: String) throws(FormatProblem) -> Timestamp {
        let text = try string(key)
        do {
            return try Timestamp(parsing: text, as: .rfc3339)
        } catch {
            throw problem(key, "must be an RFC 3339 time: \(error)")
        }
    }

    mutating func fields(_ key: String) throws(FormatProblem) -> FormatFields {
        try FormatFields(try member(key), path: place(key))
    }

    mutating func array(_ key: String) throws(FormatProblem) -> [Value] {
        guard case let .array(elements) = try member(key) else { throw problem(key, "must be an array") }
        return elements
    }

    /// An object whose members are all SHA-256 digests, by name.
    mutating func digestTable(_ key: String) throws(FormatProblem) -> [String: Digest] {
        guard case let .object(table) = try member(key) else { throw problem(key, "must be an object") }
        var digests: [String: Digest] = [:]
        for (name, value) in table {
            guard case let .string(text) = value, let digest = Self.digest(text) else {
                throw FormatProblem(path: "\(place(key))[\(name)]", message: "must be a SHA-256 in hexadecimal")
            }
            digests[name] = digest
        }
        return digests
    }

    /// Refuses members that were never asked for.
    func finish() throws(FormatProblem) {
        if let unknown = object.keys.first(where: { !read.contains($0) }) {
            throw problem(unknown, "is not a member of the \(LedgerFormat.identifier) format")
        }
    }

    static func digest(_ text: String) -> Digest? {
        guard text.utf8.count == 64, let digest = Digest(hexadecimal: text), digest.hex == text else { return nil }
        return digest
    }
}
