/// The `String`s of short object keys, remembered by their bytes.
///
/// Records in a stream repeat the same few keys; with this cache a key that was seen before costs
/// a hash and a 16-byte comparison instead of building and validating a new `String`, and every
/// record's keys share the same representation, which makes later key comparisons (duplicate
/// checks, canonical key order) cheap. Only keys of up to 16 ASCII bytes without escapes are
/// cached; the caller has checked that and packed the bytes into two little-endian words.
struct JSONKeyCache {
    /// Keys longer than this are not cached.
    static let maximumLength = 16
    private static let slotCount = 64

    private struct Entry {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var length = -1
        var key = ""
    }

    private var entries: [Entry] = []

    /// The key whose bytes are `bytes`, packed as `low` (bytes 0–7) and `high` (bytes 8–15).
    mutating func key(low: UInt64, high: UInt64, bytes: UnsafeBufferPointer<UInt8>) -> String {
        if entries.isEmpty {
            entries = Array(repeating: Entry(), count: JSONKeyCache.slotCount)
        }
        let mixed = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(bytes.count)
        let slot = Int(truncatingIfNeeded: mixed >> 58)  // 6 bits: 64 slots
        if entries[slot].length == bytes.count, entries[slot].low == low, entries[slot].high == high {
            return entries[slot].key
        }
        let key = String(decoding: bytes, as: UTF8.self)
        entries[slot] = Entry(low: low, high: high, length: bytes.count, key: key)
        return key
    }
}
