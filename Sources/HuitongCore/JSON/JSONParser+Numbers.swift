extension JSONParser {
    /// Parses the number under `position`.
    ///
    /// An integer literal (no fraction, no exponent) that fits `Int64` becomes `.integer`, exactly.
    /// Anything else becomes a correctly rounded `.double`: by Clinger's fast path when the decimal
    /// significand fits in 53 bits and the decimal exponent is within ±22 (both operands are then
    /// exact, and one IEEE multiplication or division rounds once, correctly), otherwise by the
    /// standard library's correctly rounded conversion. Sensor readings like `18.4` take the fast path.
    mutating func parseNumber() throws(JSONError) -> Value {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < count, JSONParser.isDigit(bytes[position]) else {
            if position >= count {
                throw error(.unexpectedEndOfInput, at: position, "the text ends inside a number")
            }
            throw error(.invalidNumber, at: position, "a '-' must be followed by a digit; found \(describeByte(at: position))")
        }

        // The significand's digits, accumulated while they fit; `significandOverflowed` means
        // more digits followed than 19, and only the slow path can handle the number.
        var significand: UInt64 = 0
        var significandOverflowed = false
        var digitsAfterPoint = 0

        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < count, JSONParser.isDigit(bytes[position]) {
                throw error(.invalidNumber, at: start, "numbers may not have leading zeros (\(numberText(from: start)))")
            }
        } else {
            _ = accumulateDigits(into: &significand, overflowed: &significandOverflowed)
        }

        var isInteger = true
        if position < count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < count, JSONParser.isDigit(bytes[position]) else {
                throw error(.invalidNumber, at: start, "a decimal point must be followed by digits (\(numberText(from: start)))")
            }
            digitsAfterPoint = accumulateDigits(into: &significand, overflowed: &significandOverflowed)
        }

        var exponent = 0
        if position < count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            var exponentNegative = false
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < count, JSONParser.isDigit(bytes[position]) else {
                throw error(.invalidNumber, at: start, "an exponent must have digits (\(numberText(from: start)))")
            }
            while position < count, JSONParser.isDigit(bytes[position]) {
                // Saturate: any exponent this large already means 0 or out of range.
                if exponent < 100_000 {
                    exponent = exponent * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                }
                position += 1
            }
            if exponentNegative { exponent = -exponent }
        }

        if isInteger, !significandOverflowed {
            if !negative, significand <= UInt64(Int64.max) {
                return .integer(Int64(significand))
            }
            if negative, significand <= UInt64(Int64.max) + 1 {
                return .integer(Int64(truncatingIfNeeded: 0 &- significand))
            }
        }

        let decimalExponent = exponent - digitsAfterPoint
        if !significandOverflowed, significand <= 1 << 53, abs(decimalExponent) <= 22 {
            let magnitude = Double(significand)
            let power = DecimalText.exactPowersOfTen[abs(decimalExponent)]
            let value = decimalExponent < 0 ? magnitude / power : magnitude * power
            return .double(negative ? -value : value)
        }
        return .double(try convertWithStandardLibrary(from: start))
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Appends the digits under `position` to `significand` until one would overflow it.
    ///
    /// - Returns: how many digits were appended (digits after an overflow are skipped, not counted).
    @inline(__always)
    private mutating func accumulateDigits(into significand: inout UInt64, overflowed: inout Bool) -> Int {
        var appended = 0
        while position < count, JSONParser.isDigit(bytes[position]) {
            if !overflowed {
                let digit = UInt64(bytes[position] &- UInt8(ascii: "0"))
                let (times10, overflow1) = significand.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(digit)
                if overflow1 || overflow2 {
                    overflowed = true
                } else {
                    significand = sum
                    appended += 1
                }
            }
            position += 1
        }
        return appended
    }

    /// The slow, general path: the standard library's `Double(_:)` is correctly rounded and, unlike
    /// `strtod`, does not depend on the C locale's decimal separator. Numbers of up to 15 bytes
    /// become a small (inline) `String`, so this does not allocate for them either.
    private func convertWithStandardLibrary(from start: Int) throws(JSONError) -> Double {
        let text = numberText(from: start)
        guard let value = Double(text), value.isFinite else {
            throw error(.numberOutOfRange, at: start,
                        "\(text) is too large for a double-precision number (the limit is about 1.8e308)")
        }
        return value
    }

    private func numberText(from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + start, count: position - start), as: UTF8.self)
    }
}
