import HuitongCore

/// Typed access for code that turns YAML into configuration objects.
///
/// The optional accessors (`scalar`, `sequence`, `mappingEntries`, `node["key"]`) answer
/// "is it there?"; the `require…` methods answer "give me this or tell the operator
/// exactly where it is wrong", throwing a `YAMLError` that points at the node.
extension YAMLNode {
    /// The scalar, if this node is one.
    package var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { scalar } else { nil }
    }

    /// The items, if this node is a sequence.
    package var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { items } else { nil }
    }

    /// The entries in document order, if this node is a mapping.
    package var mappingEntries: [YAMLMappingEntry]? {
        if case .mapping(let entries) = content { entries } else { nil }
    }

    /// True for a plain null (`~`, `null`, or nothing).
    package var isNull: Bool {
        scalar?.resolution == .null
    }

    /// The value of the first entry whose key is a scalar with exactly this text, or `nil`
    /// if this is not a mapping or has no such key. Matches on text, so `node["320613"]`
    /// finds the key `320613` although the core schema reads it as an integer.
    package subscript(key: String) -> YAMLNode? {
        mappingEntries?.first { $0.key.scalar?.text == key }?.value
    }

    /// The value under `key` in this mapping.
    package func require(_ key: String) throws(YAMLError) -> YAMLNode {
        _ = try requireMapping()
        guard let value = self[key] else {
            throw error(.missingKey, "missing key \"\(key)\" in this mapping; add it")
        }
        return value
    }

    /// The entries of this mapping.
    package func requireMapping() throws(YAMLError) -> [YAMLMappingEntry] {
        guard let entries = mappingEntries else { throw mismatch(expected: "a mapping") }
        return entries
    }

    /// The items of this sequence.
    package func requireSequence() throws(YAMLError) -> [YAMLNode] {
        guard let items = sequence else { throw mismatch(expected: "a sequence") }
        return items
    }

    /// The text of any non-null scalar exactly as written: `0513` stays `"0513"`,
    /// `true` is `"true"`. Null is refused, since an empty value is rarely a wanted string.
    package func requireString() throws(YAMLError) -> String {
        guard let scalar, scalar.resolution != .null else {
            throw mismatch(expected: "a string", hint: isNull ? "write a value, or quote it (\"~\") if you mean the text" : nil)
        }
        return scalar.text
    }

    /// An integer written as a plain (or `!!int`-tagged) scalar.
    package func requireInt() throws(YAMLError) -> Int {
        switch scalar?.resolution {
        case .int(let value)?:
            guard let value = Int(exactly: value) else { throw outOfRange() }
            return value
        case .integerOutOfRange?:
            throw outOfRange()
        default:
            throw mismatch(expected: "an integer", hint: quotedHint)
        }
    }

    /// A number written as a plain integer or float.
    package func requireDouble() throws(YAMLError) -> Double {
        switch scalar?.resolution {
        case .float(let value)?: return value
        case .int(let value)?: return Double(value)
        default: throw mismatch(expected: "a number", hint: quotedHint)
        }
    }

    /// `true` or `false` (any of the six core-schema spellings).
    package func requireBool() throws(YAMLError) -> Bool {
        guard case .bool(let value)? = scalar?.resolution else {
            throw mismatch(expected: "true or false", hint: "yes, no, on and off are strings in YAML 1.2; write true or false")
        }
        return value
    }

    // MARK: Errors

    /// How a node reads in "expected …, found …" messages.
    static func kindDescription(_ node: YAMLNode) -> String {
        switch node.content {
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            if !scalar.text.isEmpty, node.source.hidesValue(onLine: node.mark.line) { return YAMLSourceText.hiddenValue }
            switch scalar.resolution {
            case .null: return "null"
            case .bool: return "the boolean \(scalar.text)"
            case .int, .integerOutOfRange: return "the integer \(scalar.text)"
            case .float: return "the number \(scalar.text)"
            case .string: return "the string \"\(scalar.text)\""
            }
        }
    }

    private var quotedHint: String? {
        guard let scalar, scalar.style != .plain, scalar.resolution == .string else { return nil }
        return "remove the quotes to make it a number"
    }

    private func mismatch(expected: String, hint: String? = nil) -> YAMLError {
        let message = "expected \(expected) here, found \(Self.kindDescription(self))"
        return error(.typeMismatch, hint.map { "\(message); \($0)" } ?? message)
    }

    private func outOfRange() -> YAMLError {
        let integer = source.hidesValue(onLine: mark.line) ? "the integer" : "the integer \(scalar?.text ?? "")"
        return error(.valueOutOfRange, "\(integer) is out of range; it must lie between \(Int.min) and \(Int.max)")
    }

    /// An error about this node, for consumers that find its value wrong for their purpose
    /// (an unknown step name, a field that does not exist): rendered like every YAML error,
    /// `file:line:col: message` with the line and a caret under the node.
    package func error(_ code: YAMLError.Code, _ message: String) -> YAMLError {
        YAMLError(code, message, at: mark, in: source)
    }

    /// An error about this node that does not quote its line: for a value that must not be
    /// shown, such as a secret written where only a reference belongs. Renders as
    /// `file:line:col: message` alone (the message scrubbed as every message of the file).
    package func errorWithoutExcerpt(_ code: YAMLError.Code, _ message: String) -> YAMLError {
        YAMLError(code, source.scrubbed(message), at: mark, in: nil)
    }

    /// `"key"` for a message about this key node; on a line that holds a secret, words
    /// saying it is not shown unless it is a secret key's name (see `YAMLRedaction`).
    package func quotedKeyText() -> String {
        source.quotedKey(scalar?.text ?? "", onLine: mark.line)
    }
}
