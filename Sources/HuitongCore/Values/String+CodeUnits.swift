extension String {
    /// Whether the two strings have the same UTF-8 bytes, that is the same Unicode scalars.
    ///
    /// JSON (RFC 8259) and canonical JSON (RFC 8785) treat strings as sequences of code points:
    /// `"\u00e9"` and `"e\u0301"` are different keys with different canonical bytes. Swift's `==`
    /// uses canonical equivalence and would call them equal, so values and object keys compare
    /// with this instead. It is also the cheaper test: a length check, then a byte comparison.
    @inline(__always)
    func hasSameCodeUnits(as other: String) -> Bool {
        // Fast path: two strings with the same representation bits have the same contents. For
        // strings of up to 15 bytes the bits are the contents (Swift stores them inline); longer
        // ones match when they share storage. This makes comparing a record's keys with the keys
        // remembered from the previous record nearly free. Anything else is compared byte by byte.
        if MemoryLayout<String>.size == MemoryLayout<(UInt64, UInt64)>.size,
           unsafeBitCast(self, to: (UInt64, UInt64).self) == unsafeBitCast(other, to: (UInt64, UInt64).self) {
            return true
        }
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        let compared = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                mine.elementsEqual(theirs)
            }
        }
        if let compared, let result = compared {
            return result
        }
        return utf8.elementsEqual(other.utf8)
    }
}
