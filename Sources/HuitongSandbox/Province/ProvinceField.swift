/// One field of a province dataset as a table in contract §4 describes it: its name, its type
/// with the rule of its row, and whether it must be present.
struct ProvinceField: Sendable {
    enum Presence: Sendable {
        /// Present, not null; a string also non-empty after trimming.
        case required
        /// May be absent or null; checked when present.
        case optional
        /// Required or forbidden depending on another field: a ``ProvinceCrossFieldRule`` decides,
        /// and the field is checked like an optional one when present.
        case conditional
    }

    enum Kind: Sendable {
        /// A JSON string; `length` bounds its Unicode scalar count when given.
        case string(length: ClosedRange<Int>? = nil)
        /// A JSON integer literal (`.integer`; `3.0` is a number with a fraction part, not an int).
        case integer(ProvinceIntegerBounds)
        /// A JSON number, integer or not.
        case number(ProvinceNumberBounds)
        /// `yyyy-MM-dd`, a real calendar date; `notInFuture` refuses dates after today (Beijing).
        case date(notInFuture: Bool = false)
        /// `yyyy-MM-dd HH:mm:ss`, a real Beijing wall time.
        case dateTime
        /// A string from a closed list.
        case code(ProvinceCodeList)
        /// CGCS2000 longitude inside Jiangsu, at most 6 decimals.
        case longitude
        /// CGCS2000 latitude inside Jiangsu, at most 6 decimals.
        case latitude
        /// A current county-level code of Jiangsu (`xzqhdm`).
        case district
        /// An 18-character unified social credit code with a valid GB 32100 check character.
        case creditCode
        /// An unmasked mainland mobile number, `1[3-9]` and 9 more digits.
        case mobileNumber
    }

    var name: String
    var kind: Kind
    var presence: Presence

    static func required(_ name: String, _ kind: Kind) -> ProvinceField {
        ProvinceField(name: name, kind: kind, presence: .required)
    }

    static func optional(_ name: String, _ kind: Kind) -> ProvinceField {
        ProvinceField(name: name, kind: kind, presence: .optional)
    }

    static func conditional(_ name: String, _ kind: Kind) -> ProvinceField {
        ProvinceField(name: name, kind: kind, presence: .conditional)
    }
}

/// The allowed range of an `int` field.
struct ProvinceIntegerBounds: Sendable {
    var range: ClosedRange<Int64>

    static let nonNegative = ProvinceIntegerBounds(range: 0...Int64.max)
    static let positive = ProvinceIntegerBounds(range: 1...Int64.max)
    static let flag = ProvinceIntegerBounds(range: 0...1)

    /// The rule in words, for a reason: `≥ 0`, `0 or 1`, `from -5 to 5`.
    var description: String {
        if range.upperBound == Int64.max { return "≥ \(range.lowerBound)" }
        if range.count == 2 { return "\(range.lowerBound) or \(range.upperBound)" }
        return "from \(range.lowerBound) to \(range.upperBound)"
    }
}

/// The allowed values of a `number` field: bounds (the lower one possibly exclusive) and how
/// many decimals its value may have.
struct ProvinceNumberBounds: Sendable {
    var minimum: Double?
    var minimumIsExclusive = false
    var maximum: Double?
    var maximumDecimals: Int?
}

/// A closed list of codes with their labels, in the contract's order.
struct ProvinceCodeList: Sendable {
    var entries: [(code: String, label: String)]

    init(_ entries: [(String, String)]) {
        self.entries = entries.map { (code: $0.0, label: $0.1) }
    }

    func contains(_ code: String) -> Bool {
        // Codes are ASCII, so comparing code units is comparing bytes.
        entries.contains { $0.code.utf8.elementsEqual(code.utf8) }
    }

    /// `H5, H6, H6B, C5, C6`, for reasons.
    var codes: String { entries.map(\.code).joined(separator: ", ") }
}
