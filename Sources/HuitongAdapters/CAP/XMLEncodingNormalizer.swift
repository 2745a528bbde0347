/// Brings an XML document to UTF-8 before anything else looks at it.
///
/// XMLParser (libxml2) honours a declared encoding by itself, and on Linux it decodes
/// ISO-8859-1, GB2312, GB18030 and UTF-16 correctly. The adapter decodes first all the same,
/// because the DOCTYPE refusal (``XMLPrologGuard``) must read the same characters the parser
/// reads: a check on raw bytes would not see a `<!DOCTYPE` written in UTF-16, UTF-32 or UTF-7.
/// After this step the parser only ever receives UTF-8 whose declaration, if any, says UTF-8.
///
/// The encoding is found as XML 1.0 Appendix F describes: a byte-order mark or the first
/// characters `<?` tell the family, and the declaration names the encoding within it. No
/// declaration and no byte-order mark means UTF-8.
enum XMLEncodingNormalizer {
    /// The document as UTF-8, without a byte-order mark.
    static func utf8Document(from bytes: [UInt8]) throws(CAPReadFailure) -> [UInt8] {
        switch EncodingFamily(detectedIn: bytes) {
        case .utf8(let byteOrderMarkLength):
            let body = Array(bytes.dropFirst(byteOrderMarkLength))
            let declaration = try XMLDeclaration.read(body, from: 0)
            guard let name = declaration?.encoding, !isUTF8(name) else {
                try validateUTF8(body)
                return body
            }
            if byteOrderMarkLength > 0 {
                throw .encoding("the file starts with a UTF-8 byte-order mark but declares \"\(name)\"")
            }
            if isUTF16(name) || isUTF32(name) {
                throw .encoding("the file declares \"\(name)\" but is not written in it (no byte-order mark, "
                    + "and \"<?xml\" is in single bytes)")
            }
            return try transcode(body, from: name, declared: name, countingLines: true)
        case .wide(let iconvName, let byteOrderMarkLength):
            let body = Array(bytes.dropFirst(byteOrderMarkLength))
            let fits = iconvName.hasPrefix("UTF-32") ? isUTF32 : isUTF16
            return try transcode(body, from: iconvName, declared: nil, countingLines: false, fits: fits)
        case .ebcdic:
            throw .encoding("the file looks EBCDIC-encoded; CAP files must be in UTF-8, UTF-16, UTF-32 "
                + "or an ASCII-compatible encoding named in the XML declaration")
        }
    }

    /// What the first bytes say about the encoding (XML 1.0 Appendix F).
    private enum EncodingFamily {
        /// UTF-8 or an ASCII-compatible encoding named by the declaration.
        case utf8(byteOrderMarkLength: Int)
        /// UTF-16 or UTF-32, which the declaration may only confirm.
        case wide(iconvName: String, byteOrderMarkLength: Int)
        case ebcdic

        init(detectedIn bytes: [UInt8]) {
            let head = Array(bytes.prefix(4)) + [UInt8](repeating: 0xAA, count: max(0, 4 - bytes.count))
            switch (head[0], head[1], head[2], head[3]) {
            case (0x00, 0x00, 0xFE, 0xFF): self = .wide(iconvName: "UTF-32BE", byteOrderMarkLength: 4)
            case (0xFF, 0xFE, 0x00, 0x00): self = .wide(iconvName: "UTF-32LE", byteOrderMarkLength: 4)
            case (0x00, 0x00, 0x00, 0x3C): self = .wide(iconvName: "UTF-32BE", byteOrderMarkLength: 0)
            case (0x3C, 0x00, 0x00, 0x00): self = .wide(iconvName: "UTF-32LE", byteOrderMarkLength: 0)
            case (0xFE, 0xFF, _, _): self = .wide(iconvName: "UTF-16BE", byteOrderMarkLength: 2)
            case (0xFF, 0xFE, _, _): self = .wide(iconvName: "UTF-16LE", byteOrderMarkLength: 2)
            case (0x00, 0x3C, 0x00, 0x3F): self = .wide(iconvName: "UTF-16BE", byteOrderMarkLength: 0)
            case (0x3C, 0x00, 0x3F, 0x00): self = .wide(iconvName: "UTF-16LE", byteOrderMarkLength: 0)
            case (0xEF, 0xBB, 0xBF, _): self = .utf8(byteOrderMarkLength: 3)
            case (0x4C, 0x6F, 0xA7, 0x94): self = .ebcdic
            default: self = .utf8(byteOrderMarkLength: 0)
            }
        }
    }

    /// Converts `body` to UTF-8 and makes its declaration say so.
    ///
    /// The declaration is read again from the converted text, and must still name the same
    /// encoding (or, for UTF-16 and UTF-32, one that `fits` the byte-order mark): the parser
    /// must not find an encoding this step did not use.
    private static func transcode(
        _ body: [UInt8], from iconvName: String, declared: String?, countingLines: Bool,
        fits: (String) -> Bool = { _ in true }
    ) throws(CAPReadFailure) -> [UInt8] {
        let converted: [UInt8]
        do {
            converted = try IconvChunkConverter.convertAll(body, from: iconvName)
        } catch {
            switch error {
            case .unknownEncoding:
                throw .encoding("\"\(iconvName)\" is not an encoding this system can decode")
            case .invalidSequence(let offset), .truncatedSequence(let offset):
                let line = countingLines ? "line \(lineNumber(at: offset, in: body)), " : ""
                throw .encoding("the bytes at \(line)byte offset \(offset) are not valid \(iconvName)")
            }
        }
        let declaration = try XMLDeclaration.read(converted, from: 0)
        if let declared {
            guard declaration?.encoding == declared else {
                throw .encoding("the XML declaration does not read the same once decoded as \"\(declared)\"")
            }
        } else if let name = declaration?.encoding, !fits(name) {
            throw .encoding("the file is \(iconvName) by its first bytes but declares \"\(name)\"")
        }
        return declaration?.declaringUTF8(in: converted) ?? converted
    }

    /// Throws with the place of the first byte sequence that is not UTF-8.
    private static func validateUTF8(_ bytes: [UInt8]) throws(CAPReadFailure) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .emptyInput:
                return
            case .error(let length):
                // A lead byte whose sequence runs past the end: the file was cut, not mis-encoded.
                if offset + length == bytes.count, (0xC2...0xF4).contains(bytes[offset]) {
                    throw .encoding("the file ends in the middle of a UTF-8 character (it is cut short)")
                }
                throw .encoding("the bytes at line \(lineNumber(at: offset, in: bytes)), byte offset \(offset) "
                    + "are not valid UTF-8; a file in another encoding must name it in its XML declaration, "
                    + "e.g. <?xml version=\"1.0\" encoding=\"GB18030\"?>")
            }
        }
    }

    private static func lineNumber(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// Only the two spellings libxml2 itself takes for UTF-8 skip transcoding; any other name
    /// goes through iconv, so the parser never meets a name it might read differently.
    private static func isUTF8(_ name: String) -> Bool {
        ["UTF-8", "UTF8"].contains(name.uppercased())
    }

    /// A name compared loosely, for the check that a declaration agrees with a byte-order mark.
    private static func normalized(_ name: String) -> String {
        String(name.uppercased().filter { $0 != "-" && $0 != "_" })
    }

    private static func isUTF16(_ name: String) -> Bool {
        ["UTF16", "UTF16BE", "UTF16LE", "UCS2", "ISO10646UCS2"].contains(normalized(name))
    }

    private static func isUTF32(_ name: String) -> Bool {
        ["UTF32", "UTF32BE", "UTF32LE", "UCS4", "ISO10646UCS4"].contains(normalized(name))
    }
}
