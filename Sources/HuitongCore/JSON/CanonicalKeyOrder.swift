/// Member order for canonical JSON: keys sorted by their UTF-16 code units (RFC 8785, 3.2.3),
/// with sort results remembered per key sequence.
///
/// Records in one stream share a limited set of shapes (the same keys in the same order), but
/// not always a handful: each optional field that may be left out doubles the count. So shapes
/// are kept by a fingerprint of their keys, and a shape found that way is confirmed by comparing
/// the keys, which for short keys is a couple of machine-word comparisons.
struct CanonicalKeyOrder {
    private struct Shape {
        var keys: [String]
        var order: [Int]
    }

    /// Enough for the shapes of one stream (a record type with a dozen optional fields, its
    /// nested objects); past it the memory starts again rather than grow without bound.
    private static let capacity = 4096
    /// Larger objects are sorted each time; they are rare, and caching them would hold on to memory.
    private static let largestCachedShape = 64

    private var shapes: [UInt64: Shape] = [:]

    /// Positions of `members` in canonical order.
    mutating func order(of members: [OrderedObject.Member]) -> [Int] {
        let fingerprint = CanonicalKeyOrder.fingerprint(of: members)
        if let shape = shapes[fingerprint], CanonicalKeyOrder.shape(shape, matches: members) {
            return shape.order
        }
        let order = members.indices.sorted { CanonicalKeyOrder.precedes(members[$0].key, members[$1].key) }
        if members.count <= CanonicalKeyOrder.largestCachedShape {
            if shapes.count >= CanonicalKeyOrder.capacity { shapes.removeAll(keepingCapacity: true) }
            shapes[fingerprint] = Shape(keys: members.map(\.key), order: order)
        }
        return order
    }

    /// A fingerprint of the key sequence from the keys' representation bits, not their text:
    /// a record's keys are the shared strings of a mapping or of the JSON reader's key cache,
    /// and keys up to 15 bytes are stored inline, so equal keys nearly always have equal bits.
    /// Unequal bits for equal keys only cost a sort; a collision is caught by ``shape(_:matches:)``.
    private static func fingerprint(of members: [OrderedObject.Member]) -> UInt64 {
        var fingerprint = UInt64(members.count)
        for member in members {
            withUnsafeBytes(of: member.key) { bits in
                for offset in stride(from: 0, through: bits.count - 8, by: 8) {
                    let word = bits.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    fingerprint = (fingerprint ^ word) &* 0x9E37_79B9_7F4A_7C15
                }
            }
        }
        return fingerprint
    }

    private static func shape(_ shape: Shape, matches members: [OrderedObject.Member]) -> Bool {
        guard shape.keys.count == members.count else { return false }
        for index in members.indices where !shape.keys[index].hasSameCodeUnits(as: members[index].key) {
            return false
        }
        return true
    }

    /// Whether `left` sorts before `right` by UTF-16 code units, computed on UTF-8 bytes.
    ///
    /// UTF-8 byte order is code point order, and code point order equals UTF-16 order except
    /// between a supplementary character (4 UTF-8 bytes, a surrogate pair D800–DFFF in UTF-16)
    /// and a character from U+E000 to U+FFFF (3 bytes starting EE or EF): UTF-16 puts the
    /// surrogate first. The first differing byte is where two characters differ (earlier bytes
    /// are equal, so both are at a character boundary), so that case is recognisable there. For
    /// ASCII keys this is plain byte comparison, with no conversion to UTF-16 at all.
    static func precedes(_ left: String, _ right: String) -> Bool {
        let compared = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { rightBytes in
                precedes(leftBytes, rightBytes)
            }
        }
        if let compared, let result = compared {
            return result
        }
        return left.utf16.lexicographicallyPrecedes(right.utf16)
    }

    static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(left.count, right.count)
        for index in 0..<common {
            let leftByte = left[index]
            let rightByte = right[index]
            if leftByte == rightByte { continue }
            if leftByte >= 0xF0, rightByte == 0xEE || rightByte == 0xEF { return true }
            if rightByte >= 0xF0, leftByte == 0xEE || leftByte == 0xEF { return false }
            return leftByte < rightByte
        }
        return left.count < right.count
    }
}
