/// Reads values written by a ``ScratchValueEncoder``.
///
/// Scratch files are the process's own and unlinked at once, so damage means a failing disk or
/// a bug; the decoder still checks every length against the bytes it has and reports damage as
/// ``ScratchFileError`` rather than reading out of bounds.
package struct ScratchValueDecoder {
    /// The numbered keys, the table of the encoder that wrote the bytes.
    private let keys: [String]

    /// A decoder for bytes whose keys were numbered in `keyTable` (nil: none were).
    package init(keyTable: ScratchKeyTable?) {
        keys = keyTable?.keys ?? []
    }

    /// The value at `offset` in `bytes`, and the offset just after it.
    package func value(in bytes: UnsafeRawBufferPointer, at offset: Int) throws(ScratchFileError) -> (value: Value, end: Int) {
        var cursor = Cursor(bytes: bytes, position: offset)
        let value = try read(&cursor, depth: 0)
        return (value, cursor.position)
    }

    /// The one value that fills `bytes`.
    package func value(filling bytes: UnsafeRawBufferPointer) throws(ScratchFileError) -> Value {
        let (value, end) = try value(in: bytes, at: 0)
        guard end == bytes.count else { throw Self.damaged }
        return value
    }

    /// Values nest no deeper than the JSON reader lets them (512); a deeper one is damage.
    private static let maximumDepth = 1024
    static let damaged = ScratchFileError(damaged: "a scratch file holds a value it cannot have written")

    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var position: Int

        @inline(__always)
        mutating func byte() throws(ScratchFileError) -> UInt8 {
            guard position < bytes.count else { throw ScratchValueDecoder.damaged }
            defer { position += 1 }
            return bytes[position]
        }

        @inline(__always)
        mutating func word() throws(ScratchFileError) -> UInt64 {
            guard bytes.count - position >= 8 else { throw ScratchValueDecoder.damaged }
            defer { position += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        }

        @inline(__always)
        mutating func varint() throws(ScratchFileError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try byte()
                guard shift < 64 else { throw ScratchValueDecoder.damaged }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        /// `count` bytes as a string; the bytes are the encoder's copy of a valid `String`.
        @inline(__always)
        mutating func text(count: UInt64) throws(ScratchFileError) -> String {
            guard count <= UInt64(bytes.count - position) else { throw ScratchValueDecoder.damaged }
            let length = Int(count)
            defer { position += length }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)]), as: UTF8.self)
        }
    }

    private func read(_ cursor: inout Cursor, depth: Int) throws(ScratchFileError) -> Value {
        switch try cursor.byte() {
        case ScratchValueFormat.null: return .null
        case ScratchValueFormat.falseTag: return .bool(false)
        case ScratchValueFormat.trueTag: return .bool(true)
        case ScratchValueFormat.integer: return .integer(Int64(bitPattern: try cursor.word()))
        case ScratchValueFormat.double: return .double(Double(bitPattern: try cursor.word()))
        case ScratchValueFormat.string: return .string(try cursor.text(count: try cursor.varint()))
        case ScratchValueFormat.array:
            guard depth < Self.maximumDepth else { throw Self.damaged }
            let count = try cursor.varint()
            // Every element takes at least a byte, which bounds what a damaged count can reserve.
            guard count <= UInt64(cursor.bytes.count - cursor.position) else { throw Self.damaged }
            var elements: [Value] = []
            elements.reserveCapacity(Int(count))
            for _ in 0..<count { elements.append(try read(&cursor, depth: depth + 1)) }
            return .array(elements)
        case ScratchValueFormat.object:
            guard depth < Self.maximumDepth else { throw Self.damaged }
            let count = try cursor.varint()
            guard count <= UInt64(cursor.bytes.count - cursor.position) / 2 else { throw Self.damaged }
            var members: [OrderedObject.Member] = []
            members.reserveCapacity(Int(count))
            for _ in 0..<count {
                let tag = try cursor.varint()
                let key: String
                if tag & 1 == 0 {
                    guard tag >> 1 < UInt64(keys.count) else { throw Self.damaged }
                    key = keys[Int(tag >> 1)]
                } else {
                    key = try cursor.text(count: tag >> 1)
                }
                members.append(OrderedObject.Member(key: key, value: try read(&cursor, depth: depth + 1)))
            }
            // The encoder wrote an object's members, whose keys are unique.
            return .object(OrderedObject(uncheckedUniqueMembers: members))
        default:
            throw Self.damaged
        }
    }
}
