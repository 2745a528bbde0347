/// The XML declaration (`<?xml version="1.0" encoding="…"?>`) that may open a document.
///
/// Read from bytes whose markup is ASCII: UTF-8, any ASCII-compatible encoding, or the UTF-8
/// form of a transcoded document. Only what the encoding step needs is kept: the declared
/// encoding and where its value sits, so that a transcoded document can declare UTF-8 instead.
struct XMLDeclaration: Equatable {
    /// The offset just after the closing `?>`.
    var endOffset: Int
    /// The encoding name as written, when the declaration has one.
    var encoding: String?
    /// The byte range of the encoding name, for ``declaringUTF8(in:)``.
    var encodingRange: Range<Int>?

    /// The declaration that starts at `start`, or nil when the bytes there do not open with one.
    ///
    /// A declaration this reader cannot follow is refused rather than passed on: the encoding
    /// must be known exactly, because the DOCTYPE check reads the same text the parser reads.
    static func read(_ bytes: [UInt8], from start: Int) throws(CAPReadFailure) -> XMLDeclaration? {
        let opening = Array("<?xml".utf8)
        let rest = bytes[min(start, bytes.count)...]
        // A file that is nothing but the start of "<?xml" was cut short, not written without one.
        if rest.count >= 2, rest.count <= opening.count, opening.starts(with: rest) { throw unclosed }
        guard bytes.count > start + opening.count,
              bytes[start..<start + opening.count].elementsEqual(opening),
              isSpace(bytes[start + opening.count])
        else { return nil }  // `<?xml-stylesheet …?>` and the like are processing instructions
        var declaration = XMLDeclaration(endOffset: 0, encoding: nil, encodingRange: nil)
        var offset = start + opening.count
        while true {
            while offset < bytes.count, isSpace(bytes[offset]) { offset += 1 }
            guard offset < bytes.count else { throw unclosed }
            if bytes[offset] == UInt8(ascii: "?") {
                guard offset + 1 < bytes.count else { throw unclosed }
                guard bytes[offset + 1] == UInt8(ascii: ">") else {
                    throw .malformedDeclaration("\"?\" is not followed by \">\"")
                }
                declaration.endOffset = offset + 2
                return declaration
            }
            let (name, valueRange) = try pseudoAttribute(in: bytes, at: &offset)
            guard name == "encoding" else { continue }
            let value = String(decoding: bytes[valueRange], as: UTF8.self)
            guard isEncodingName(bytes[valueRange]) else {
                throw .malformedDeclaration("\"\(value)\" is not an encoding name")
            }
            declaration.encoding = value
            declaration.encodingRange = valueRange
        }
    }

    /// The document with this declaration's encoding changed to UTF-8: for a document that has
    /// been transcoded, so that the parser does not decode it a second time.
    func declaringUTF8(in bytes: [UInt8]) -> [UInt8] {
        guard let encodingRange else { return bytes }
        var rewritten = bytes
        rewritten.replaceSubrange(encodingRange, with: "UTF-8".utf8)
        return rewritten
    }

    /// One `name = "value"` pair; leaves `offset` after the closing quote.
    private static func pseudoAttribute(
        in bytes: [UInt8], at offset: inout Int
    ) throws(CAPReadFailure) -> (name: String, value: Range<Int>) {
        let nameStart = offset
        while offset < bytes.count, isLetter(bytes[offset]) { offset += 1 }
        guard offset < bytes.count else { throw unclosed }
        let name = String(decoding: bytes[nameStart..<offset], as: UTF8.self)
        guard ["version", "encoding", "standalone"].contains(name) else {
            throw .malformedDeclaration("unexpected text at byte \(nameStart + 1)")
        }
        while offset < bytes.count, isSpace(bytes[offset]) { offset += 1 }
        guard offset < bytes.count else { throw unclosed }
        guard bytes[offset] == UInt8(ascii: "=") else { throw .malformedDeclaration("\"=\" expected after \(name)") }
        offset += 1
        while offset < bytes.count, isSpace(bytes[offset]) { offset += 1 }
        guard offset < bytes.count else { throw unclosed }
        guard bytes[offset] == UInt8(ascii: "\"") || bytes[offset] == UInt8(ascii: "'") else {
            throw .malformedDeclaration("the value of \(name) is not quoted")
        }
        let quote = bytes[offset]
        let valueStart = offset + 1
        guard let valueEnd = bytes[valueStart...].firstIndex(of: quote) else { throw unclosed }
        offset = valueEnd + 1
        guard offset < bytes.count else { throw unclosed }
        guard isSpace(bytes[offset]) || bytes[offset] == UInt8(ascii: "?") else {
            throw .malformedDeclaration("space expected after the value of \(name)")
        }
        return (name, valueStart..<valueEnd)
    }

    /// A declaration the bytes end inside of.
    private static let unclosed = CAPReadFailure.malformedDeclaration("it has no closing ?> (the file may be cut short)")

    /// XML's `EncName`: `[A-Za-z] ([A-Za-z0-9._] | '-')*`. Refusing anything else keeps iconv
    /// suffixes such as `//IGNORE` out of the conversion.
    private static func isEncodingName(_ name: ArraySlice<UInt8>) -> Bool {
        guard let first = name.first, isLetter(first) else { return false }
        return name.allSatisfy { byte in
            isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// XML's `S`: space, tab, carriage return, line feed.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
