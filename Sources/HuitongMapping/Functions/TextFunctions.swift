/// The text steps that need no compiled arguments: `trim`, `upper`, `lower`, `digits`, `cut`.
///
/// Every function returns its input unchanged, without allocating, when there is nothing to
/// do, which is the common case for clean source data; see ``TextRemoval``, ``TextMask``,
/// ``TextPattern`` and ``TextTemplate`` for the steps with arguments.
enum TextFunctions {
    /// `text` without white space at either end: every Unicode `White_Space` character
    /// (which includes U+3000 IDEOGRAPHIC SPACE, U+00A0 and the U+2000 spaces, as the mapping
    /// agreement's "including U+3000" asks) and U+FEFF, the byte-order mark that spreadsheet
    /// exports leave at the start of the first cell.
    static func trimmed(_ text: String) -> String {
        // On the bytes from the start: a text with nothing to trim, the usual case, costs a
        // look at each end (ASCII or Chinese alike) and is returned as it is.
        UTF8Search.withBytes(of: text) { bytes in
            var start = 0
            var end = bytes.count
            while start < end, let width = trimmedWidth(bytes, at: start, upTo: end) {
                start += width
            }
            while start < end, let width = trimmedWidthBefore(bytes, end: end, from: start) {
                end -= width
            }
            if start == 0 && end == bytes.count { return text }
            return UTF8Search.string(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    /// Whether `text` is not empty and ``trimmed(_:)`` would return it as it is, answered from
    /// its first and last bytes alone: no character it removes starts with a byte other than
    /// 09–0D, 20, C2, E1–E3 or EF, or ends with one other than 09–0D, 20, 80–8A, 9F, A0, A8,
    /// A9, AF or BF. A false answer only means the full check must run.
    @inline(__always)
    static func hasNothingToTrim(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        let startsClean = first > 0x20 && first < 0x80 || (first >= 0xE4 && first != 0xEF) || (first >= 0xC3 && first <= 0xE0)
        guard startsClean else { return false }
        switch last {
        case 0x09...0x0D, 0x20, 0x80...0x8A, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF, 0xBF: return false
        default: return true
        }
    }

    /// The UTF-8 length of the character at `position` when ``trimmed(_:)`` removes it.
    ///
    /// Byte patterns of every `White_Space` character (Unicode 15: U+0009–000D, U+0020, U+0085,
    /// U+00A0, U+1680, U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000) and of U+FEFF;
    /// a test checks them against ``isTrimmed(_:)`` for every scalar.
    @inline(__always)
    private static func trimmedWidth(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, upTo end: Int) -> Int? {
        let lead = bytes[position]
        if lead < 0x80 { return isASCIIWhiteSpace(lead) ? 1 : nil }
        // Chinese text starts with E4–E9, which starts none of them.
        if lead != 0xC2 && (lead < 0xE1 || lead > 0xE3) && lead != 0xEF { return nil }
        let remaining = end - position
        if lead == 0xC2, remaining >= 2 {
            return bytes[position + 1] == 0x85 || bytes[position + 1] == 0xA0 ? 2 : nil
        }
        guard remaining >= 3 else { return nil }
        let second = bytes[position + 1], third = bytes[position + 2]
        switch lead {
        case 0xE1: return second == 0x9A && third == 0x80 ? 3 : nil                       // U+1680
        case 0xE2:
            if second == 0x80 {
                return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : nil  // U+2000–200A, 2028, 2029, 202F
            }
            return second == 0x81 && third == 0x9F ? 3 : nil                               // U+205F
        case 0xE3: return second == 0x80 && third == 0x80 ? 3 : nil                       // U+3000
        case 0xEF: return second == 0xBB && third == 0xBF ? 3 : nil                       // U+FEFF
        default: return nil
        }
    }

    /// The UTF-8 length of the character ending at `end` when ``trimmed(_:)`` removes it.
    @inline(__always)
    private static func trimmedWidthBefore(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, from start: Int) -> Int? {
        let last = bytes[end - 1]
        if last < 0x80 { return isASCIIWhiteSpace(last) ? 1 : nil }
        // The last bytes of the characters above: most Chinese characters end otherwise, and
        // are passed without stepping back to their first byte.
        switch last {
        case 0x80...0x8A, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF, 0xBF: break
        default: return nil
        }
        // Step back over continuation bytes (at most three) to the lead byte.
        var lead = end - 1
        while lead > start, end - lead < 4, bytes[lead] & 0xC0 == 0x80 {
            lead -= 1
        }
        guard let width = trimmedWidth(bytes, at: lead, upTo: end), lead + width == end else { return nil }
        return width
    }

    /// Whether ``trimmed(_:)`` removes `scalar` from the ends of a text.
    static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIWhiteSpace(UInt8(truncatingIfNeeded: scalar.value)) }
        return scalar.value == 0xFEFF || scalar.properties.isWhitespace
    }

    /// Upper case by the Unicode default case mapping (`ß` becomes `SS`); locale-independent.
    static func uppercased(_ text: String) -> String {
        let unchanged = UTF8Search.withBytes(of: text) { bytes in
            !bytes.contains { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 >= 0x80 }
        }
        return unchanged ? text : text.uppercased()
    }

    /// Lower case by the Unicode default case mapping; locale-independent.
    static func lowercased(_ text: String) -> String {
        let unchanged = UTF8Search.withBytes(of: text) { bytes in
            !bytes.contains { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 >= 0x80 }
        }
        return unchanged ? text : text.lowercased()
    }

    /// Only the ASCII digits 0–9 of `text`, in order: `138-1234 5678` becomes `13812345678`.
    /// Full-width and other digits are dropped like any other character, so that the result
    /// is always plain ASCII for identifiers and phone numbers.
    static func digits(_ text: String) -> String {
        UTF8Search.withBytes(of: text) { bytes in
            if !bytes.contains(where: { !isASCIIDigit($0) }) { return text }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var count = 0
                for byte in bytes where isASCIIDigit(byte) {
                    buffer[count] = byte
                    count += 1
                }
                return count
            }
        }
    }

    /// The first `limit` characters (grapheme clusters, as an operator counts them) of `text`;
    /// the whole text when it is shorter. The agreement's "cut to 100 characters" for event
    /// titles must not split an emoji or a letter with its accent.
    static func cut(_ text: String, toCharacters limit: Int) -> String {
        guard limit > 0 else { return "" }
        // A character takes at least one byte, so a text of at most `limit` bytes fits.
        if text.utf8.count <= limit { return text }
        guard let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex) else {
            return text
        }
        return String(text[..<end])
    }

    @inline(__always)
    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Tab, line feed, vertical tab, form feed, carriage return and space: the ASCII
    /// characters with the Unicode `White_Space` property.
    @inline(__always)
    static func isASCIIWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}

/// The `remove` step, compiled: deletes every occurrence of each listed text, one text after
/// the other in the listed order (so removing `["-", " "]` from `138 - 1234` gives `1381234`).
///
/// Occurrences are found by Unicode scalars, as in JSON and Python (see ``UTF8Search``).
struct TextRemoval: Sendable {
    /// The texts to remove, as UTF-8, in order.
    private let needles: [[UInt8]]

    /// Compiles the list; an empty list or an empty text in it is refused, because it would
    /// remove nothing and is surely a mistake in the mapping.
    init(removing texts: [String]) throws(StepFailure) {
        guard !texts.isEmpty else { throw StepFailure("remove needs at least one text to remove") }
        for text in texts where text.isEmpty {
            throw StepFailure("remove cannot remove an empty text")
        }
        needles = texts.map { Array($0.utf8) }
    }

    /// `text` with every listed text removed.
    func apply(to text: String) -> String {
        var current = text
        for needle in needles {
            let removed: String? = needle.withUnsafeBufferPointer { needle in
                UTF8Search.withBytes(of: current) { bytes in
                    guard var found = UTF8Search.firstOffset(of: needle, in: bytes) else { return nil }
                    return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                        var written = 0
                        var copied = 0
                        while true {
                            for index in copied..<found {
                                buffer[written] = bytes[index]
                                written += 1
                            }
                            copied = found + needle.count
                            guard let next = UTF8Search.firstOffset(of: needle, in: bytes, from: copied) else { break }
                            found = next
                        }
                        for index in copied..<bytes.count {
                            buffer[written] = bytes[index]
                            written += 1
                        }
                        return written
                    }
                }
            }
            if let removed { current = removed }
        }
        return current
    }
}

/// The `mask` step, compiled: hides the middle of a value, keeping `keepStart` characters at
/// the start and `keepEnd` at the end, so `13812345678` becomes `138****5678` for the city
/// platform's phone field (mapping agreement, rescue teams).
struct TextMask: Sendable {
    let keepStart: Int
    let keepEnd: Int
    /// Written once for each hidden character.
    let maskText: String

    /// Compiles the arguments; counts must not be negative and the mask text not empty.
    init(keepStart: Int, keepEnd: Int, with maskText: String = "*") throws(StepFailure) {
        guard keepStart >= 0, keepEnd >= 0 else {
            throw StepFailure("mask keep_start and keep_end must not be negative (got \(keepStart) and \(keepEnd))")
        }
        guard !maskText.isEmpty else { throw StepFailure("mask needs a non-empty text to mask with") }
        self.keepStart = keepStart
        self.keepEnd = keepEnd
        self.maskText = maskText
    }

    /// `text` with its middle hidden. Fails when nothing would be hidden: a value too short to
    /// mask is not a real phone number, and passing it on unmasked would leak it. The message
    /// never repeats the value, which is personal data.
    func apply(to text: String) throws(StepFailure) -> String {
        let count = text.count
        let hidden = count - keepStart - keepEnd
        guard hidden >= 1 else {
            throw StepFailure(
                "too short to mask: \(count) characters, needs at least \(keepStart + keepEnd + 1) "
                    + "(keep_start \(keepStart) + keep_end \(keepEnd) + 1)")
        }
        let startEnd = text.index(text.startIndex, offsetBy: keepStart)
        let endStart = text.index(text.endIndex, offsetBy: -keepEnd)
        var result = String(text[..<startEnd])
        result.reserveCapacity(text.utf8.count + hidden * maskText.utf8.count)
        for _ in 0..<hidden {
            result += maskText
        }
        result += text[endStart...]
        return result
    }
}
