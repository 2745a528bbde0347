import HuitongCore

/// What one field's value must be: its type, whether it is required, and its constraints.
///
/// The same rule describes a schema parameter (`mappings/schema/*.yaml`) and a platform field
/// declared by a target mapping (`output.fields`), so a record is checked the same way before
/// it is staged and before it is sent. Loaded and checked from YAML by
/// ``FieldRule/load(from:codeTables:)``; checked against values by
/// ``FieldRule/violations(of:codeTables:)``.
package struct FieldRule: Sendable {
    /// The value's type.
    package let type: FieldType
    /// Whether the value must be present.
    package let required: Bool
    /// The Chinese label, if the rule has one (schema parameters always do).
    package let label: String?
    /// What the field means and where it comes from.
    package let description: String?
    /// The SI unit of a number (`m²`, `°C`, `%RH`).
    package let unit: String?
    /// Bounds on the length of a string, in Unicode scalars.
    package let length: LengthLimits?
    /// A regular expression the whole string must match.
    let compiledPattern: TextPattern?
    /// Bounds on a number: the mapping language's `range`, so a rule and a `range` step
    /// written alike check alike.
    let range: NumberRange?
    /// The most decimals a decimal (or each coordinate of a point) may have.
    package let decimals: Int?
    /// The code table a `code` value (or a coded `integer`'s decimal text) must be a code of.
    package let codes: String?
    /// How a `datetime` is written; `nil` means RFC 3339. Platform fields only.
    package let timeFormat: TimestampFormat?
    /// Where the rule is written, when it came from a file.
    package let mark: SourceLocation?
    /// The value is personal (a mobile number, an identity card): a reason that quotes it — in
    /// a set-aside file, a rejects file, the ledger, a preview — shows it masked
    /// (``masked(_:)``). YAML `personal: true`; false when absent.
    package let personal: Bool

    /// The regular expression the whole string must match, as written.
    package var pattern: String? { compiledPattern?.pattern }

    init(
        type: FieldType, required: Bool, label: String? = nil, description: String? = nil, unit: String? = nil,
        length: LengthLimits? = nil, pattern: TextPattern? = nil, range: NumberRange? = nil, decimals: Int? = nil,
        codes: String? = nil, timeFormat: TimestampFormat? = nil, mark: SourceLocation? = nil, personal: Bool = false
    ) {
        self.type = type
        self.required = required
        self.label = label
        self.description = description
        self.unit = unit
        self.length = length
        self.compiledPattern = pattern
        self.range = range
        self.decimals = decimals
        self.codes = codes
        self.timeFormat = timeFormat
        self.mark = mark
        self.personal = personal
    }

    /// `text` as a reason shows a personal value: a quarter of its characters kept at each end
    /// (none when it has fewer than four), the rest as `*` — `13800138000` → `13*******00`:
    /// enough for an operator to find the row, not enough to read the number.
    package static func masked(_ text: String) -> String {
        let characters = Array(text)
        let kept = characters.count / 4
        guard kept > 0 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(kept)) + String(repeating: "*", count: characters.count - 2 * kept) + String(characters.suffix(kept))
    }
}

/// Bounds on a string's length, counted in Unicode scalars (as JSON Schema's `maxLength` counts),
/// so each Chinese character is one.
package struct LengthLimits: Sendable, Hashable {
    /// The fewest characters allowed.
    package let min: Int?
    /// The most characters allowed.
    package let max: Int?

    package init(min: Int? = nil, max: Int? = nil) {
        self.min = min
        self.max = max
    }
}
