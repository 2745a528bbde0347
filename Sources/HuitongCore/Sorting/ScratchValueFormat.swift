/// The binary form of a ``Value`` in the process's own scratch files (sort runs, a
/// de-duplication spill): written and read back by the same process, never kept, so it is
/// built for speed rather than for reading. JSON, which these files used before, costs a
/// text conversion of every number and an escape scan and UTF-8 validation of every string,
/// twice per value.
///
/// Each value is a tag byte and its payload:
///
/// | tag | value | payload |
/// | --- | --- | --- |
/// | 0 | `null` | — |
/// | 1, 2 | `false`, `true` | — |
/// | 3 | integer | 8 bytes, little-endian two's complement |
/// | 4 | double | its 8 bytes of IEEE 754 bits, little-endian |
/// | 5 | string | length (varint), UTF-8 bytes |
/// | 6 | array | element count (varint), elements |
/// | 7 | object | member count (varint), then per member its key and value |
///
/// A key is a varint `k`: even, it is entry `k / 2` of the writer's ``ScratchKeyTable``; odd,
/// the key's UTF-8 bytes follow, `(k - 1) / 2` of them. Varints are LEB128 (seven bits per
/// byte, low first). Doubles keep their bits, so `-0.0` and every NaN payload come back as they
/// went in; non-finite doubles are refused all the same, as JSON refused them, so that a record
/// a scratch file accepts is one the hub can still write out.
enum ScratchValueFormat {
    static let null: UInt8 = 0
    static let falseTag: UInt8 = 1
    static let trueTag: UInt8 = 2
    static let integer: UInt8 = 3
    static let double: UInt8 = 4
    static let string: UInt8 = 5
    static let array: UInt8 = 6
    static let object: UInt8 = 7
}
