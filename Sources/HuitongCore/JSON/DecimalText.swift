/// Decimal digits of integers, written straight into the output without a `String` in between.
enum DecimalText {
    /// 10^0 … 10^22: the powers of ten a `Double` holds exactly, the basis of both exact
    /// conversions (Clinger's fast path when reading, the shortest-digits fast path when writing).
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Writes `value` in decimal, with a leading `-` when negative. Exact for all of `Int64`.
    @inline(__always)
    static func write(_ value: Int64, to sink: inout ByteSink) {
        sink.writeInPlace(maximum: 20) { start in
            if value < 0 {
                start[0] = UInt8(ascii: "-")
                return 1 + writeDigits(of: value.magnitude, at: start + 1)
            }
            return writeDigits(of: value.magnitude, at: start)
        }
    }

    /// Writes the decimal digits of `value` (no leading zeros, "0" for zero) at `start`.
    ///
    /// - Returns: how many digits were written, at most 20.
    @inline(__always)
    static func writeDigits(of value: UInt64, at start: UnsafeMutablePointer<UInt8>) -> Int {
        let count = digitCount(value)
        var remaining = value
        var index = count
        repeat {
            index -= 1
            let (quotient, remainder) = remaining.quotientAndRemainder(dividingBy: 10)
            start[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remainder)
            remaining = quotient
        } while index > 0
        return count
    }

    /// The number of decimal digits in `value` (1 for zero).
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var threshold: UInt64 = 10
        while value >= threshold {
            count += 1
            if count == 20 { break }  // 10^19 ≤ value: 20 digits, and 10^20 would overflow
            threshold &*= 10
        }
        return count
    }
}
