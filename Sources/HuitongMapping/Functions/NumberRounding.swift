/// Rounding and decimal places of numbers as people read them: by their shortest decimal
/// form, not by their binary value.
///
/// `2.675` is stored as 2.67499999999999982236431605997495353221893310546875, so rounding
/// the binary value to two decimals gives 2.67, while everyone who reads `2.675` in the source
/// (and the other parties' tools that round decimal text) expects 2.68. The mapping agreement
/// rounds coordinates to 6 decimals, areas to 2 and readings to 1, half away from zero; these
/// functions do that on the digits of the shortest representation that reads back as the same
/// double (Swift's `description`, which is exactly that), so the result does not depend on
/// binary noise.
enum NumberFunctions {
    /// `value` rounded half away from zero to `decimals` places (negative counts as 0):
    /// 2.675 → 2.68, 1.005 → 1.01, −2.5 → −3 at 0 places. A value that already has at most
    /// `decimals` places is returned unchanged; non-finite values too. Never returns −0.
    static func rounded(_ value: Double, toDecimals decimals: Int) -> Double {
        guard value.isFinite, value != 0 else { return value == 0 ? 0 : value }
        let places = max(0, decimals)
        // The usual case, a value that already has at most `places` decimals, proved without
        // writing its shortest form (see `DecimalPlaces.count(of:exceeds:)` for why this holds).
        if places < DecimalScanner.powersOfTen.count {
            let scale = DecimalScanner.powersOfTen[places]
            let scaled = (value * scale).rounded()
            if scaled.magnitude < 9_007_199_254_740_992, scaled / scale == value { return value }
        }
        let (significand, exponent) = shortestDecimal(ofMagnitude: value.magnitude)
        if exponent >= -places { return value }
        let dropped = -places - exponent  // digits to remove from the significand, at least 1
        var kept: UInt64 = 0
        if dropped <= 19 {  // 10^19 still fits UInt64; beyond it every digit goes
            var divisor: UInt64 = 1
            for _ in 0..<dropped { divisor *= 10 }
            kept = significand / divisor
            if significand % divisor >= divisor / 2 { kept += 1 }
        }
        if kept == 0 { return 0 }
        let magnitude: Double
        if kept <= 1 << 53, places <= 22 {
            magnitude = Double(kept) / DecimalScanner.powersOfTen[places]  // one correctly rounded division
        } else {
            magnitude = Double(String(kept) + "e-" + String(places)) ?? value.magnitude
        }
        return value < 0 ? -magnitude : magnitude
    }

    /// How many decimal places `value` has in its shortest form: 0 for 3 and 3.0, 2 for 0.25,
    /// 7 for 1e-7. For "at most N decimals" checks. Non-finite values have none.
    static func decimalPlaces(of value: Double) -> Int {
        guard value.isFinite, value != 0 else { return 0 }
        return max(0, -shortestDecimal(ofMagnitude: value.magnitude).exponent)
    }

    /// Fails when `value` has more than `maximum` decimal places.
    static func requireAtMostDecimals(_ value: Double, _ maximum: Int) throws(StepFailure) {
        let places = decimalPlaces(of: value)
        guard places <= maximum else {
            throw StepFailure("\(text(of: value)) has \(places) decimal places; at most \(maximum) are allowed")
        }
    }

    /// The shortest decimal that reads back as `magnitude` (finite, positive), as an integer
    /// significand without trailing zeros and a power of ten.
    static func shortestDecimal(ofMagnitude magnitude: Double) -> (significand: UInt64, exponent: Int) {
        // `description` is the shortest round-trip form: "2.675", "1e-05", "1.2345e+17", "100.0";
        // at most 17 significant digits, so the significand fits.
        var significand: UInt64 = 0
        var exponent = 0
        var inFraction = false
        var inExponent = false
        var exponentSign = 1
        var exponentValue = 0
        for byte in magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                if inExponent {
                    exponentValue = exponentValue * 10 + digit
                } else {
                    significand = significand &* 10 &+ UInt64(digit)
                    if inFraction { exponent -= 1 }
                }
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break
            }
        }
        exponent += exponentSign * exponentValue
        while significand != 0, significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        return (significand, exponent)
    }

    /// A number as people and ECMAScript (`Number.prototype.toString`) write it: `3300`, `2.5`,
    /// `0.000001`, `1e-7`, never `3300.0`. For messages and templates.
    static func text(of value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        if value == 0 { return "0" }
        let (significand, exponent) = shortestDecimal(ofMagnitude: value.magnitude)
        let digits = String(significand)
        let count = digits.count
        let point = count + exponent  // the value is 0.d1…dk × 10^point (ECMA-262's n)
        var text = value < 0 ? "-" : ""
        if count <= point && point <= 21 {
            text += digits + String(repeating: "0", count: point - count)
        } else if 0 < point && point <= 21 {
            text += digits.prefix(point) + "." + digits.dropFirst(point)
        } else if -6 < point && point <= 0 {
            text += "0." + String(repeating: "0", count: -point) + digits
        } else {
            text += digits.prefix(1) + (count > 1 ? "." + digits.dropFirst() : "")
            text += "e" + (point - 1 >= 0 ? "+" : "-") + String((point - 1).magnitude)
        }
        return text
    }
}

/// The `range` step, compiled: a check that a number lies within bounds, each inclusive or
/// exclusive (mapping agreement: temperatures −40..80 °C, humidity 0..100 %RH, areas > 0).
struct NumberRange: Sendable, Equatable {
    /// One end of the range.
    struct Bound: Sendable, Equatable {
        var value: Double
        /// Whether `value` itself is allowed.
        var isInclusive: Bool

        static func inclusive(_ value: Double) -> Bound { Bound(value: value, isInclusive: true) }
        static func exclusive(_ value: Double) -> Bound { Bound(value: value, isInclusive: false) }
    }

    let lower: Bound?
    let upper: Bound?

    /// Compiles the bounds: at least one, finite, and not excluding every number.
    init(lower: Bound? = nil, upper: Bound? = nil) throws(StepFailure) {
        guard lower != nil || upper != nil else { throw StepFailure("range needs a minimum, a maximum or both") }
        for bound in [lower, upper].compactMap({ $0 }) where !bound.value.isFinite {
            throw StepFailure("range bounds must be finite numbers")
        }
        if let lower, let upper {
            let empty = lower.value > upper.value
                || (lower.value == upper.value && !(lower.isInclusive && upper.isInclusive))
            guard !empty else {
                throw StepFailure("range admits no number: minimum \(NumberFunctions.text(of: lower.value)) "
                    + "and maximum \(NumberFunctions.text(of: upper.value))")
            }
        }
        self.lower = lower
        self.upper = upper
    }

    /// Fails when `value` is outside the range, saying which bound it broke. Integers are
    /// checked as `Double(value)`, exact up to 2^53, far beyond any bound a mapping sets.
    func check(_ value: Double) throws(StepFailure) {
        guard !value.isNaN else { throw StepFailure("not a number: NaN") }
        // Computed, not stored: formatting the number costs more than the comparisons, and
        // nearly every value is in range, so the text is made only for a message.
        var shown: String { NumberFunctions.text(of: value) }
        if let lower {
            if lower.isInclusive, value < lower.value {
                throw StepFailure("\(shown) is below the minimum \(NumberFunctions.text(of: lower.value))")
            }
            if !lower.isInclusive, value <= lower.value {
                throw StepFailure("\(shown) is not above \(NumberFunctions.text(of: lower.value))")
            }
        }
        if let upper {
            if upper.isInclusive, value > upper.value {
                throw StepFailure("\(shown) is above the maximum \(NumberFunctions.text(of: upper.value))")
            }
            if !upper.isInclusive, value >= upper.value {
                throw StepFailure("\(shown) is not below \(NumberFunctions.text(of: upper.value))")
            }
        }
    }
}
