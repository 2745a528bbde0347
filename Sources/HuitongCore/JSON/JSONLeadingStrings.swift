/// Reads lines of one fixed shape without building their JSON members: `{"a":"…","b":"…",…,"z":<JSON>}`
/// — string members in a known order, then optionally a member of a stated byte size
/// (`"n":123,"c":<123 bytes of JSON>`), then one member whose value is returned as its byte range.
///
/// For working files whose last member is a record already in canonical JSON: the record's bytes
/// travel on (into a batch, the accepted state, the ledger) as they are, so they are parsed and
/// re-encoded nowhere. The leading members are read strictly (names, order, JSON strings with
/// every escape); the last value is checked only to start like a JSON value and to be followed
/// by the closing brace — its integrity is its writer's hash.
package enum JSONLeadingStrings {
    /// - Parameters:
    ///   - line: one line without its line break.
    ///   - names: the leading members' names, in order; each value must be a string.
    ///   - last: the last member's name.
    /// - Returns: the leading strings, in `names` order, and the last value's byte range in `line`.
    ///   - sized: the names of a size member and of the member whose value has that many bytes.
    /// - Returns: the leading strings, in `names` order, the sized member's byte range (empty
    ///   without `sized`), and the last value's byte range in `line`.
    package static func read(
        _ line: UnsafeRawBufferPointer, names: [StaticString], sized: (size: StaticString, value: StaticString)? = nil, last: StaticString
    ) throws(JSONError) -> (strings: [String], sizedValue: Range<Int>, lastValue: Range<Int>) {
        try line.withMemoryRebound(to: UInt8.self) { text in
            Result { () throws(JSONError) in try read(text, names: names, sized: sized, last: last) }
        }.get()
    }

    private static func read(
        _ text: UnsafeBufferPointer<UInt8>, names: [StaticString], sized: (size: StaticString, value: StaticString)?, last: StaticString
    ) throws(JSONError) -> (strings: [String], sizedValue: Range<Int>, lastValue: Range<Int>) {
        guard let start = text.baseAddress, text.count >= 2 else {
            throw JSONError(code: .unexpectedEndOfInput, message: "the line is empty", byteOffset: 0, file: nil, line: 1, column: 1)
        }
        var parser = JSONParser(start: start, count: text.count, maximumDepth: 1, workspace: JSONParserWorkspace(forStream: false))
        func expect(_ byte: UInt8) throws(JSONError) {
            guard parser.position < parser.count, parser.bytes[parser.position] == byte else {
                throw parser.error(.unexpectedCharacter, at: parser.position,
                                   "expected \"\(Character(Unicode.Scalar(byte)))\", found \(parser.describeByte(at: parser.position))")
            }
            parser.position += 1
        }
        func expectName(_ name: StaticString) throws(JSONError) {
            let at = parser.position
            guard parser.position < parser.count, parser.bytes[parser.position] == UInt8(ascii: "\"") else {
                throw parser.error(.unexpectedCharacter, at: at, "expected the member \"\(name)\"")
            }
            let key = try parser.parseKey().key
            guard key == name.description else {
                throw parser.error(.unexpectedCharacter, at: at, "expected the member \"\(name)\", found \"\(key)\"")
            }
            try expect(UInt8(ascii: ":"))
        }
        try expect(UInt8(ascii: "{"))
        var strings: [String] = []
        strings.reserveCapacity(names.count)
        for name in names {
            try expectName(name)
            guard parser.position < parser.count, parser.bytes[parser.position] == UInt8(ascii: "\"") else {
                throw parser.error(.unexpectedCharacter, at: parser.position, "the member \"\(name)\" must be a string")
            }
            strings.append(try parser.parseString())
            try expect(UInt8(ascii: ","))
        }
        var sizedValue = 0..<0
        if let sized {
            try expectName(sized.size)
            var size = 0
            let digits = parser.position
            while parser.position < parser.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.position]),
                  parser.position - digits < 12 {
                size = size * 10 + Int(parser.bytes[parser.position] - UInt8(ascii: "0"))
                parser.position += 1
            }
            guard parser.position > digits else {
                throw parser.error(.unexpectedCharacter, at: digits, "the member \"\(sized.size)\" must be a byte count")
            }
            try expect(UInt8(ascii: ","))
            try expectName(sized.value)
            guard size > 0, parser.position + size < parser.count else {
                throw parser.error(.unexpectedEndOfInput, at: parser.position, "the member \"\(sized.value)\" is shorter than its \(size) bytes")
            }
            sizedValue = parser.position..<(parser.position + size)
            parser.position += size
            try expect(UInt8(ascii: ","))
        }
        try expectName(last)
        let valueStart = parser.position
        var end = parser.count
        while end > valueStart, [UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: "\n")].contains(parser.bytes[end - 1]) { end -= 1 }
        guard end > valueStart + 1, parser.bytes[end - 1] == UInt8(ascii: "}") else {
            throw parser.error(.unexpectedEndOfInput, at: end, "the line does not end with the object's closing brace")
        }
        let first = parser.bytes[valueStart]
        guard [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n")].contains(first)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw parser.error(.unexpectedCharacter, at: valueStart, "the member \"\(last)\" has no JSON value")
        }
        return (strings, sizedValue, valueStart..<(end - 1))
    }
}
