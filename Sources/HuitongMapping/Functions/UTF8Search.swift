/// Substring search on UTF-8 bytes, for the steps that look for listed texts (`remove`,
/// `classify`) at the speed of a byte loop.
///
/// Matching bytes matches Unicode scalars, because UTF-8 is self-synchronising: a needle that
/// is valid UTF-8 can only match at a scalar boundary. That is the semantics of JSON strings,
/// of ``Value`` equality and of Python's `in`, which the other parties to the mapping agreement
/// use; Swift's `String.contains` would compare grapheme clusters instead.
enum UTF8Search {
    /// Calls `body` with the UTF-8 bytes of `text`, without copying when the string is native.
    @inline(__always)
    static func withBytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        // Bridged or otherwise non-contiguous strings: rare on Linux, so a copy is fine.
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`.
    static func firstOffset(
        of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0
    ) -> Int? {
        let count = needle.count
        guard count > 0, haystack.count - start >= count else { return count == 0 ? start : nil }
        let first = needle[0]
        let last = haystack.count - count
        var position = start
        while position <= last {
            if haystack[position] == first {
                var matched = 1
                while matched < count && haystack[position + matched] == needle[matched] {
                    matched += 1
                }
                if matched == count { return position }
            }
            position += 1
        }
        return nil
    }

    /// Whether `needle` occurs in `haystack`.
    @inline(__always)
    static func contains(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        needle.withUnsafeBufferPointer { firstOffset(of: $0, in: haystack) != nil }
    }

    /// A string from bytes known to be valid UTF-8 (slices of valid UTF-8 cut at scalar
    /// boundaries); invalid bytes would be repaired, never trapped on.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
