#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONParser {
    /// Parses the object key that starts at the opening quote under `position`: keys of up to
    /// ``JSONKeyCache/maximumLength`` bytes without escapes come from the workspace's key cache,
    /// all others are parsed as strings.
    ///
    /// - Returns: the key, and its fingerprint from the cache (0 for a key parsed as a string),
    ///   which the duplicate check compares before it compares texts.
    mutating func parseKey() throws(JSONError) -> (key: String, fingerprint: UInt64) {
        let start = position + 1
        // The closing quote may follow the longest cached key.
        let limit = min(count, start + JSONKeyCache.maximumLength + 1)
        var end = start
        var highBits: UInt8 = 0
        // Eight bytes at a time while none is a quote, backslash or control character.
        var wideHighBits: UInt64 = 0
        while end + 8 <= limit {
            let word = UnsafeRawPointer(bytes + end).loadUnaligned(as: UInt64.self)
            if JSONStringLiteral.wordNeedsAttention(word) { break }
            wideHighBits |= word
            end += 8
        }
        if wideHighBits & 0x8080_8080_8080_8080 != 0 { highBits = 0x80 }
        while end < limit {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                let length = end - start
                let words = JSONKeyCache.Words(bytes + start, count: length, readableUpTo: bytes + count)
                let fingerprint = words.fingerprint(length: length)
                let content = UnsafeBufferPointer(start: bytes + start, count: length)
                guard let key = workspace.keys.key(words: words, fingerprint: fingerprint, isASCII: highBits < 0x80, bytes: content) else {
                    break  // not valid UTF-8: the string parser reports where
                }
                position = end + 1
                return (key, fingerprint)
            }
            guard byte >= 0x20, byte != UInt8(ascii: "\\") else { break }
            highBits |= byte
            end += 1
        }
        return (try parseString(), 0)
    }

    /// Parses the string that starts at the opening quote under `position`.
    ///
    /// Fast path: a string without escapes becomes a `String` straight from the input bytes, eight
    /// bytes scanned per step. Strings of up to 15 UTF-8 bytes (most keys and codes) are stored
    /// inline by Swift and cost no allocation.
    mutating func parseString() throws(JSONError) -> String {
        let quoteOffset = position
        position += 1
        let start = position
        var highBits: UInt64 = 0
        while true {
            while position + 8 <= count {
                let word = UnsafeRawPointer(bytes + position).loadUnaligned(as: UInt64.self)
                if JSONStringLiteral.wordNeedsAttention(word) { break }
                highBits |= word
                position += 8
            }
            guard position < count else {
                throw error(.unexpectedEndOfInput, at: quoteOffset,
                            "the string that starts here has no closing '\"'")
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(start: bytes + start, count: position - start)
                position += 1
                return try makeString(content, isASCII: highBits & 0x8080_8080_8080_8080 == 0)
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(contentStart: start, quoteOffset: quoteOffset)
            }
            if byte < 0x20 {
                throw controlCharacterError(byte)
            }
            highBits |= UInt64(byte)
            position += 1
        }
    }

    private func makeString(_ content: UnsafeBufferPointer<UInt8>, isASCII: Bool) throws(JSONError) -> String {
        let string = String(decoding: content, as: UTF8.self)
        // `String(decoding:)` validates as it copies and repairs what is invalid, so the text
        // was valid exactly when the string holds the input's bytes unchanged: one validating
        // pass and a memcmp, where a separate check (or `String(validating:)`, twice as slow
        // as `String(decoding:)` on this toolchain) costs a second pass.
        if isASCII || JSONParser.holdsUnchanged(string, content) {
            return string
        }
        guard let invalid = JSONParser.firstInvalidUTF8Offset(in: content) else {
            return string
        }
        let contentStart = content.baseAddress! - bytes
        throw error(.invalidUTF8, at: contentStart + invalid,
                    "\(describeByte(at: contentStart + invalid)) is not valid UTF-8; the file must be saved as UTF-8 (not GBK or Latin-1)")
    }

    /// The slow path, from the first backslash on: unescape into the workspace's byte buffer.
    private mutating func parseEscapedString(contentStart: Int, quoteOffset: Int) throws(JSONError) -> String {
        workspace.stringBytes.removeAll(keepingCapacity: true)
        workspace.stringBytes.append(contentsOf: UnsafeBufferPointer(start: bytes + contentStart, count: position - contentStart))
        var isASCII = workspace.stringBytes.allSatisfy { $0 < 0x80 }
        while position < count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                if isASCII {
                    return String(decoding: workspace.stringBytes, as: UTF8.self)
                }
                if let string = String(validating: workspace.stringBytes, as: UTF8.self) {
                    return string
                }
                // Escapes only ever produce complete UTF-8 sequences, so the invalid bytes are
                // in the raw input and can be located there.
                let raw = UnsafeBufferPointer(start: bytes + contentStart, count: position - 1 - contentStart)
                let invalid = contentStart + (JSONParser.firstInvalidUTF8Offset(in: raw) ?? 0)
                throw error(.invalidUTF8, at: invalid,
                            "\(describeByte(at: invalid)) is not valid UTF-8; the file must be saved as UTF-8 (not GBK or Latin-1)")
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw controlCharacterError(byte)
            default:
                if byte >= 0x80 { isASCII = false }
                workspace.stringBytes.append(byte)
                position += 1
            }
        }
        throw error(.unexpectedEndOfInput, at: quoteOffset, "the string that starts here has no closing '\"'")
    }

    /// Decodes the escape under `position` (at the backslash) into the workspace's byte buffer.
    private mutating func parseEscape() throws(JSONError) {
        let escapeOffset = position
        position += 1
        guard position < count else {
            throw error(.unexpectedEndOfInput, at: escapeOffset, "the text ends inside an escape sequence")
        }
        let letter = bytes[position]
        position += 1
        let decoded: UInt8
        switch letter {
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            appendUTF8(try parseUnicodeEscape(escapeOffset: escapeOffset))
            return
        default:
            throw error(.invalidEscape, at: escapeOffset,
                        "unknown escape '\\\(describeByte(at: escapeOffset + 1, quoted: false))'; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        }
        workspace.stringBytes.append(decoded)
    }

    /// Decodes `\uXXXX` (and the low half of a surrogate pair after it) with `position` just
    /// after the `u`. Lone surrogates are rejected: they are not characters, and a string holding
    /// one could not be written back as valid UTF-8.
    private mutating func parseUnicodeEscape(escapeOffset: Int) throws(JSONError) -> Unicode.Scalar {
        let unit = try parseHexQuad(escapeOffset: escapeOffset)
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw loneSurrogateError(unit, at: escapeOffset, "is not followed by a low-surrogate escape (\\uDC00 to \\uDFFF)")
            }
            let lowOffset = position
            position += 2
            let low = try parseHexQuad(escapeOffset: lowOffset)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw loneSurrogateError(unit, at: escapeOffset, "is followed by \\u\(JSONParser.hex(low)), which is not a low surrogate")
            }
            let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            return Unicode.Scalar(value)!  // always in U+10000...U+10FFFF
        case 0xDC00...0xDFFF:
            throw loneSurrogateError(unit, at: escapeOffset, "is a low surrogate without a high surrogate before it")
        default:
            return Unicode.Scalar(unit)!  // not a surrogate, so a valid scalar
        }
    }

    private mutating func parseHexQuad(escapeOffset: Int) throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < count else {
                throw error(.unexpectedEndOfInput, at: escapeOffset, "the text ends inside a \\u escape")
            }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error(.invalidEscape, at: escapeOffset,
                            "a \\u escape needs four hexadecimal digits; found \(describeByte(at: position))")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { workspace.stringBytes.append($0) }
    }

    private func controlCharacterError(_ byte: UInt8) -> JSONError {
        let named: [UInt8: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        let escape = named[byte] ?? "\\u00\(JSONParser.hex(UInt16(byte)).suffix(2))"
        return error(.controlCharacterInString, at: position,
                     "control character U+00\(JSONParser.hex(UInt16(byte)).suffix(2)) inside a string; it must be written as \(escape)")
    }

    private func loneSurrogateError(_ unit: UInt16, at offset: Int, _ problem: String) -> JSONError {
        error(.loneSurrogate, at: offset,
              "\\u\(JSONParser.hex(unit)) \(problem); a lone UTF-16 surrogate is not a character (the producer split a character or wrote garbage)")
    }

    /// Four upper-case hex digits.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Whether `string`'s UTF-8 is exactly `bytes`.
    @inline(__always)
    static func holdsUnchanged(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
    /// (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8Offset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            for continuation in 1..<length {
                guard index + continuation < bytes.count else { return index }
                let range = continuation == 1 ? secondRange : 0x80...0xBF
                guard range.contains(bytes[index + continuation]) else { return index }
            }
            index += length
        }
        return nil
    }
}
