/// Member order for canonical JSON: keys sorted by their UTF-16 code units (RFC 8785, 3.2.3),
/// with sort results remembered per key sequence.
///
/// Records in one stream share a limited set of shapes (the same keys in the same order), but
/// not always a handful: each optional field that may be left out doubles the count. So shapes
/// are kept by a fingerprint of their keys, and a shape found that way is confirmed by comparing
/// the keys, which for short keys is a couple of machine-word comparisons.
struct CanonicalKeyOrder {
    /// One object shape, ready to write: its keys in member order, the members' positions in
    /// canonical order, and each key already written as a JSON string literal with its colon
    /// (and, after the first, the comma before it), so that writing a record of a known shape
    /// copies its keys instead of escaping them again.
    final class Shape: Sendable {
        let keys: [String]
        /// Member positions in canonical order.
        let order: [Int]
        /// `"k1":` `,"k2":` … for the members in canonical order, one after another.
        let keyText: [UInt8]
        /// Where each member's text in ``keyText`` ends, in canonical order.
        let keyTextEnds: [Int]

        init(members: [OrderedObject.Member]) {
            keys = members.map(\.key)
            let order = CanonicalKeyOrder.order(of: members)
            self.order = order
            var text: [UInt8] = []
            var ends: [Int] = []
            ByteSink.appending(to: &text) { sink in
                for (index, position) in order.enumerated() {
                    if index > 0 { sink.write(UInt8(ascii: ",")) }
                    JSONStringLiteral.write(members[position].key, to: &sink)
                    sink.write(UInt8(ascii: ":"))
                    sink.flushIntoOutput()
                    ends.append(sink.outputCount)
                }
            }
            keyText = text
            keyTextEnds = ends
        }

        /// Whether `members` have exactly these keys in this order (by their Unicode scalars).
        func matches(_ members: [OrderedObject.Member]) -> Bool {
            guard keys.count == members.count else { return false }
            for index in members.indices where !keys[index].hasSameCodeUnits(as: members[index].key) {
                return false
            }
            return true
        }
    }

    /// Enough for the shapes of one stream (a record type with a dozen optional fields, its
    /// nested objects); past it the memory starts again rather than grow without bound.
    private static let capacity = 4096
    /// Larger objects are sorted each time; they are rare, and caching them would hold on to memory.
    static let largestCachedShape = 64
    /// Nesting depths that remember the last shape written at them.
    private static let rememberedDepths = 8

    private var shapes: [UInt64: Shape] = [:]
    /// The shape last written at each depth: a stream's records, and the point inside each,
    /// nearly always have the shape of the one before, found without a fingerprint or a lookup.
    private var lastShapes: [Shape?] = []

    /// The shape of `members` (at most ``largestCachedShape`` of them), from memory if it was
    /// seen before, at nesting depth `depth`.
    mutating func shape(of members: [OrderedObject.Member], depth: Int) -> Shape {
        if depth < Self.rememberedDepths, depth < lastShapes.count, let last = lastShapes[depth], last.matches(members) {
            return last
        }
        let shape = lookUp(members)
        if depth < Self.rememberedDepths {
            if lastShapes.isEmpty { lastShapes = Array(repeating: nil, count: Self.rememberedDepths) }
            lastShapes[depth] = shape
        }
        return shape
    }

    private mutating func lookUp(_ members: [OrderedObject.Member]) -> Shape {
        let fingerprint = CanonicalKeyOrder.fingerprint(of: members)
        if let shape = shapes[fingerprint], shape.matches(members) {
            return shape
        }
        let shape = Shape(members: members)
        if shapes.count >= CanonicalKeyOrder.capacity { shapes.removeAll(keepingCapacity: true) }
        shapes[fingerprint] = shape
        return shape
    }

    /// Positions of `members` in canonical order.
    static func order(of members: [OrderedObject.Member]) -> [Int] {
        members.indices.sorted { CanonicalKeyOrder.precedes(members[$0].key, members[$1].key) }
    }

    /// A fingerprint of the key sequence from the keys' representation bits, not their text:
    /// a record's keys are the shared strings of a mapping or of the JSON reader's key cache,
    /// and keys up to 15 bytes are stored inline, so equal keys nearly always have equal bits.
    /// Unequal bits for equal keys only cost a sort; a collision is caught by ``Shape/matches(_:)``.
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
