import HuitongCore

/// One field of a city record type as the contract's tables state it (§3.4, §4.1), checked
/// with a short message that names the field (`lat out of range (30.75 to 35.2)`).
///
/// Interpretations where the contract is brief, chosen strict so that a client passing here
/// passes any server that follows the text:
/// - `string` is a JSON string; a required string must not be empty. `null` is not a value of
///   any type: an optional field is left out, not sent as `null`.
/// - `int` is a JSON integer literal (`5`, not `5.0`); `number` is any JSON number.
/// - Lengths ("≤ 100 chars") count UTF-16 code units, the longest of the usual readings.
/// - Times must be epoch **milliseconds** between 2000-01-01 and 2100-01-01 UTC: a time in
///   seconds (`1764300000`) is refused instead of being stored as a day in January 1970.
/// - Coordinates: at most 6 decimals as written (`31.1000000` has 7), inside the province's
///   extent as §3.4 states it, inclusive: longitude 116.3 to 121.95, latitude 30.75 to 35.2
///   (failing with `lng out of range` / `lat out of range`, the contract's words, then the
///   extent). The datum itself (GCJ-02) cannot be checked.
struct CityFieldRule: Sendable {
    enum Kind: Sendable {
        /// A string; `maximumLength` in UTF-16 code units.
        case text(maximumLength: Int?)
        /// A string from a closed list, compared byte for byte.
        case oneOf([String])
        /// The 12-digit statistical division code (§3.4).
        case areaCode
        /// A mobile number with its middle four digits masked: `138****5678` (§3.4, team).
        case maskedPhone
        /// A JSON integer in `minimum...maximum` (no upper bound when nil).
        case integer(minimum: Int64, maximum: Int64?)
        /// A JSON integer, Unix epoch milliseconds (§3.4).
        case epochMilliseconds
        case longitude
        case latitude
    }

    let name: String
    let kind: Kind
    let isRequired: Bool

    static func required(_ name: String, _ kind: Kind) -> CityFieldRule {
        CityFieldRule(name: name, kind: kind, isRequired: true)
    }

    static func optional(_ name: String, _ kind: Kind) -> CityFieldRule {
        CityFieldRule(name: name, kind: kind, isRequired: false)
    }

    /// The province's extent (§3.4), the same box the province checks in CGCS2000.
    static let longitudeRange = 116.3...121.95
    static let latitudeRange = 30.75...35.2
    static let maximumDecimals = 6
    /// 2000-01-01T00:00:00Z ..< 2100-01-01T00:00:00Z in milliseconds.
    static let epochMillisecondsRange: Range<Int64> = 946_684_800_000..<4_102_444_800_000

    /// The problem with `value` (present in the record), or nil when it follows the rule.
    /// `literal` is the number as written in the body, for counting decimals.
    func problem(with value: Value, literal: String?) -> String? {
        switch kind {
        case let .text(maximumLength):
            guard let text = value.stringValue else { return "\(name) must be a string" }
            if isRequired && text.isEmpty { return "\(name) must not be empty" }
            if let maximumLength, text.utf16.count > maximumLength { return "\(name) longer than \(maximumLength) chars" }
            return nil
        case let .oneOf(allowed):
            guard let text = value.stringValue else { return "\(name) must be a string" }
            guard allowed.contains(where: { $0.utf8.elementsEqual(text.utf8) }) else {
                return "\(name) must be one of \(allowed.joined(separator: ", "))"
            }
            return nil
        case .areaCode:
            guard let text = value.stringValue else { return "\(name) must be a string" }
            return text.utf8.count == 12 && text.utf8.allSatisfy(Self.isDigit) ? nil : "\(name) must be 12 digits"
        case .maskedPhone:
            guard let text = value.stringValue else { return "\(name) must be a string" }
            return Self.maskedPhoneProblem(text).map { "\(name) \($0)" }
        case let .integer(minimum, maximum):
            guard let integer = value.integerValue else { return "\(name) must be an integer" }
            if let maximum, !(minimum...maximum).contains(integer) { return "\(name) must be \(minimum) to \(maximum)" }
            if maximum == nil && integer < minimum { return "\(name) must be ≥ \(minimum)" }
            return nil
        case .epochMilliseconds:
            guard let integer = value.integerValue else { return "\(name) must be an integer (epoch milliseconds)" }
            return Self.epochMillisecondsRange.contains(integer)
                ? nil : "\(name) out of range (epoch milliseconds, years 2000 to 2099)"
        case .longitude:
            return coordinateProblem(value, literal: literal, range: Self.longitudeRange)
        case .latitude:
            return coordinateProblem(value, literal: literal, range: Self.latitudeRange)
        }
    }

    private func coordinateProblem(_ value: Value, literal: String?, range: ClosedRange<Double>) -> String? {
        guard let number = value.doubleValue else { return "\(name) must be a number" }
        let decimals = literal.map(CityNumberLiterals.decimalPlaces(of:)) ?? CityNumberLiterals.decimalPlaces(of: "\(number)")
        if decimals > Self.maximumDecimals { return "\(name) has more than \(Self.maximumDecimals) decimals" }
        guard range.contains(number) else {
            return "\(name) out of range (\(range.lowerBound) to \(range.upperBound))"
        }
        return nil
    }

    /// `1[3-9]d****dddd`: eleven characters, a mobile prefix, the middle four masked.
    private static func maskedPhoneProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.count == 11 && bytes.allSatisfy(isDigit) {
            return "is not masked: replace the middle four digits with * (138****5678)"
        }
        guard bytes.count == 11,
              bytes[0] == UInt8(ascii: "1"),
              (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1]),
              isDigit(bytes[2]),
              bytes[3..<7].allSatisfy({ $0 == UInt8(ascii: "*") }),
              bytes[7..<11].allSatisfy(isDigit)
        else { return "must be a masked mobile number like 138****5678" }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
