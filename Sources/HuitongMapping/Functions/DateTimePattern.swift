import HuitongCore

/// A date-time pattern of the mapping language (`yyyy/M/d H:mm`, `yyyy年M月d日`), compiled once
/// into fields and literals, then matched against UTF-8 bytes without Foundation formatters,
/// regular expressions or allocation: these run on every row of 200k-row exports.
///
/// Letters: `yyyy` year (4 digits), `MM` month (2 digits) or `M` (1–2), `dd`/`d` day, `HH`/`H`
/// hour (0–23), `mm`/`m` minute, `ss`/`s` second, `SSS` milliseconds. Every other character is
/// literal (`-`, `/`, `:`, space, `T`, `年`, `月`, `日` …), except other ASCII letters, which are
/// refused so that a Java-style `hh` or `a` does not silently become literal text. Digits in
/// the text are ASCII digits.
///
/// A one-letter field followed directly by another number (`yyyyMd`) is refused: it could not
/// be read unambiguously. Formatting writes two-letter fields with a leading zero and
/// one-letter fields without.
struct DateTimePattern: Sendable, Equatable, CustomStringConvertible {
    /// The fields a pattern can read and write.
    enum Field: Sendable, Equatable {
        case year, month, day, hour, minute, second, millisecond
    }

    /// One piece of a compiled pattern.
    enum Element: Sendable, Equatable {
        case literal([UInt8])
        case number(Field, minimumDigits: Int, maximumDigits: Int)
    }

    /// What ``match(_:)`` found.
    enum Match: Sendable, Equatable {
        /// The text has the pattern's shape and names a real moment.
        case valid(CivilDateTime)
        /// The text has the pattern's shape, but the date or time does not exist; the detail
        /// says why (`day 30 does not exist in 2026-02, which has 28 days`).
        case nonexistent(String)
        /// The text does not have the pattern's shape.
        case mismatch
    }

    /// The pattern as written.
    let text: String
    let elements: [Element]
    /// Whether the pattern has a time of day (an hour field).
    let hasTime: Bool
    /// An upper bound on the UTF-8 length of a formatted value.
    private let maximumLength: Int

    var description: String { text }

    /// Compiles `pattern`; refuses unknown letters, wrong letter counts, repeated fields,
    /// a missing year, month or day, a minute without an hour, and ambiguous neighbours.
    init(_ pattern: String) throws(StepFailure) {
        func failure(_ problem: String) -> StepFailure {
            StepFailure("date-time pattern \(StepFailure.quoted(pattern)): \(problem)")
        }
        var elements: [Element] = []
        var seen: [Field] = []
        var scalars = pattern.unicodeScalars[...]
        while let scalar = scalars.first {
            guard scalar.isASCII, scalar.properties.isAlphabetic, scalar != "T" else {
                scalars.removeFirst()
                var bytes = Array(String(scalar).utf8)
                if case .literal(let previous)? = elements.last {
                    bytes = previous + bytes
                    elements.removeLast()
                }
                elements.append(.literal(bytes))
                continue
            }
            let run = scalars.prefix { $0 == scalar }.count
            scalars.removeFirst(run)
            let field: Field
            let allowed: [Int]
            switch scalar {
            case "y": (field, allowed) = (.year, [4])
            case "M": (field, allowed) = (.month, [1, 2])
            case "d": (field, allowed) = (.day, [1, 2])
            case "H": (field, allowed) = (.hour, [1, 2])
            case "m": (field, allowed) = (.minute, [1, 2])
            case "s": (field, allowed) = (.second, [1, 2])
            case "S": (field, allowed) = (.millisecond, [3])
            default:
                throw failure("unknown letter \"\(scalar)\"; use yyyy, MM, M, dd, d, HH, H, mm, ss, SSS")
            }
            guard allowed.contains(run) else {
                let forms = allowed.map { String(repeating: String(scalar), count: $0) }.joined(separator: " or ")
                throw failure("\(String(repeating: String(scalar), count: run)) is not a field; write \(forms)")
            }
            guard !seen.contains(field) else { throw failure("the \(field) appears twice") }
            if case .number(let previous, let minimum, let maximum)? = elements.last, minimum != maximum {
                throw failure("the \(previous) (one letter, 1–2 digits) cannot be followed directly by another field; write two letters")
            }
            seen.append(field)
            let fixed = run > 1 || field == .year
            elements.append(.number(field, minimumDigits: fixed ? run : 1, maximumDigits: field == .year ? 4 : max(run, 2)))
        }
        for required in [Field.year, .month, .day] where !seen.contains(required) {
            throw failure("a pattern needs a year (yyyy), a month (M) and a day (d); the \(required) is missing")
        }
        if (seen.contains(.minute) || seen.contains(.second) || seen.contains(.millisecond)) && !seen.contains(.hour) {
            throw failure("minutes or seconds need an hour (H)")
        }
        if seen.contains(.second) && !seen.contains(.minute) { throw failure("seconds need minutes (mm)") }
        if seen.contains(.millisecond) && !seen.contains(.second) { throw failure("milliseconds need seconds (ss)") }
        self.text = pattern
        self.elements = elements
        self.hasTime = seen.contains(.hour)
        self.maximumLength = elements.reduce(0) { total, element in
            switch element {
            case .literal(let bytes): total + bytes.count
            case .number: total + 20  // any Int, sign included
            }
        }
    }

    /// Matches the whole of `text` against the pattern. Fields the pattern lacks are 0 (hours,
    /// minutes, seconds, milliseconds).
    func match(_ text: String) -> Match {
        UTF8Search.withBytes(of: text) { bytes in
            var position = 0
            var year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0
            for element in elements {
                switch element {
                case .literal(let literal):
                    guard DecimalScanner.matches(literal, in: bytes, at: position, upTo: bytes.count) else { return .mismatch }
                    position += literal.count
                case .number(let field, let minimumDigits, let maximumDigits):
                    var value = 0
                    var digits = 0
                    while digits < maximumDigits, position < bytes.count, TextFunctions.isASCIIDigit(bytes[position]) {
                        value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                        digits += 1
                        position += 1
                    }
                    guard digits >= minimumDigits else { return .mismatch }
                    switch field {
                    case .year: year = value
                    case .month: month = value
                    case .day: day = value
                    case .hour: hour = value
                    case .minute: minute = value
                    case .second: second = value
                    case .millisecond: millisecond = value
                    }
                }
            }
            guard position == bytes.count else { return .mismatch }
            do throws(TimeError) {
                return .valid(try CivilDateTime(
                    year: year, month: month, day: day,
                    hour: hour, minute: minute, second: second, millisecond: millisecond))
            } catch {
                return .nonexistent(error.detail)
            }
        }
    }

    /// `civil` written in the pattern.
    func format(_ civil: CivilDateTime) -> String {
        format(year: civil.year, month: civil.month, day: civil.day,
               hour: civil.hour, minute: civil.minute, second: civil.second, millisecond: civil.millisecond)
    }

    /// `date` written in the pattern, at midnight.
    func format(_ date: CalendarDate) -> String {
        format(year: date.year, month: date.month, day: date.day, hour: 0, minute: 0, second: 0, millisecond: 0)
    }

    /// The wall time of `timestamp` at `zone`, written in the pattern.
    func format(_ timestamp: Timestamp, in zone: UTCOffset) -> String {
        format(CivilDateTime(timestamp, in: zone))
    }

    private func format(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
    ) -> String {
        String(unsafeUninitializedCapacity: maximumLength) { buffer in
            var length = 0
            for element in elements {
                switch element {
                case .literal(let bytes):
                    for byte in bytes {
                        buffer[length] = byte
                        length += 1
                    }
                case .number(let field, let minimumDigits, _):
                    let value: Int
                    switch field {
                    case .year: value = year
                    case .month: value = month
                    case .day: value = day
                    case .hour: value = hour
                    case .minute: value = minute
                    case .second: value = second
                    case .millisecond: value = millisecond
                    }
                    if value < 0 {
                        buffer[length] = UInt8(ascii: "-")
                        length += 1
                    }
                    var magnitude = value.magnitude
                    var digits = 1
                    var probe = magnitude
                    while probe >= 10 {
                        probe /= 10
                        digits += 1
                    }
                    let width = max(digits, minimumDigits)
                    for index in stride(from: length + width - 1, through: length, by: -1) {
                        buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                        magnitude /= 10
                    }
                    length += width
                }
            }
            return length
        }
    }
}
