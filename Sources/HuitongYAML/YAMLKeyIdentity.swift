import HuitongCore

/// What makes two mapping keys "the same key" for duplicate detection and merges.
///
/// Scalars compare by resolved value, as YAML specifies: `0x1F` and `31` are the same
/// integer key, while `1` and `"1"` (an integer and a string) are different keys.
/// Collection keys compare structurally, in order.
enum YAMLKeyIdentity: Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case sequence([YAMLKeyIdentity])
    case mapping([YAMLKeyIdentity])

    /// Collection keys larger than this (aliases included) are not compared; comparing an
    /// aliased structure could otherwise cost as much as expanding it.
    private static let maxComparedNodes = 64

    /// The identity of a key, or `nil` if the key is too large to compare.
    init?(_ key: YAMLNode) {
        guard key.expandedSize <= Self.maxComparedNodes else { return nil }
        switch key.content {
        case .scalar(let scalar):
            switch scalar.resolution {
            case .null: self = .null
            case .bool(let value): self = .bool(value)
            case .int(let value): self = .int(value)
            case .float(let value): self = .float(value)
            case .string, .integerOutOfRange: self = .string(scalar.text)
            }
        case .sequence(let items):
            self = .sequence(items.compactMap(YAMLKeyIdentity.init))
        case .mapping(let entries):
            self = .mapping(entries.flatMap { [YAMLKeyIdentity($0.key), YAMLKeyIdentity($0.value)] }.compactMap { $0 })
        }
    }

    /// How the key reads in an error message.
    static func describe(_ key: YAMLNode) -> String {
        switch key.content {
        case .scalar(let scalar): key.source.quotedKey(scalar.text, onLine: key.mark.line)
        case .sequence: "(a sequence used as a key)"
        case .mapping: "(a mapping used as a key)"
        }
    }
}
