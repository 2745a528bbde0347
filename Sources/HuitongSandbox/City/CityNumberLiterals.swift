import HuitongCore

/// The numbers of a batch body as written, for the contract's "at most 6 decimals" (§3.4).
///
/// The JSON reader keeps a number's value, not its text, so `31.1000000` (seven decimals as
/// written) would read as `31.1`. This scanner walks the body once more and collects, for each
/// top-level array element that is an object, its number members' literal text. It runs only
/// on bodies the reader has already accepted, and stops quietly at anything unexpected.
enum CityNumberLiterals {
    /// One dictionary per element of the top-level array (empty for elements that are not
    /// objects): member name → number literal.
    static func scan(_ body: [UInt8]) -> [[String: String]] {
        var scanner = Scanner(bytes: body)
        return scanner.topLevelArray()
    }

    /// Decimal places of a JSON number literal: fraction digits less the exponent, never
    /// below zero (`1.25` → 2, `31.1000000` → 7, `1.5e1` → 0, `15e-3` → 3).
    static func decimalPlaces(of literal: String) -> Int {
        let parts = literal.split(omittingEmptySubsequences: false) { $0 == "e" || $0 == "E" }
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1].hasPrefix("+") ? parts[1].dropFirst() : parts[1]) ?? 0 : 0
        let fractionDigits = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        let clampedExponent = max(-1_000_000, min(1_000_000, exponent))
        return max(0, fractionDigits - clampedExponent)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        private var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

        private mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func topLevelArray() -> [[String: String]] {
            var elements: [[String: String]] = []
            skipWhitespace()
            guard current == UInt8(ascii: "[") else { return elements }
            position += 1
            while position < bytes.count {
                skipWhitespace()
                if current == UInt8(ascii: "]") { break }
                if current == UInt8(ascii: "{") {
                    elements.append(objectNumbers())
                } else {
                    skipValue()
                    elements.append([:])
                }
                skipWhitespace()
                guard current == UInt8(ascii: ",") else { break }
                position += 1
            }
            return elements
        }

        private mutating func objectNumbers() -> [String: String] {
            var numbers: [String: String] = [:]
            position += 1  // {
            while position < bytes.count {
                skipWhitespace()
                if current == UInt8(ascii: "}") { position += 1; break }
                guard current == UInt8(ascii: "\""), let key = string() else { break }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { break }
                position += 1
                skipWhitespace()
                if current == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(current) {
                    let start = position
                    skipScalar()
                    numbers[key] = String(decoding: bytes[start..<position], as: UTF8.self)
                } else {
                    skipValue()
                }
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1 }
            }
            return numbers
        }

        /// Reads a string token at `position` and returns it decoded.
        private mutating func string() -> String? {
            let start = position
            var escaped = false
            position += 1
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                if bytes[position] == UInt8(ascii: "\\") {
                    escaped = true
                    position += 1
                }
                position += 1
            }
            guard position < bytes.count else { return nil }
            position += 1
            let token = Array(bytes[start..<position])
            guard escaped else { return String(decoding: token.dropFirst().dropLast(), as: UTF8.self) }
            return (try? JSONReader().value(from: token))?.stringValue
        }

        private mutating func skipValue() {
            switch current {
            case UInt8(ascii: "\""):
                _ = string()
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                var depth = 0
                repeat {
                    switch current {
                    case UInt8(ascii: "\""): _ = string(); continue
                    case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                    default: break
                    }
                    position += 1
                } while depth > 0 && position < bytes.count
            default:
                skipScalar()
            }
        }

        /// Skips a number, `true`, `false` or `null`.
        private mutating func skipScalar() {
            while position < bytes.count,
                  ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
                position += 1
            }
        }
    }
}
