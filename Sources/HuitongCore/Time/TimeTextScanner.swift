/// Reads the fixed-width ASCII fields of a date or time from UTF-8 bytes, reporting the first
/// problem as a ``TimeError`` with its column and the format that was expected.
struct TimeTextScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let input: String
    /// The format being read, written the way platform documents write it, for messages.
    private let format: String
    /// The 0-based index of the next unread byte.
    private(set) var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, input: String, format: String) {
        self.bytes = bytes
        self.input = input
        self.format = format
    }

    /// The 1-based column of the next unread byte, for errors about the field starting there.
    var column: Int { position + 1 }

    var isAtEnd: Bool { position == bytes.count }

    /// Reads exactly `count` ASCII digits as a number.
    mutating func digits(_ count: Int, naming field: String) throws(TimeError) -> Int {
        var value = 0
        for _ in 0..<count {
            guard let digit = nextDigit() else {
                throw failure(.malformed, "expected \(count)-digit \(field); the format is \(format)")
            }
            value = value * 10 + digit
        }
        return value
    }

    /// Reads one or more ASCII digits as a fraction of a second, keeping the first three as
    /// milliseconds and dropping the rest: a `Timestamp` holds milliseconds, and rounding down
    /// never moves a time into the next second, minute or day.
    mutating func fractionAsMilliseconds() throws(TimeError) -> Int {
        var milliseconds = 0
        var count = 0
        while let digit = peekDigit() {
            position += 1
            if count < 3 { milliseconds = milliseconds * 10 + digit }
            count += 1
        }
        guard count > 0 else {
            throw failure(.malformed, "expected digits after the decimal point; the format is \(format)")
        }
        for _ in count..<max(count, 3) { milliseconds *= 10 }
        return milliseconds
    }

    /// Reads an optional `-` and 1–19 digits as a signed integer; throws if it overflows `Int64`.
    mutating func signedInteger(naming field: String) throws(TimeError) -> Int64 {
        let start = position
        let negative = skip("-")
        var value: Int64 = 0
        var count = 0
        while let digit = peekDigit() {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = negative
                ? shifted.subtractingReportingOverflow(Int64(digit))
                : shifted.addingReportingOverflow(Int64(digit))
            guard !overflowA && !overflowB else {
                position = start
                throw failure(.outOfRange, "\(field) does not fit in 64 bits")
            }
            value = next
            position += 1
            count += 1
        }
        guard count > 0 else {
            throw failure(.malformed, "expected \(field) as a whole number; the format is \(format)")
        }
        return value
    }

    /// Consumes `expected` (or `alternative`, for case-insensitive letters) or throws.
    mutating func expect(_ expected: Unicode.Scalar, or alternative: Unicode.Scalar? = nil) throws(TimeError) {
        guard skip(expected) || (alternative.map { skip($0) } ?? false) else {
            let wanted = alternative.map { "'\(expected)' or '\($0)'" } ?? "'\(expected)'"
            throw failure(.malformed, "expected \(wanted); the format is \(format)")
        }
    }

    /// Consumes `ascii` if it is next; reports whether it did.
    mutating func skip(_ ascii: Unicode.Scalar) -> Bool {
        guard !isAtEnd, bytes[position] == UInt8(ascii: ascii) else { return false }
        position += 1
        return true
    }

    /// Throws unless every byte has been read.
    func expectEnd() throws(TimeError) {
        guard isAtEnd else {
            throw failure(.trailingCharacters, "unexpected text after a complete value; the format is \(format)")
        }
    }

    /// An error about the byte at `column` (the next unread byte unless given).
    func failure(_ code: TimeError.Code, _ detail: String, column: Int? = nil) -> TimeError {
        TimeError(code, input: input, column: column ?? self.column, detail: detail)
    }

    private func peekDigit() -> Int? {
        guard !isAtEnd else { return nil }
        let byte = bytes[position]
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        return Int(byte - UInt8(ascii: "0"))
    }

    private mutating func nextDigit() -> Int? {
        guard let digit = peekDigit() else { return nil }
        position += 1
        return digit
    }
}
