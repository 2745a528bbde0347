/// Number serialisation as ECMAScript's `Number.prototype.toString` does it (ECMA-262,
/// Number::toString), which RFC 8785 (JCS) requires for canonical JSON.
///
/// The digits are the shortest that read back as the same double, and of those the closest to
/// it; the layout depends on the decimal exponent: plain digits up to 10^21, `0.000001` down to
/// 10^-6, and `1e+21` / `1e-7` style beyond. Negative zero is written `0`.
enum ECMAScriptNumber {
    /// The shortest round-trip decimal of a positive finite double: `significand` has
    /// `digitCount` digits (no trailing zeros) and the value is 0.d1d2…dk × 10^`exponent`,
    /// so `exponent` is ECMA-262's *n*.
    struct ShortestDecimal: Equatable {
        var significand: UInt64
        var digitCount: Int
        var exponent: Int
    }

    /// Writes `value` as ECMAScript would print it. `value` must be finite (callers check, so
    /// they can say where in a record a NaN was).
    static func write(_ value: Double, to sink: inout ByteSink) {
        if value == 0 {
            sink.write(UInt8(ascii: "0"))  // both +0 and -0
            return
        }
        write(shortestDecimal(of: value.magnitude), negative: value < 0, to: &sink)
    }

    /// Writes a decimal from ``shortestDecimal(of:)``, with a `-` when `negative`.
    static func write(_ decimal: ShortestDecimal, negative: Bool, to sink: inout ByteSink) {
        sink.writeInPlace(maximum: ByteSink.numberReservation) { start in
            var length = 0
            if negative {
                start[0] = UInt8(ascii: "-")
                length = 1
            }
            return length + layOut(decimal, at: start + length)
        }
    }

    /// Whether ``write(_:to:)`` prints `decimal` as plain digits without a point or exponent.
    static func isWrittenAsInteger(_ decimal: ShortestDecimal) -> Bool {
        decimal.digitCount <= decimal.exponent && decimal.exponent <= 21
    }

    /// Lays out `decimal` by ECMA-262 Number::toString, steps 6 to 10, at `start`; at most 26 bytes.
    ///
    /// - Returns: the number of bytes written.
    private static func layOut(_ decimal: ShortestDecimal, at start: UnsafeMutablePointer<UInt8>) -> Int {
        let digits = decimal.digitCount
        let exponent = decimal.exponent
        if digits <= exponent, exponent <= 21 {
            // Integer: the digits, then zeros up to the decimal point.
            _ = DecimalText.writeDigits(of: decimal.significand, at: start)
            (start + digits).initialize(repeating: UInt8(ascii: "0"), count: exponent - digits)
            return exponent
        }
        if 0 < exponent, exponent <= 21 {
            // The decimal point falls inside the digits: write them, then open a gap for it.
            _ = DecimalText.writeDigits(of: decimal.significand, at: start)
            var index = digits
            while index > exponent {
                start[index] = start[index - 1]
                index -= 1
            }
            start[exponent] = UInt8(ascii: ".")
            return digits + 1
        }
        if -6 < exponent, exponent <= 0 {
            // Small: "0." and leading zeros.
            start[0] = UInt8(ascii: "0")
            start[1] = UInt8(ascii: ".")
            (start + 2).initialize(repeating: UInt8(ascii: "0"), count: -exponent)
            return 2 - exponent + DecimalText.writeDigits(of: decimal.significand, at: start + 2 - exponent)
        }
        // Exponential: d[.ddd]e±x, the exponent without leading zeros.
        var length = DecimalText.writeDigits(of: decimal.significand, at: start + 1)
        start[0] = start[1]
        if digits > 1 {
            start[1] = UInt8(ascii: ".")
            length += 1
        } else {
            length = 1
        }
        let power = exponent - 1
        start[length] = UInt8(ascii: "e")
        start[length + 1] = power < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        return length + 2 + DecimalText.writeDigits(of: UInt64(power.magnitude), at: start + length + 2)
    }

    /// The shortest, closest decimal that reads back as `magnitude` (positive and finite).
    static func shortestDecimal(of magnitude: Double) -> ShortestDecimal {
        if let decimal = shortDecimalFastPath(magnitude) {
            return decimal
        }
        return decimalFromStandardLibrary(magnitude)
    }

    /// Finds the decimal with the fewest digits after the point, k, such that r / 10^k reads
    /// back as `magnitude`, trying k = 0, 1, 2 … while `magnitude` × 10^k stays below 2^50.
    ///
    /// Why this is exact: r and 10^k (k ≤ 22) are exact doubles, so r / 10^k computed in IEEE
    /// arithmetic is the correctly rounded value of the decimal, which is what any correct
    /// reader produces. Below 2^50 the round-trip interval around `magnitude` × 10^k is narrower
    /// than 1/4 and the product is off by at most 1/16, so the only candidate at each k is the
    /// product rounded to an integer: the first k that works gives the shortest digits, and the
    /// only candidate is trivially the closest. Sensor readings like 18.4 are found at k = 1.
    /// Values with 16 or 17 significant digits, or outside roughly 1e-22…1e15, fall through.
    ///
    /// Only k up to ``fastPathFractionDigits`` is tried: a value with more decimals (a
    /// coordinate after a datum shift has 14) would cost more tries than the general path costs.
    private static func shortDecimalFastPath(_ magnitude: Double) -> ShortestDecimal? {
        let limit: Double = 1_125_899_906_842_624  // 2^50
        for fractionDigits in 0...fastPathFractionDigits {
            let power = DecimalText.exactPowersOfTen[fractionDigits]
            let scaled = magnitude * power
            if scaled >= limit { return nil }
            let candidate = scaled.rounded()
            guard candidate != 0, candidate / power == magnitude else { continue }
            var significand = UInt64(candidate)
            var exponentOfLastDigit = -fractionDigits
            while significand % 10 == 0 {
                significand /= 10
                exponentOfLastDigit += 1
            }
            let digitCount = DecimalText.digitCount(significand)
            return ShortestDecimal(significand: significand, digitCount: digitCount, exponent: digitCount + exponentOfLastDigit)
        }
        return nil
    }

    /// The most digits after the point the fast path looks for.
    private static let fastPathFractionDigits = 6

    /// The standard library's text of a double, caught as bytes: `Double.write(to:)` hands its
    /// ASCII digits to `_writeASCII` from a buffer on the stack, so no `String` is made (when a
    /// standard library gives a `String` instead, `write` takes that).
    private struct DigitCapture: TextOutputStream {
        var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0

        mutating func write(_ string: String) {
            var string = string
            string.withUTF8 { _writeASCII($0) }
        }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            let kept = min(buffer.count, MemoryLayout.size(ofValue: bytes) - count)
            withUnsafeMutableBytes(of: &bytes) { storage in
                UnsafeMutableRawBufferPointer(rebasing: storage[count..<(count + kept)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<kept]))
            }
            count += kept
        }
    }

    /// The general case, from the standard library's text of the double, which prints the shortest
    /// round-trip digits closest to the value (the same rule as ECMA-262's note 2 and V8); only
    /// the layout differs, so the digits and exponent are taken from it and laid out anew.
    private static func decimalFromStandardLibrary(_ magnitude: Double) -> ShortestDecimal {
        // The text is `digits[.digits][e±digits]`; its value is 0.D × 10^(integer digits + e),
        // where D is all digits in order. Leading zeros of D each lower the exponent by one.
        var significand: UInt64 = 0
        var digitCount = 0
        var integerDigits = 0
        var leadingZeros = 0
        var seenPoint = false
        var exponent = 0
        var exponentIsNegative = false
        var inExponent = false
        // The longest text is 24 bytes (`2.2250738585072014e-308`), within the capture's 32.
        var capture = DigitCapture()
        magnitude.write(to: &capture)
        withUnsafeBytes(of: capture.bytes) { text in
            for byte in text[..<capture.count] {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let digit = UInt64(byte - UInt8(ascii: "0"))
                    if inExponent {
                        exponent = exponent * 10 + Int(digit)
                        continue
                    }
                    if !seenPoint { integerDigits += 1 }
                    if significand == 0, digit == 0 {
                        leadingZeros += 1
                    } else {
                        significand = significand * 10 + digit
                        digitCount += 1
                    }
                case UInt8(ascii: "."):
                    seenPoint = true
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    inExponent = true
                case UInt8(ascii: "-"):
                    exponentIsNegative = true
                default:
                    continue  // "+"
                }
            }
        }
        while significand % 10 == 0 {
            significand /= 10
            digitCount -= 1
        }
        let decimalExponent = integerDigits - leadingZeros + (exponentIsNegative ? -exponent : exponent)
        return ShortestDecimal(significand: significand, digitCount: digitCount, exponent: decimalExponent)
    }
}
