/// A regular expression that is one character class of ASCII letters and digits repeated a
/// fixed number of times, such as `^[0-9A-HJ-NPQRTUWXY]{18}$` (a unified social credit code):
/// a whole match is then "exactly `count` bytes, each in the class", tested with a byte table.
///
/// Only that narrow form is recognised; anything else (`\d`, negation, set operators, ranges
/// over punctuation, counted ranges like `{2,4}`) gets `nil` and stays with the regex engine.
/// `^` and `$` are optional: a whole match must consume the text, so they change nothing.
struct FixedClassRun: Sendable {
    /// `allowed[byte]` for each ASCII byte.
    private let allowed: [Bool]
    private let count: Int

    /// The run `pattern` spells, or `nil` if it is not of the recognised form.
    init?(_ pattern: String) {
        var bytes = Array(pattern.utf8)[...]
        if bytes.first == UInt8(ascii: "^") { bytes.removeFirst() }
        if bytes.last == UInt8(ascii: "$") { bytes.removeLast() }
        guard bytes.popFirst() == UInt8(ascii: "["), bytes.popLast() == UInt8(ascii: "}"),
              let close = bytes.firstIndex(of: UInt8(ascii: "]")),
              bytes[bytes.index(after: close)...].first == UInt8(ascii: "{") else { return nil }
        let digits = bytes[(close + 2)...]
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(Self.isDigit) else { return nil }
        count = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }

        var allowed = [Bool](repeating: false, count: 128)
        var members = bytes[..<close]
        guard !members.isEmpty else { return nil }
        while let low = members.popFirst() {
            guard Self.isAlphanumeric(low) else { return nil }
            guard members.first == UInt8(ascii: "-") else {
                allowed[Int(low)] = true
                continue
            }
            members.removeFirst()
            // A range joins two letters or digits of one kind, so it never spans punctuation.
            guard let high = members.popFirst(), Self.isAlphanumeric(high), low <= high,
                  Self.kind(of: low) == Self.kind(of: high) else { return nil }
            for byte in low...high { allowed[Int(byte)] = true }
        }
        self.allowed = allowed
    }

    /// Whether the whole of `text` is `count` characters of the class.
    func wholeMatches(_ text: String) -> Bool {
        // The class is ASCII, so a match has exactly `count` bytes, each below 0x80.
        let utf8 = text.utf8
        return utf8.count == count && utf8.allSatisfy { $0 < 0x80 && allowed[Int($0)] }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        kind(of: byte) != nil
    }

    /// 0 for a digit, 1 for an upper-case letter, 2 for a lower-case one, `nil` otherwise.
    private static func kind(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): 0
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"): 2
        default: nil
        }
    }
}
