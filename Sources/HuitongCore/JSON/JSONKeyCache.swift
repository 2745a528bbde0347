/// The `String`s of short object keys, remembered by their bytes.
///
/// Records in a stream repeat the same few keys; with this cache a key that was seen before costs
/// a hash and a comparison of up to four machine words instead of building and validating a new
/// `String`, and every record's keys share the same representation, which makes later key
/// comparisons (duplicate checks, canonical key order, a mapping's field lookups) cheap. Keys of up
/// to 32 bytes without escapes are cached, ASCII or not: the registry's Chinese column names
/// (`统一社会信用代码` is 24 bytes) are as common as ASCII field names. The caller has checked
/// that and packed the bytes into four little-endian words; non-ASCII bytes are validated here,
/// once, when a key enters the cache.
///
/// The cache is two-way set associative, so two keys of one record that hash to the same set
/// do not evict each other on every record.
struct JSONKeyCache {
    /// Keys longer than this are not cached.
    static let maximumLength = 32
    /// Sets for a stream of records (`JSONLinesReader`), which meets the same keys again and
    /// again: 512 entries, about 28 KiB, made once per stream.
    static let streamSetCount = 256
    /// Sets for a single document (`JSONReader`), whose cache lives as long as the document.
    static let documentSetCount = 16

    /// The bytes of a key, packed: bytes 0–7 in `first`, 8–15 in `second`, and so on.
    struct Words: Equatable {
        var first: UInt64 = 0
        var second: UInt64 = 0
        var third: UInt64 = 0
        var fourth: UInt64 = 0

        init() {}

        /// The `count` (at most 32) bytes at `start`, zero-padded. When the 32 bytes from
        /// `start` can be read (before `end`), they are loaded as words and masked, which
        /// avoids the stall of reading back words a byte-wise copy has just written.
        @inline(__always)
        init(_ start: UnsafePointer<UInt8>, count: Int, readableUpTo end: UnsafePointer<UInt8>) {
            guard end - start >= 32 else {
                withUnsafeMutableBytes(of: &self) { $0.copyMemory(from: UnsafeRawBufferPointer(start: start, count: count)) }
                // Both paths give the same words for the same bytes, whatever the byte order.
                first = UInt64(littleEndian: first)
                second = UInt64(littleEndian: second)
                third = UInt64(littleEndian: third)
                fourth = UInt64(littleEndian: fourth)
                return
            }
            let raw = UnsafeRawPointer(start)
            first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & Self.mask(count)
            second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & Self.mask(count - 8)
            third = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) & Self.mask(count - 16)
            fourth = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) & Self.mask(count - 24)
        }

        /// The mask keeping the first `valid` bytes of a little-endian word (all for 8 or more, none for 0 or fewer).
        @inline(__always)
        private static func mask(_ valid: Int) -> UInt64 {
            if valid >= 8 { return ~0 }
            if valid <= 0 { return 0 }
            return (1 << UInt64(valid * 8)) &- 1
        }

        /// A 64-bit fingerprint of the words and the length; never 0, which
        /// ``JSONParser`` uses for "no fingerprint".
        @inline(__always)
        func fingerprint(length: Int) -> UInt64 {
            var mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (second &* 0xC2B2_AE3D_27D4_EB4F)
            mixed ^= (third &* 0x1656_67B1_9E37_79F9) ^ (fourth &* 0x27D4_EB2F_1656_67C5) ^ UInt64(length)
            mixed ^= mixed >> 29
            mixed = mixed &* 0xBF58_476D_1CE4_E5B9
            mixed ^= mixed >> 32
            return mixed | 1
        }
    }

    private struct Entry {
        var words = Words()
        var length = -1
        var key = ""
    }

    /// Two entries per set: `2 * set` and `2 * set + 1`.
    private var entries: [Entry] = []
    private let setCount: Int
    /// How far a fingerprint is shifted right to give its set.
    private let setShift: UInt64

    /// A cache of `setCount` sets, a power of two; its memory is taken at the first key.
    init(setCount: Int) {
        precondition(setCount > 0 && setCount & (setCount - 1) == 0, "the set count must be a power of two")
        self.setCount = setCount
        setShift = UInt64(64 - setCount.trailingZeroBitCount)
    }

    /// The key whose bytes are `bytes`, packed as `words`, with its ``Words/fingerprint(length:)``;
    /// nil when the bytes are not valid UTF-8 (the caller then parses the key as a string, to
    /// report the error where it is).
    @inline(__always)
    mutating func key(words: Words, fingerprint: UInt64, isASCII: Bool, bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let first = setCount == 1 ? 0 : Int(truncatingIfNeeded: fingerprint >> setShift) << 1
        let count = bytes.count
        if !entries.isEmpty {
            if entries[first].length == count, entries[first].words == words {
                return entries[first].key
            }
            if entries[first + 1].length == count, entries[first + 1].words == words {
                return entries[first + 1].key
            }
        }
        return insert(words: words, at: first, isASCII: isASCII, bytes: bytes)
    }

    private mutating func insert(words: Words, at first: Int, isASCII: Bool, bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard isASCII || JSONParser.firstInvalidUTF8Offset(in: bytes) == nil else { return nil }
        if entries.isEmpty {
            entries = Array(repeating: Entry(), count: 2 * setCount)
        }
        let key = String(decoding: bytes, as: UTF8.self)
        // The newest key takes the first way, the one it pushes out the second.
        if entries[first].length >= 0 { entries[first + 1] = entries[first] }
        entries[first] = Entry(words: words, length: bytes.count, key: key)
        return key
    }
}
