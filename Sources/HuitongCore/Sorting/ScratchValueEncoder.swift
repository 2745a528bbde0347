/// Writes values in ``ScratchValueFormat``, numbering object keys in a ``ScratchKeyTable``
/// when it is given one.
package struct ScratchValueEncoder: Sendable {
    /// The keys numbered so far; a decoder of what this encoder wrote needs the same table.
    package var keyTable: ScratchKeyTable?

    /// An encoder that numbers keys (`numbersKeys`) or writes each out.
    package init(numbersKeys: Bool) {
        keyTable = numbersKeys ? ScratchKeyTable() : nil
    }

    /// Appends `value` to `output`.
    ///
    /// - Throws: ``JSONError`` `nonFiniteNumber` for a NaN or an infinity, as the JSON writer
    ///   would, leaving `output` as it was.
    package mutating func append(_ value: Value, to output: inout [UInt8]) throws(JSONError) {
        try ByteSink.appendingValue(to: &output) { (sink) throws(JSONError) in
            try write(value, to: &sink)
        }
    }

    private mutating func write(_ value: Value, to sink: inout ByteSink) throws(JSONError) {
        switch value {
        case .null:
            sink.write(ScratchValueFormat.null)
        case .bool(let flag):
            sink.write(flag ? ScratchValueFormat.trueTag : ScratchValueFormat.falseTag)
        case .integer(let integer):
            sink.write(ScratchValueFormat.integer)
            Self.writeWord(UInt64(bitPattern: integer), to: &sink)
        case .double(let double):
            guard double.isFinite else { throw .nonFiniteNumber(double) }
            sink.write(ScratchValueFormat.double)
            Self.writeWord(double.bitPattern, to: &sink)
        case .string(let string):
            sink.write(ScratchValueFormat.string)
            Self.writeText(string, to: &sink)
        case .array(let elements):
            sink.write(ScratchValueFormat.array)
            Self.writeVarint(UInt64(elements.count), to: &sink)
            for index in elements.indices {
                do throws(JSONError) {
                    try write(elements[index], to: &sink)
                } catch {
                    throw error.inElement(index)
                }
            }
        case .object(let object):
            sink.write(ScratchValueFormat.object)
            let members = object.members
            Self.writeVarint(UInt64(members.count), to: &sink)
            for index in members.indices {
                let key = members[index].key
                if let number = keyTable?.number(for: key) {
                    Self.writeVarint(UInt64(number) << 1, to: &sink)
                } else {
                    let count = key.utf8.count
                    Self.writeVarint(UInt64(count) << 1 | 1, to: &sink)
                    Self.writeBytes(of: key, to: &sink)
                }
                do throws(JSONError) {
                    try write(members[index].value, to: &sink)
                } catch {
                    throw error.inMember(key)
                }
            }
        }
    }

    @inline(__always)
    private static func writeWord(_ word: UInt64, to sink: inout ByteSink) {
        sink.writeInPlace(maximum: 8) { start in
            UnsafeMutableRawPointer(start).storeBytes(of: word.littleEndian, as: UInt64.self)
            return 8
        }
    }

    @inline(__always)
    static func writeVarint(_ value: UInt64, to sink: inout ByteSink) {
        sink.writeInPlace(maximum: 10) { start in
            var rest = value
            var length = 0
            while rest >= 0x80 {
                start[length] = UInt8(truncatingIfNeeded: rest) | 0x80
                rest >>= 7
                length += 1
            }
            start[length] = UInt8(rest)
            return length + 1
        }
    }

    @inline(__always)
    private static func writeText(_ string: String, to sink: inout ByteSink) {
        writeVarint(UInt64(string.utf8.count), to: &sink)
        writeBytes(of: string, to: &sink)
    }

    @inline(__always)
    private static func writeBytes(of string: String, to sink: inout ByteSink) {
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { sink.write($0) }
        if written == nil {
            Array(string.utf8).withUnsafeBufferPointer { sink.write($0) }
        }
    }
}
