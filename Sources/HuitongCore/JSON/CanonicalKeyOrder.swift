/// Member order for canonical JSON: keys sorted by their UTF-16 code units (RFC 8785, 3.2.3),
/// with sort results remembered per key sequence.
///
/// Records in one stream nearly always share a handful of shapes (the same keys in the same
/// order), so the sorted order of a shape is computed once and then found by comparing the
/// keys for equality, which for short keys is a couple of machine-word comparisons.
struct CanonicalKeyOrder {
    private struct Shape {
        var keys: [String]
        var order: [Int]
    }

    /// Enough for the shapes of one stream (a record type, its nested objects, optional fields).
    private static let capacity = 16
    /// Larger objects are sorted each time; they are rare, and caching them would hold on to memory.
    private static let largestCachedShape = 64

    private var shapes: [Shape] = []
    private var lastHit = 0
    private var nextReplaced = 0

    /// Positions of `members` in canonical order.
    mutating func order(of members: [OrderedObject.Member]) -> [Int] {
        if !shapes.isEmpty {
            if CanonicalKeyOrder.shape(shapes[lastHit], matches: members) {
                return shapes[lastHit].order
            }
            for index in shapes.indices where index != lastHit && CanonicalKeyOrder.shape(shapes[index], matches: members) {
                lastHit = index
                return shapes[index].order
            }
        }
        let order = members.indices.sorted { CanonicalKeyOrder.precedes(members[$0].key, members[$1].key) }
        if members.count <= CanonicalKeyOrder.largestCachedShape {
            let shape = Shape(keys: members.map(\.key), order: order)
            if shapes.count < CanonicalKeyOrder.capacity {
                shapes.append(shape)
                lastHit = shapes.count - 1
            } else {
                shapes[nextReplaced] = shape
                lastHit = nextReplaced
                nextReplaced = (nextReplaced + 1) % CanonicalKeyOrder.capacity
            }
        }
        return order
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
