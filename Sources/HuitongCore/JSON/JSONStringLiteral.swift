/// Strings as JSON string literals, escaped the way RFC 8785 prescribes, which is also a good
/// compact form for the plain writer.
///
/// Only `"` and `\` and the C0 control characters are escaped: `\b \t \n \f \r` by name, the
/// others as `\u00xx` with lower-case hex. Everything else, including DEL, non-ASCII text and
/// U+2028/U+2029, is written as its UTF-8 bytes (strings are valid UTF-8 by construction).
enum JSONStringLiteral {
    /// `string` in double quotes, escaped: how messages show keys and values, so that a newline
    /// or a stray quote in the data cannot garble the message.
    static func quoted(_ string: String) -> String {
        var bytes: [UInt8] = []
        ByteSink.appending(to: &bytes) { write(string, to: &$0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `string` in double quotes, escaped.
    @inline(__always)
    static func write(_ string: String, to sink: inout ByteSink) {
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            write(utf8: bytes, to: &sink)
        }
        if written == nil {
            // Only strings bridged from elsewhere lack contiguous UTF-8; copy them once.
            let copy = Array(string.utf8)
            copy.withUnsafeBufferPointer { write(utf8: $0, to: &sink) }
        }
    }

    /// Writes the UTF-8 bytes of a string in double quotes, escaped.
    ///
    /// Runs of bytes that need no escape are copied in one go: in records they are nearly all of them.
    static func write(utf8 bytes: UnsafeBufferPointer<UInt8>, to sink: inout ByteSink) {
        sink.write(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time past the run of bytes that need no escape.
            if index + 8 <= bytes.count,
               !wordNeedsAttention(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            index += 1
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index - 1 {
                sink.write(UnsafeBufferPointer(rebasing: bytes[runStart..<(index - 1)]))
            }
            writeEscape(for: byte, to: &sink)
            runStart = index
        }
        if runStart < bytes.count {
            sink.write(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        sink.write(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes is `"`, `\` or a control character, so the byte loop must
    /// look at them: the bytes a string literal escapes, and the bytes that end a string being read.
    /// May report a false positive (the byte loop then finds nothing), never a false negative.
    /// Non-ASCII bytes need no attention: they are written as they are and validated as a whole.
    @inline(__always)
    static func wordNeedsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let zeroQuote = (quotes &- ones) & ~quotes
        let zeroBackslash = (backslashes &- ones) & ~backslashes
        let belowSpace = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | belowSpace) & highs != 0
    }

    private static func writeEscape(for byte: UInt8, to sink: inout ByteSink) {
        sink.write(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): sink.write(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): sink.write(UInt8(ascii: "\\"))
        case 0x08: sink.write(UInt8(ascii: "b"))
        case 0x09: sink.write(UInt8(ascii: "t"))
        case 0x0A: sink.write(UInt8(ascii: "n"))
        case 0x0C: sink.write(UInt8(ascii: "f"))
        case 0x0D: sink.write(UInt8(ascii: "r"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            sink.write("u00")
            sink.write(hexDigits.utf8Start[Int(byte >> 4)])
            sink.write(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
