/// A strict RFC 8259 recursive-descent parser over UTF-8 bytes.
///
/// Works on borrowed memory: the caller keeps `bytes` alive for the duration of ``parseDocument()``.
/// Errors carry byte offsets relative to the start of `bytes`; the public readers add the line,
/// column and file.
struct JSONParser {
    /// Objects with more members than this check duplicates with a set instead of a scan, so that
    /// hostile input with thousands of keys cannot make parsing quadratic.
    private static let linearDuplicateCheckLimit = 64

    let bytes: UnsafePointer<UInt8>
    let count: Int
    var position = 0
    private var depth = 0
    private let maximumDepth: Int
    var workspace: JSONParserWorkspace

    /// - Parameters:
    ///   - start: the first byte of the document; only read during parsing.
    ///   - count: the document's length, at least 1 (callers report empty input themselves,
    ///     since an empty buffer may have no address).
    ///   - maximumDepth: how many arrays and objects may nest.
    ///   - workspace: reusable storage, handed back in ``workspace`` afterwards.
    init(start: UnsafePointer<UInt8>, count: Int, maximumDepth: Int, workspace: consuming JSONParserWorkspace) {
        self.bytes = start
        self.count = count
        self.maximumDepth = maximumDepth
        self.workspace = workspace
    }

    /// Parses one value that must make up the whole input, apart from white space.
    mutating func parseDocument() throws(JSONError) -> Value {
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw error(.unexpectedCharacter, at: 0,
                        "the text starts with a UTF-8 byte order mark; save it as UTF-8 without a BOM")
        }
        // A document that failed part-way may have left fingerprints behind.
        workspace.keyFingerprints.removeAll(keepingCapacity: true)
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == count else {
            throw error(.trailingContent, at: position,
                        "unexpected \(describeByte(at: position)) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONError) -> Value {
        guard position < count else {
            throw error(.unexpectedEndOfInput, at: position, "the text ends where a value was expected")
        }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw error(.unexpectedCharacter, at: position,
                        "unexpected \(describeByte(at: position)) where a value was expected")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let length = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for offset in 0..<length {
            guard position + offset < count, bytes[position + offset] == expected[offset] else {
                let at = position + offset
                if at >= count {
                    throw error(.unexpectedEndOfInput, at: at, "the text ends inside the literal `\(literal)`")
                }
                throw error(.unexpectedCharacter, at: at,
                            "unexpected \(describeByte(at: at)); did you mean `\(literal)`? (literals are lower case)")
            }
        }
        position += length
    }

    private mutating func enterContainer() throws(JSONError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw error(.nestingTooDeep, at: position,
                        "arrays and objects nest deeper than \(maximumDepth) levels")
        }
    }

    private mutating func parseArray() throws(JSONError) -> Value {
        try enterContainer()
        position += 1  // [
        skipWhitespace()
        if position < count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        var elements: [Value] = []
        elements.reserveCapacity(workspace.expectedSize(ofObject: false, atDepth: depth))
        while true {
            elements.append(try parseValue())
            if try isClosed(by: UInt8(ascii: "]"), in: "an array", after: "element") { break }
        }
        workspace.noteSize(elements.count, ofObject: false, atDepth: depth)
        depth -= 1
        return .array(elements)
    }

    private mutating func parseObject() throws(JSONError) -> Value {
        try enterContainer()
        position += 1  // {
        skipWhitespace()
        if position < count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(OrderedObject())
        }
        var members: [OrderedObject.Member] = []
        members.reserveCapacity(workspace.expectedSize(ofObject: true, atDepth: depth))
        var seenKeys: Set<String>?
        // This object's key fingerprints sit on the workspace's stack from here; a nested
        // object pushes its own above them and removes them when it ends.
        let fingerprints = workspace.keyFingerprints.count
        while true {
            guard position < count, bytes[position] == UInt8(ascii: "\"") else {
                if position >= count {
                    throw error(.unexpectedEndOfInput, at: position, "the text ends inside an object; expected a key")
                }
                throw error(.unexpectedCharacter, at: position,
                            "unexpected \(describeByte(at: position)) where an object key (a string in double quotes) was expected")
            }
            let keyOffset = position
            let (key, fingerprint) = try parseKey()
            skipWhitespace()
            guard position < count, bytes[position] == UInt8(ascii: ":") else {
                if position >= count {
                    throw error(.unexpectedEndOfInput, at: position, "the text ends after an object key; expected ':'")
                }
                throw error(.unexpectedCharacter, at: position,
                            "unexpected \(describeByte(at: position)) after an object key; expected ':'")
            }
            position += 1
            skipWhitespace()
            try checkUnique(key, fingerprint: fingerprint, at: keyOffset, among: members, fingerprints: fingerprints, seenKeys: &seenKeys)
            workspace.keyFingerprints.append(fingerprint)
            members.append(OrderedObject.Member(key: key, value: try parseValue()))
            if try isClosed(by: UInt8(ascii: "}"), in: "an object", after: "member") { break }
        }
        workspace.keyFingerprints.removeSubrange(fingerprints...)
        workspace.noteSize(members.count, ofObject: true, atDepth: depth)
        depth -= 1
        return .object(OrderedObject(uncheckedUniqueMembers: members))
    }

    /// Reads what follows an element or member: a comma (then white space, and never the
    /// closing bracket: no trailing commas) or the closing bracket.
    ///
    /// - Returns: whether the container is closed.
    @inline(__always)
    private mutating func isClosed(by closer: UInt8, in container: StaticString, after item: StaticString) throws(JSONError) -> Bool {
        skipWhitespace()
        guard position < count else {
            throw error(.unexpectedEndOfInput, at: position,
                        "the text ends inside \(container); expected ',' or '\(UnicodeScalar(closer))'")
        }
        let byte = bytes[position]
        position += 1
        if byte == closer { return true }
        guard byte == UInt8(ascii: ",") else {
            throw error(.unexpectedCharacter, at: position - 1,
                        "unexpected \(describeByte(at: position - 1)) in \(container); expected ',' or '\(UnicodeScalar(closer))'")
        }
        let commaOffset = position - 1
        skipWhitespace()
        if position < count, bytes[position] == closer {
            throw error(.trailingComma, at: commaOffset,
                        "trailing comma before '\(UnicodeScalar(closer))'; remove it (JSON does not allow one after the last \(item))")
        }
        return false
    }

    /// Duplicate keys are an error, not "last one wins": two values for one field in a record is
    /// a data-integrity problem an auditor must see, not something the reader may silently resolve.
    ///
    /// Keys from the key cache carry a fingerprint of their bytes (``JSONKeyCache/Words``): two
    /// keys with different fingerprints have different bytes, so only keys with the same
    /// fingerprint, or without one (0: parsed as a string), have their texts compared. A record's
    /// keys are then checked with a few integer comparisons each, not a string comparison per pair.
    ///
    /// - Parameter fingerprints: where this object's key fingerprints start on the workspace's stack.
    private func checkUnique(
        _ key: String,
        fingerprint: UInt64,
        at offset: Int,
        among members: [OrderedObject.Member],
        fingerprints: Int,
        seenKeys: inout Set<String>?
    ) throws(JSONError) {
        var duplicate = false
        if members.count <= JSONParser.linearDuplicateCheckLimit {
            duplicate = workspace.keyFingerprints.withUnsafeBufferPointer { seen in
                for index in members.indices {
                    let other = seen[fingerprints + index]
                    guard other == fingerprint || other == 0 || fingerprint == 0 else { continue }
                    if members[index].key.hasSameCodeUnits(as: key) { return true }
                }
                return false
            }
        } else {
            if seenKeys == nil {
                // Set<String> matches by canonical equivalence, which is coarser than JSON's scalar
                // equality; a hit is confirmed by a scan so only true duplicates are reported.
                seenKeys = Set(members.map(\.key))
            }
            if seenKeys?.insert(key).inserted == false {
                duplicate = members.contains { $0.key.hasSameCodeUnits(as: key) }
            }
        }
        if duplicate {
            throw error(.duplicateKey, at: offset,
                        "duplicate key \(JSONStringLiteral.quoted(key)) in one object; a record may give each field only once")
        }
    }

    // MARK: - White space

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                position += 1
            default:
                return
            }
        }
    }
}
