/// Reads the leading string members of a line huitong wrote itself by position — each member
/// named in order, each string free of escapes and control bytes — without parsing the rest:
/// for the working files read once per record of a register (the accepted index, the memo, the
/// committer's copy of the state). Any other shape gives nil, and the caller reads the line
/// with its strict decoder instead, which says what is wrong with it.
struct LeadingFields {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The content of the next member's string: `{"name":"` for the first member, `,"name":"`
    /// after it, up to the closing quote.
    mutating func string(_ name: StaticString) -> Range<Int>? {
        guard expect(position == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")), expect(UInt8(ascii: "\"")) else { return nil }
        let nameBytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard position + nameBytes.count <= bytes.count, bytes[position..<(position + nameBytes.count)].elementsEqual(nameBytes) else { return nil }
        position += nameBytes.count
        guard expect(UInt8(ascii: "\"")), expect(UInt8(ascii: ":")), expect(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return start..<(position - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            position += 1
        }
        return nil
    }

    /// The next member's string as text (valid UTF-8 only).
    mutating func text(_ name: StaticString) -> String? {
        string(name).flatMap { String(validating: bytes[$0], as: UTF8.self) }
    }

    /// The next member's string as a SHA-256 in hexadecimal.
    mutating func hash(_ name: StaticString) -> ContentHash? {
        string(name).flatMap { ContentHash(hex: bytes, $0) }
    }

    /// The next member's value as a count: `,"name":` and decimal digits.
    mutating func count(_ name: StaticString) -> Int? {
        guard member(name) else { return nil }
        let start = position
        var value = 0
        while position < bytes.count, (48...57).contains(bytes[position]), position - start < 12 {
            value = value * 10 + Int(bytes[position] - 48)
            position += 1
        }
        return position > start ? value : nil
    }

    /// The next member's value taken as `count` bytes as they are (`,"name":` and the bytes).
    mutating func bytes(_ name: StaticString, count: Int) -> Range<Int>? {
        guard member(name), count > 0, position + count <= bytes.count else { return nil }
        position += count
        return (position - count)..<position
    }

    /// The last member's value: `,"name":` and everything up to the line's closing brace.
    mutating func rest(_ name: StaticString) -> Range<Int>? {
        guard member(name), position < bytes.count - 1, bytes[bytes.count - 1] == UInt8(ascii: "}") else { return nil }
        defer { position = bytes.count - 1 }
        return position..<(bytes.count - 1)
    }

    /// Whether the line ends here with its closing brace.
    var isAtEnd: Bool { position == bytes.count - 1 && bytes[position] == UInt8(ascii: "}") }

    /// Whether the next member is named `name` (not read).
    func nextIs(_ name: StaticString) -> Bool {
        var probe = self
        guard probe.expect(UInt8(ascii: ",")), probe.expect(UInt8(ascii: "\"")) else { return false }
        let nameBytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        let end = probe.position + nameBytes.count
        return end < bytes.count && bytes[probe.position..<end].elementsEqual(nameBytes) && bytes[end] == UInt8(ascii: "\"")
    }

    /// `,"name":`.
    private mutating func member(_ name: StaticString) -> Bool {
        guard expect(UInt8(ascii: ",")), expect(UInt8(ascii: "\"")) else { return false }
        let nameBytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard position + nameBytes.count <= bytes.count, bytes[position..<(position + nameBytes.count)].elementsEqual(nameBytes) else { return false }
        position += nameBytes.count
        return expect(UInt8(ascii: "\"")) && expect(UInt8(ascii: ":"))
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }
}
