extension UInt32 {
    /// The bits rotated towards the most significant end; SM3 is specified with left rotations.
    @inline(__always)
    func rotatedLeft(by count: UInt32) -> UInt32 {
        // Masking shifts keep a rotation by 0 (SM3's first round constant) well defined.
        (self &<< count) | (self &>> (32 &- count))
    }

    /// The bits rotated towards the least significant end; SHA-256 is specified with right rotations.
    @inline(__always)
    func rotatedRight(by count: UInt32) -> UInt32 {
        (self &>> count) | (self &<< (32 &- count))
    }
}
