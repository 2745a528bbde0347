import HuitongCore

/// The `number` step, compiled: a decimal from text, with a thousands separator and a unit
/// suffix that multiplies it (mapping agreement, shelter `jzmj`: "number after removing `,` and
/// a unit `㎡`, `m²`, `平方米`; `万㎡` or `万平方米` multiplies by 10,000").
///
/// ```swift
/// let area = try NumberParser(units: [("㎡", 1), ("万㎡", 10_000)])
/// try area.parse("1,234.5㎡")   // 1234.5
/// try area.parse("0.33万㎡")     // 3300, exactly
/// try area.parse("12亩")         // fails: unknown unit "亩"
/// ```
///
/// The longest unit that ends the text wins, so `万㎡` is not read as `万` followed by `㎡`;
/// white space between the number and its unit is allowed. Without units, any text after the
/// number fails. Separators follow ``DecimalScanner``'s grouping rule (`1,2,3` fails). A unit
/// whose multiplier is a power of ten is applied to the decimal exponent, so `0.33万㎡` is the
/// double nearest 3300, not `0.33 × 10000` with two roundings.
struct NumberParser: Sendable {
    /// A unit suffix and what it multiplies by.
    struct Unit: Sendable {
        let suffix: String
        let bytes: [UInt8]
        let multiplier: Double
        /// `k` when the multiplier is exactly 10^k (0 ≤ k ≤ 22).
        let powerOfTen: Int?
    }

    let thousandsSeparator: [UInt8]?
    /// Longest suffix first, so that the first that matches is the longest.
    let units: [Unit]

    /// Compiles the separator and the unit table. A unit must be non-empty, must not start
    /// with something a number could end with (a digit, `.`, the separator), must appear once,
    /// and must multiply by a finite positive number.
    init(thousandsSeparator: String? = ",", units: [(suffix: String, multiplier: Double)] = []) throws(StepFailure) {
        if let separator = thousandsSeparator {
            guard !separator.isEmpty,
                  !separator.unicodeScalars.contains(where: { ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "+" })
            else {
                throw StepFailure("thousands separator \(StepFailure.quoted(separator)) would be confused with the number itself")
            }
            self.thousandsSeparator = Array(separator.utf8)
        } else {
            self.thousandsSeparator = nil
        }
        var seen = Set<String>()
        var compiled: [Unit] = []
        for (suffix, multiplier) in units {
            guard !suffix.isEmpty else { throw StepFailure("a unit cannot be empty") }
            guard seen.insert(suffix).inserted else { throw StepFailure("unit \(StepFailure.quoted(suffix)) is listed twice") }
            guard multiplier.isFinite, multiplier > 0 else {
                throw StepFailure("unit \(StepFailure.quoted(suffix)) must multiply by a positive number, not \(multiplier)")
            }
            let startsLikeNumber = UTF8Search.withBytes(of: suffix) { bytes in
                DecimalScanner.digit(bytes, at: 0, upTo: bytes.count) != nil || bytes[0] == UInt8(ascii: ".")
                    || DecimalScanner.fullWidth(bytes, at: 0, upTo: bytes.count) == 0x8E
                    || (thousandsSeparator.map { bytes.starts(with: $0.utf8) } ?? false)
            }
            guard !startsLikeNumber else {
                throw StepFailure("unit \(StepFailure.quoted(suffix)) starts like a number and could not be told apart from it")
            }
            let power = DecimalScanner.powersOfTen.firstIndex(of: multiplier)
            compiled.append(Unit(suffix: suffix, bytes: Array(suffix.utf8), multiplier: multiplier, powerOfTen: power))
        }
        // Stable sort: among equal lengths the listed order stays (they cannot both match anyway).
        self.units = compiled.enumerated()
            .sorted { ($0.element.bytes.count, $1.offset) > ($1.element.bytes.count, $0.offset) }
            .map(\.element)
    }

    /// The number `text` names, after its unit is applied.
    func parse(_ text: String) throws(StepFailure) -> Double {
        let outcome: Result<Double, StepFailure> = UTF8Search.withBytes(of: text) { bytes in
            var numberEnd = bytes.count
            var unit: Unit?
            for candidate in units where candidate.bytes.count < bytes.count
                && DecimalScanner.matches(candidate.bytes, in: bytes, at: bytes.count - candidate.bytes.count, upTo: bytes.count)
            {
                unit = candidate
                numberEnd = bytes.count - candidate.bytes.count
                numberEnd = NumberParser.endBeforeSpaces(bytes, end: numberEnd)
                break
            }
            let scanned = DecimalScanner.scan(bytes, upTo: numberEnd, separator: thousandsSeparator)
            if !scanned.hasDigits || DecimalScanner.containsDigit(bytes, from: scanned.end, upTo: numberEnd) {
                return .failure(StepFailure("not a number: \(StepFailure.quoted(text))"))
            }
            if scanned.misplacedSeparator {
                return .failure(StepFailure(
                    "misplaced thousands separator in \(StepFailure.quoted(text)) (groups after the first must have three digits)"))
            }
            if scanned.end < numberEnd {
                let rest = UTF8Search.string(UnsafeBufferPointer(rebasing: bytes[NumberParser.startAfterSpaces(bytes, from: scanned.end)...]))
                if units.isEmpty {
                    return .failure(StepFailure("not a number: \(StepFailure.quoted(text)) (no unit is allowed here)"))
                }
                let known = units.map(\.suffix).joined(separator: ", ")
                return .failure(StepFailure("unknown unit \(StepFailure.quoted(rest)) (known: \(known))"))
            }
            var value: Double
            if let unit, let power = unit.powerOfTen {
                value = DecimalScanner.doubleValue(of: scanned, scaledBy: power, bytes: bytes, separator: thousandsSeparator)
            } else {
                value = DecimalScanner.doubleValue(of: scanned, scaledBy: 0, bytes: bytes, separator: thousandsSeparator)
                if let unit { value *= unit.multiplier }
            }
            guard value.isFinite else { return .failure(StepFailure("number too large: \(StepFailure.quoted(text))")) }
            return .success(value)
        }
        return try outcome.get()
    }

    /// `end` moved back over ASCII spaces and U+3000 (`E3 80 80`), which may separate a number
    /// from its unit.
    static func endBeforeSpaces(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Int {
        var end = end
        while end > 0 {
            if bytes[end - 1] == 0x20 {
                end -= 1
            } else if end >= 3, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, bytes[end - 1] == 0x80 {
                end -= 3
            } else {
                break
            }
        }
        return end
    }

    /// `start` moved forward over ASCII spaces and U+3000.
    static func startAfterSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var start = start
        while start < bytes.count {
            if bytes[start] == 0x20 {
                start += 1
            } else if start + 2 < bytes.count, bytes[start] == 0xE3, bytes[start + 1] == 0x80, bytes[start + 2] == 0x80 {
                start += 3
            } else {
                break
            }
        }
        return start
    }
}

/// The `integer` step, compiled: a whole number from text, after an allowed suffix such as
/// `个` (mapping agreement, shelter `cwsl`: "integer after removing a trailing `个`").
///
/// Accepted: an optional sign (`+3`), ASCII or full-width digits, leading zeros (`007` is 7),
/// and a fraction of zeros only (`3.0`, `3.00`, `3.`): spreadsheets export whole numbers that
/// way, and the value is whole. Refused: any other fraction (`1.5` is "not an integer"),
/// thousands separators (use a `remove` step first), and values outside `Int64`.
struct IntegerParser: Sendable {
    /// Longest first, as text and as UTF-8.
    private let suffixes: [(text: String, bytes: [UInt8])]

    /// Compiles the suffix list; a suffix must be non-empty and must not start with a digit or
    /// a point.
    init(suffixes: [String] = []) throws(StepFailure) {
        for suffix in suffixes {
            let startsLikeNumber = UTF8Search.withBytes(of: suffix) { bytes in
                bytes.isEmpty || DecimalScanner.digit(bytes, at: 0, upTo: bytes.count) != nil
                    || bytes[0] == UInt8(ascii: ".")
            }
            guard !startsLikeNumber else {
                throw StepFailure("suffix \(StepFailure.quoted(suffix)) is empty or starts like a number")
            }
        }
        self.suffixes = suffixes.map { ($0, Array($0.utf8)) }.sorted { $0.bytes.count > $1.bytes.count }
    }

    /// The integer `text` names.
    func parse(_ text: String) throws(StepFailure) -> Int64 {
        let outcome: Result<Int64, StepFailure> = UTF8Search.withBytes(of: text) { bytes in
            var numberEnd = bytes.count
            for suffix in suffixes where suffix.bytes.count < bytes.count
                && DecimalScanner.matches(suffix.bytes, in: bytes, at: bytes.count - suffix.bytes.count, upTo: bytes.count)
            {
                numberEnd = NumberParser.endBeforeSpaces(bytes, end: bytes.count - suffix.bytes.count)
                break
            }
            let scanned = DecimalScanner.scan(bytes, upTo: numberEnd, separator: nil)
            guard scanned.integerDigits > 0, !DecimalScanner.containsDigit(bytes, from: scanned.end, upTo: numberEnd),
                  scanned.fractionIsZero
            else {
                return .failure(StepFailure("not an integer: \(StepFailure.quoted(text))"))
            }
            if scanned.end < numberEnd {
                let rest = UTF8Search.string(UnsafeBufferPointer(rebasing: bytes[NumberParser.startAfterSpaces(bytes, from: scanned.end)...]))
                if suffixes.isEmpty { return .failure(StepFailure("not an integer: \(StepFailure.quoted(text))")) }
                let known = suffixes.map(\.text).joined(separator: ", ")
                return .failure(StepFailure("unknown suffix \(StepFailure.quoted(rest)) (allowed: \(known))"))
            }
            // The fraction is all zeros: drop its digits from the significand.
            var significand = scanned.significand
            var exponent = scanned.exponent
            while exponent < 0 {
                significand /= 10
                exponent += 1
            }
            guard !scanned.droppedDigits, exponent == 0 else {
                return .failure(StepFailure("integer out of range: \(StepFailure.quoted(text))"))
            }
            if scanned.negative {
                guard significand <= UInt64(Int64.max) + 1 else {
                    return .failure(StepFailure("integer out of range: \(StepFailure.quoted(text))"))
                }
                return .success(significand == UInt64(Int64.max) + 1 ? Int64.min : -Int64(significand))
            }
            guard significand <= UInt64(Int64.max) else {
                return .failure(StepFailure("integer out of range: \(StepFailure.quoted(text))"))
            }
            return .success(Int64(significand))
        }
        return try outcome.get()
    }

    /// The integer a number value holds: `3.0` is 3, `1.5` fails, as for text.
    static func integer(from number: Double) throws(StepFailure) -> Int64 {
        guard number.isFinite, number == number.rounded(.towardZero) else {
            throw StepFailure("not an integer: \(NumberFunctions.text(of: number))")
        }
        // 2^63 is exactly representable; every whole double below it in magnitude fits Int64.
        guard number >= -9_223_372_036_854_775_808.0, number < 9_223_372_036_854_775_808.0 else {
            throw StepFailure("integer out of range: \(NumberFunctions.text(of: number))")
        }
        return Int64(number)
    }
}
