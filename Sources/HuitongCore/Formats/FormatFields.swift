/// Why a line or document is not the format it claims, with the member path (`counts.read`).
package struct FormatProblem: Error, CustomStringConvertible {
    package var path: String
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Reads the members of one object of a file format strictly — each member once, of the right
/// type, and no member the format does not define — so a decoder states its format in one place
/// (the ledger's manifests, the run's working files).
package struct FormatFields {
    private let object: OrderedObject
    private let path: String
    /// The format's name, for the message about a member it does not define.
    private let format: String
    private var read: Set<String> = []

    package init(_ value: Value?, path: String, format: String) throws(FormatProblem) {
        guard case let .object(object)? = value else {
            throw FormatProblem(path: path, message: value == nil ? "is missing" : "must be an object")
        }
        self.object = object
        self.path = path
        self.format = format
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

    package mutating func string(_ key: String) throws(FormatProblem) -> String {
        guard case let .string(text) = try member(key) else { throw problem(key, "must be a string") }
        return text
    }

    /// A flag a newer format added: absent in manifests written before it, read as `absent`.
    package mutating func bool(_ key: String, absent: Bool) throws(FormatProblem) -> Bool {
        guard object[key] != nil else { return absent }
        return try bool(key)
    }

    package mutating func optionalString(_ key: String) throws(FormatProblem) -> String? {
        if case .null = try member(key) { return nil }
        read.remove(key)
        return try string(key)
    }

    /// Any JSON value.
    package mutating func value(_ key: String) throws(FormatProblem) -> Value {
        try member(key)
    }

    /// Whether the object has `key` (for members a format makes optional).
    package func has(_ key: String) -> Bool {
        object[key] != nil
    }

    /// A member that may be absent; absent reads as nil.
    package mutating func optionalValue(_ key: String) throws(FormatProblem) -> Value? {
        guard object[key] != nil else { return nil }
        return try member(key)
    }

    /// A number (whole or not).
    package mutating func number(_ key: String) throws(FormatProblem) -> Double {
        switch try member(key) {
        case let .integer(number): return Double(number)
        case let .double(number): return number
        default: throw problem(key, "must be a number")
        }
    }

    package mutating func bool(_ key: String) throws(FormatProblem) -> Bool {
        guard case let .bool(flag) = try member(key) else { throw problem(key, "must be true or false") }
        return flag
    }

    /// A whole number from 0 (or `minimum`) up.
    package mutating func count(_ key: String, minimum: Int64 = 0) throws(FormatProblem) -> Int {
        guard case let .integer(number) = try member(key), number >= minimum, number <= Int64(Int.max) else {
            throw problem(key, "must be a whole number of at least \(minimum)")
        }
        return Int(number)
    }

    package mutating func optionalCount(_ key: String) throws(FormatProblem) -> Int? {
        if case .null = try member(key) { return nil }
        read.remove(key)
        return try count(key)
    }

    package mutating func digest(_ key: String) throws(FormatProblem) -> Digest {
        guard let digest = Self.digest(try string(key)) else {
            throw problem(key, "must be 64 lower-case hexadecimal digits (a SHA-256)")
        }
        return digest
    }

    package mutating func optionalDigest(_ key: String) throws(FormatProblem) -> Digest? {
        if case .null = try member(key) { return nil }
        read.remove(key)
        return try digest(key)
    }

    package mutating func timestamp(_ key: String) throws(FormatProblem) -> Timestamp {
        let text = try string(key)
        do {
            return try Timestamp(parsing: text, as: .rfc3339)
        } catch {
            throw problem(key, "must be an RFC 3339 time: \(error)")
        }
    }

    package mutating func fields(_ key: String) throws(FormatProblem) -> FormatFields {
        try FormatFields(try member(key), path: place(key), format: format)
    }

    package mutating func array(_ key: String) throws(FormatProblem) -> [Value] {
        guard case let .array(elements) = try member(key) else { throw problem(key, "must be an array") }
        return elements
    }

    /// An object whose members are all SHA-256 digests, by name.
    package mutating func digestTable(_ key: String) throws(FormatProblem) -> [String: Digest] {
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
    package func finish() throws(FormatProblem) {
        if let unknown = object.keys.first(where: { !read.contains($0) }) {
            throw problem(unknown, "is not a member of the \(format) format")
        }
    }

    package static func digest(_ text: String) -> Digest? {
        guard text.utf8.count == 64, let digest = Digest(hexadecimal: text), digest.hex == text else { return nil }
        return digest
    }
}
