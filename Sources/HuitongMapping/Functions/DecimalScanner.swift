/// Reads a plain decimal number (`-1,234.5`, `０.３３`) from UTF-8 bytes, exactly: the digits
/// become an integer significand and a power of ten, and ``doubleValue(scaledBy:)`` turns that
/// into the nearest `Double` with a single rounding. Shared by ``NumberParser``,
/// ``IntegerParser`` and the CAP area parser.
///
/// Accepted: an optional sign (`+ - ＋ －`), digits (ASCII or full-width ０–９) with an optional
/// thousands separator in the integer part, an optional decimal point (`.` or full-width `．`)
/// and fraction digits. Not accepted: exponents (`1e3`), `inf`, `nan`, hexadecimal — source
/// data is typed by people, and `1e3` in an area field is a typo, not a thousand.
///
/// Thousands separators are checked: the first group has one to three digits and every later
/// group exactly three, so `1,234,567` is read and `1,2,3` or `12,34` is refused as a
/// misplaced separator rather than silently read as 123 or 1234.
struct DecimalScanner {
    /// What ``scan(_:upTo:separator:allowsSign:)`` found.
    struct Result {
        var negative = false
        /// The first 19 significant digits.
        var significand: UInt64 = 0
        /// The value is `significand × 10^exponent` (when no digit was dropped).
        var exponent = 0
        /// A non-zero digit past the 19th was not kept: the value must be read from the text instead.
        var droppedDigits = false
        var integerDigits = 0
        var fractionDigits = 0
        /// Whether every fraction digit is 0, as in `3.0`.
        var fractionIsZero = true
        /// A separator where it does not belong; reading went on past it.
        var misplacedSeparator = false
        /// The offset just after the last byte that belongs to the number.
        var end = 0

        var hasDigits: Bool { integerDigits + fractionDigits > 0 }
    }

    /// Reads as much of `bytes[0..<limit]` as forms a number and says where it stopped.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int, separator: [UInt8]?, allowsSign: Bool = true
    ) -> Result {
        var result = Result()
        var position = 0
        if allowsSign, position < limit {
            if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
                result.negative = bytes[position] == UInt8(ascii: "-")
                position += 1
            } else if let sign = fullWidth(bytes, at: position, upTo: limit), sign == 0x8B || sign == 0x8D {
                result.negative = sign == 0x8D  // U+FF0D FULLWIDTH HYPHEN-MINUS; U+FF0B is the plus
                position += 3
            }
        }
        var keptDigits = 0
        var groupLength = 0
        var seenSeparator = false
        // Integer part, with separators.
        while position < limit {
            if let found = digit(bytes, at: position, upTo: limit) {
                accumulate(found.value, into: &result, kept: &keptDigits, inFraction: false)
                result.integerDigits += 1
                groupLength += 1
                position += found.width
            } else if let separator, matches(separator, in: bytes, at: position, upTo: limit) {
                if result.integerDigits == 0 || (seenSeparator ? groupLength != 3 : groupLength > 3) {
                    result.misplacedSeparator = true
                }
                seenSeparator = true
                groupLength = 0
                position += separator.count
            } else {
                break
            }
        }
        if seenSeparator && groupLength != 3 { result.misplacedSeparator = true }
        // Fraction.
        let pointWidth: Int
        if position < limit, bytes[position] == UInt8(ascii: ".") {
            pointWidth = 1
        } else if fullWidth(bytes, at: position, upTo: limit) == 0x8E {  // U+FF0E FULLWIDTH FULL STOP
            pointWidth = 3
        } else {
            pointWidth = 0
        }
        if pointWidth > 0 {
            position += pointWidth
            while position < limit, let found = digit(bytes, at: position, upTo: limit) {
                accumulate(found.value, into: &result, kept: &keptDigits, inFraction: true)
                result.fractionDigits += 1
                if found.value != 0 { result.fractionIsZero = false }
                position += found.width
            }
        }
        result.end = position
        return result
    }

    /// The nearest `Double` to the scanned number times `10^scale`; infinite when too large.
    ///
    /// When the significand has at most 53 bits and the power of ten is at most 22, both are
    /// exact doubles and one multiplication or division rounds once, correctly (Clinger's fast
    /// path). Anything else goes through the standard library's correctly rounded text
    /// conversion, on the digits rebuilt from `bytes`.
    static func doubleValue(
        of result: Result, scaledBy scale: Int, bytes: UnsafeBufferPointer<UInt8>, separator: [UInt8]?
    ) -> Double {
        if result.significand == 0 && !result.droppedDigits { return 0 }  // never −0
        let exponent = result.exponent + scale
        if !result.droppedDigits, result.significand <= 1 << 53, (-22...22).contains(exponent) {
            let magnitude = exponent >= 0
                ? Double(result.significand) * powersOfTen[exponent]
                : Double(result.significand) / powersOfTen[-exponent]
            return result.negative ? -magnitude : magnitude
        }
        var text = result.negative ? "-" : ""
        var position = 0
        while position < result.end {
            if let found = digit(bytes, at: position, upTo: result.end) {
                text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + found.value))
                position += found.width
            } else if bytes[position] == UInt8(ascii: ".") || fullWidth(bytes, at: position, upTo: result.end) == 0x8E {
                text += "."
                position += bytes[position] == UInt8(ascii: ".") ? 1 : 3
            } else if let separator, matches(separator, in: bytes, at: position, upTo: result.end) {
                position += separator.count
            } else {
                position += 1  // the sign, already written
            }
        }
        text += "e" + String(scale)
        return Double(text) ?? .nan
    }

    /// The digit at `position`, ASCII or full-width (U+FF10–U+FF19), and its width in bytes.
    @inline(__always)
    static func digit(
        _ bytes: UnsafeBufferPointer<UInt8>, at position: Int, upTo limit: Int
    ) -> (value: UInt8, width: Int)? {
        let byte = bytes[position]
        if byte &- UInt8(ascii: "0") < 10 { return (byte - UInt8(ascii: "0"), 1) }
        if byte == 0xEF, let low = fullWidth(bytes, at: position, upTo: limit), low >= 0x90, low <= 0x99 {
            return (low - 0x90, 3)
        }
        return nil
    }

    /// For a character U+FF00–U+FF3F (`EF BC xx`) at `position`, its last byte.
    @inline(__always)
    static func fullWidth(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, upTo limit: Int) -> UInt8? {
        guard position + 2 < limit, bytes[position] == 0xEF, bytes[position + 1] == 0xBC else { return nil }
        return bytes[position + 2]
    }

    /// Whether `needle` occurs in `bytes` at `position`, within `limit`.
    @inline(__always)
    static func matches(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at position: Int, upTo limit: Int) -> Bool {
        guard !needle.isEmpty, position + needle.count <= limit else { return false }
        for index in 0..<needle.count where bytes[position + index] != needle[index] {
            return false
        }
        return true
    }

    /// Whether any digit (ASCII or full-width) occurs in `bytes[start..<limit]`.
    static func containsDigit(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, upTo limit: Int) -> Bool {
        var position = start
        while position < limit {
            if digit(bytes, at: position, upTo: limit) != nil { return true }
            position += 1
        }
        return false
    }

    @inline(__always)
    private static func accumulate(_ digit: UInt8, into result: inout Result, kept: inout Int, inFraction: Bool) {
        if kept == 0 && digit == 0 {
            // A leading zero is not significant, but in the fraction it still moves the point.
            if inFraction { result.exponent -= 1 }
            return
        }
        if kept < 19 {
            result.significand = result.significand * 10 + UInt64(digit)
            kept += 1
            if inFraction { result.exponent -= 1 }
        } else {
            // Past 19 digits only a non-zero digit loses information; zeros just move the point.
            if digit != 0 { result.droppedDigits = true }
            if !inFraction { result.exponent += 1 }
        }
    }

    /// 10^0 … 10^22, the powers of ten a `Double` holds exactly.
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
