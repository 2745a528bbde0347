/// The tags the loader honours: the core-schema tags and the non-specific `!`.
///
/// Anything else is reported as an unknown tag; this project has no custom types, and a
/// typo like `!!srt` must not pass silently.
enum YAMLTag: Sendable, Equatable {
    case string, integer, float, bool, null, mapping, sequence
    /// `!`: "not resolved by the schema" — a string for scalars, as-is for collections.
    case nonSpecific

    /// The prefix libyaml expands `!!` to.
    static let corePrefix = "tag:yaml.org,2002:"

    /// The tag as libyaml reports it (handles already expanded), or `nil` if unknown.
    init?(expanded tag: String) {
        if tag == "!" {
            self = .nonSpecific
            return
        }
        guard tag.hasPrefix(Self.corePrefix) else { return nil }
        switch tag.dropFirst(Self.corePrefix.count) {
        case "str": self = .string
        case "int": self = .integer
        case "float": self = .float
        case "bool": self = .bool
        case "null": self = .null
        case "map": self = .mapping
        case "seq": self = .sequence
        default: return nil
        }
    }

    /// How an operator writes the tag: `!!int` rather than `tag:yaml.org,2002:int`.
    static func displayName(_ expanded: String) -> String {
        expanded.hasPrefix(corePrefix) ? "!!" + expanded.dropFirst(corePrefix.count) : expanded
    }

    /// Resolves a scalar under this tag, or returns `nil` if the text does not fit it
    /// (`!!int abc`). Collection tags never fit a scalar.
    func resolve(_ text: String) -> YAMLScalar.Resolution? {
        switch self {
        case .string, .nonSpecific: .string
        case .integer: YAMLCoreSchema.integer(text)
        // The float grammar includes plain integers, so `!!float 3` is 3.0.
        case .float: YAMLCoreSchema.float(text)
        case .bool: YAMLCoreSchema.bool(text)
        case .null: YAMLCoreSchema.null(text)
        case .mapping, .sequence: nil
        }
    }

    /// What a scalar under this tag must look like, for the error message.
    var expectation: String {
        switch self {
        case .integer: "an integer (e.g. 42, -7, 0o17, 0x1F)"
        case .float: "a number (e.g. 1.5, -2e3, .inf, .nan)"
        case .bool: "true or false"
        case .null: "null, ~ or nothing"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        case .string, .nonSpecific: "anything"
        }
    }
}
