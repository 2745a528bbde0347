/// SHA-256 as specified in FIPS 180-4 §6.2: 64-byte blocks, a 32-byte digest.
///
/// ```swift
/// var sha = SHA256()
/// sha.update(firstChunk)
/// sha.update(secondChunk)
/// let digest = sha.finalize()
/// ```
package struct SHA256: HashFunction {
    /// 32 bytes.
    package static var digestByteCount: Int { 32 }
    /// 64 bytes.
    package static var blockByteCount: Int { 64 }

    private var hasher = MerkleDamgardHasher<SHA256Compression>()

    /// Starts a computation over no input yet.
    package init() {}

    /// Absorbs `bytes` after everything absorbed so far.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bytes)
    }

    /// Pads the input and returns its 32-byte digest.
    package consuming func finalize() -> Digest {
        hasher.finalize()
    }
}

/// The SHA-256 compression function and its eight state words (FIPS 180-4 §6.2.2).
struct SHA256Compression: BlockCompression {
    // Initial hash value H(0), FIPS 180-4 §5.3.3.
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19

    init() {}

    /// The constants K(0)…K(63), FIPS 180-4 §4.2.2.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        // One stack-allocated schedule reused for every block, and the constants read through
        // an unsafe buffer, keep the loop free of allocation and array bounds checks.
        Self.roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var blockStart = 0
                while blockStart < blocks.count {
                    compressBlock(blocks, at: blockStart, schedule: w, constants: k)
                    blockStart += 64
                }
            }
        }
    }

    @inline(__always)
    private mutating func compressBlock(
        _ blocks: UnsafeRawBufferPointer,
        at blockStart: Int,
        schedule w: UnsafeMutableBufferPointer<UInt32>,
        constants k: UnsafeBufferPointer<UInt32>
    ) {
        // Message schedule, FIPS 180-4 §6.2.2 step 1.
        for t in 0..<16 {
            w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: blockStart + 4 * t, as: UInt32.self))
        }
        for t in 16..<64 {
            let x = w[t - 15], y = w[t - 2]
            let sigma0 = x.rotatedRight(by: 7) ^ x.rotatedRight(by: 18) ^ (x >> 3)
            let sigma1 = y.rotatedRight(by: 17) ^ y.rotatedRight(by: 19) ^ (y >> 10)
            w[t] = sigma1 &+ w[t - 7] &+ sigma0 &+ w[t - 16]
        }

        // Steps 2–4, eight rounds per pass. Instead of shifting a…h down one variable each
        // round, each call names them in rotated order, which saves eight moves a round.
        var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
        var t = 0
        while t < 64 {
            Self.round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
            Self.round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
            Self.round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
            Self.round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
            Self.round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
            Self.round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
            Self.round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
            Self.round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
            t += 8
        }
        h0 &+= a
        h1 &+= b
        h2 &+= c
        h3 &+= d
        h4 &+= e
        h5 &+= f
        h6 &+= g
        h7 &+= h
    }

    /// One round of FIPS 180-4 §6.2.2 step 3: `d` becomes the next round's `e` and `h` the
    /// next round's `a`; the other six values only move down a place, which the caller does
    /// by renaming.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ constantPlusWord: UInt32
    ) {
        let bigSigma1 = e.rotatedRight(by: 6) ^ e.rotatedRight(by: 11) ^ e.rotatedRight(by: 25)
        let choose = g ^ (e & (f ^ g))                     // (e ∧ f) ⊕ (¬e ∧ g)
        let t1 = h &+ bigSigma1 &+ choose &+ constantPlusWord
        let bigSigma0 = a.rotatedRight(by: 2) ^ a.rotatedRight(by: 13) ^ a.rotatedRight(by: 22)
        let majority = (a & b) | (c & (a | b))             // (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
        d &+= t1
        h = t1 &+ bigSigma0 &+ majority
    }

    var digest: Digest {
        Digest(bigEndianWords: [h0, h1, h2, h3, h4, h5, h6, h7])
    }
}
