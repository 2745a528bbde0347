extension JSONParser {
    /// An error at `offset` (relative to the parsed bytes); the public readers add the place.
    @inline(never)
    func error(_ code: JSONError.Code, at offset: Int, _ message: String) -> JSONError {
        JSONError(code: code, message: message, byteOffset: offset)
    }

    /// Names the character at `offset` the way an operator would recognise it: `','`, `a space`,
    /// `'，' (U+FF0C)` for the full-width comma a Chinese input method slips in, or the byte's
    /// hex value when it is not valid UTF-8.
    func describeByte(at offset: Int, quoted: Bool = true) -> String {
        guard offset < count else { return "the end of the text" }
        let byte = bytes[offset]
        switch byte {
        case 0x20:
            return "a space"
        case 0x21...0x7E:
            let character = String(UnicodeScalar(byte))
            return quoted ? "'\(character)'" : character
        case 0x00..<0x20, 0x7F:
            return "control character U+00\(JSONParser.hex(UInt16(byte)).suffix(2))"
        default:
            let available = min(4, count - offset)
            let slice = UnsafeBufferPointer(start: bytes + offset, count: available)
            if let scalar = String(decoding: slice, as: UTF8.self).unicodeScalars.first,
               scalar != "\u{FFFD}" || (available >= 3 && slice[0] == 0xEF && slice[1] == 0xBF && slice[2] == 0xBD) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                return quoted ? "'\(scalar)' (U+\(padded))" : "\(scalar)"
            }
            return "byte 0x\(JSONParser.hex(UInt16(byte)).suffix(2))"
        }
    }
}
