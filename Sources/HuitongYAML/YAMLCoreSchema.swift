/// The YAML 1.2 core schema: how plain scalars become null, bool, int or float, and
/// what the core tags (`!!int`, `!!bool`, …) accept.
///
/// Written as small hand-rolled matchers rather than regular expressions: the grammar is
/// tiny, and this runs for every plain scalar in every file.
enum YAMLCoreSchema {
    /// The value of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> YAMLScalar.Resolution {
        if let null = null(text) { return null }
        if let bool = bool(text) { return bool }
        if let integer = integer(text) { return integer }
        if let float = float(text) { return float }
        return .string
    }

    /// `~`, `null`, `Null`, `NULL` or empty.
    static func null(_ text: String) -> YAMLScalar.Resolution? {
        switch text {
        case "", "~", "null", "Null", "NULL": .null
        default: nil
        }
    }

    /// Exactly the six spellings the core schema allows.
    static func bool(_ text: String) -> YAMLScalar.Resolution? {
        switch text {
        case "true", "True", "TRUE": .bool(true)
        case "false", "False", "FALSE": .bool(false)
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`; `.integerOutOfRange` when the
    /// digits form an integer that does not fit `Int64`.
    static func integer(_ text: String) -> YAMLScalar.Resolution? {
        let utf8 = Array(text.utf8)
        let radix: Int
        let digits: ArraySlice<UInt8>
        var negative = false
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "o") {
            radix = 8
            digits = utf8[2...]
        } else if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") {
            radix = 16
            digits = utf8[2...]
        } else {
            radix = 10
            let hasSign = utf8.first == UInt8(ascii: "-") || utf8.first == UInt8(ascii: "+")
            negative = utf8.first == UInt8(ascii: "-")
            digits = utf8.dropFirst(hasSign ? 1 : 0)
        }
        guard !digits.isEmpty, digits.allSatisfy({ digitValue($0, radix: radix) != nil }) else {
            return nil
        }
        // Accumulate towards the sign so that Int64.min itself is in range.
        var value: Int64 = 0
        for byte in digits {
            guard let digit = digitValue(byte, radix: radix) else { return nil }
            let shifted = value.multipliedReportingOverflow(by: Int64(radix))
            let next = negative
                ? shifted.partialValue.subtractingReportingOverflow(Int64(digit))
                : shifted.partialValue.addingReportingOverflow(Int64(digit))
            if shifted.overflow || next.overflow { return .integerOutOfRange }
            value = next.partialValue
        }
        return .int(value)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)`,
    /// `\.(nan|NaN|NAN)`.
    static func float(_ text: String) -> YAMLScalar.Resolution? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        guard matchesDecimalFloat(Array(text.utf8)), let value = Double(text) else { return nil }
        return .float(value)
    }

    private static func matchesDecimalFloat(_ utf8: [UInt8]) -> Bool {
        var index = 0
        func skipDigits() -> Int {
            let start = index
            while index < utf8.count, digitValue(utf8[index], radix: 10) != nil { index += 1 }
            return index - start
        }
        func skip(_ characters: String) -> Bool {
            guard index < utf8.count, characters.utf8.contains(utf8[index]) else { return false }
            index += 1
            return true
        }
        _ = skip("+-")
        let integerDigits = skipDigits()
        if skip(".") {
            let fractionDigits = skipDigits()
            // `.5` and `1.` are floats; a lone `.` is not.
            guard integerDigits > 0 || fractionDigits > 0 else { return false }
        } else if integerDigits == 0 {
            return false
        }
        if skip("eE") {
            _ = skip("+-")
            guard skipDigits() > 0 else { return false }
        }
        return index == utf8.count
    }

    private static func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        let value: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }
}
