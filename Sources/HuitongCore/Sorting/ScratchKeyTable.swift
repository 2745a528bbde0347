/// Object keys a scratch file refers to by number instead of writing them out, and the
/// `String`s they read back as.
///
/// A spill of mapped records repeats the same few keys in every record. Numbered, they cost a
/// byte each to write and nothing to read, and every record read back shares one `String` per
/// key, which is what makes later key comparisons cheap (a canonical writer's remembered
/// shapes, a mapping's field lookups). The table holds at most ``capacity`` keys, so that data
/// with ever new keys (the members of a free-form object) cannot grow it without bound: keys
/// beyond it are written out in full.
///
/// A key is found first by its `String`'s representation bits in a small cache (the keys of
/// mapped records are the mapping's own strings, so the same bits come back each record), then
/// by a dictionary; a key is numbered only under its exact Unicode scalars.
package struct ScratchKeyTable: Sendable {
    /// The most keys numbered.
    package static let capacity = 4096
    private static let cacheSlots = 256

    /// The keys by number.
    package private(set) var keys: [String] = []
    private var numbers: [String: Int] = [:]
    /// Recently numbered keys by their representation bits. Each slot keeps its `String`, so
    /// the storage the bits point to stays alive (and unchanged) while the slot holds it.
    private var cache: [(key: String, number: Int)] = []

    package init() {}

    /// The number of `key`, numbering it now if there is room; nil when it must be written out.
    package mutating func number(for key: String) -> Int? {
        if cache.isEmpty { cache = Array(repeating: ("", -1), count: Self.cacheSlots) }
        let slot = Self.slot(of: key)
        if cache[slot].number >= 0, Self.sameBits(cache[slot].key, key) { return cache[slot].number }
        let number: Int
        if let known = numbers[key] {
            // `Dictionary` matches canonically equivalent keys; a key is only numbered as itself.
            guard keys[known].hasSameCodeUnits(as: key) else { return nil }
            number = known
        } else {
            guard keys.count < Self.capacity else { return nil }
            number = keys.count
            keys.append(key)
            numbers[key] = number
        }
        cache[slot] = (key, number)
        return number
    }

    @inline(__always)
    private static func slot(of key: String) -> Int {
        withUnsafeBytes(of: key) { bits in
            let first = bits.loadUnaligned(as: UInt64.self)
            let second = bits.loadUnaligned(fromByteOffset: MemoryLayout<String>.size - 8, as: UInt64.self)
            let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (second &* 0xC2B2_AE3D_27D4_EB4F)
            return Int(truncatingIfNeeded: mixed >> 56) & (cacheSlots - 1)
        }
    }

    @inline(__always)
    private static func sameBits(_ left: String, _ right: String) -> Bool {
        withUnsafeBytes(of: left) { leftBits in
            withUnsafeBytes(of: right) { rightBits in leftBits.elementsEqual(rightBits) }
        }
    }
}
