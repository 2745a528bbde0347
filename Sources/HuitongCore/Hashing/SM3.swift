/// SM3 as specified in GB/T 32905-2016 (also GM/T 0004-2012): 64-byte blocks, a 32-byte digest.
///
/// The national standard hash that Chinese government platforms require for signatures and
/// integrity checks; streaming works as for ``SHA256``.
package struct SM3: HashFunction {
    /// 32 bytes.
    package static var digestByteCount: Int { 32 }
    /// 64 bytes.
    package static var blockByteCount: Int { 64 }

    private var hasher = MerkleDamgardHasher<SM3Compression>()

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

/// The SM3 compression function CF and its eight state words (GB/T 32905-2016 §5.3).
struct SM3Compression: BlockCompression {
    // Initial value IV, GB/T 32905-2016 §4.1.
    private var v0: UInt32 = 0x7380_166f
    private var v1: UInt32 = 0x4914_b2b9
    private var v2: UInt32 = 0x1724_42d7
    private var v3: UInt32 = 0xda8a_0600
    private var v4: UInt32 = 0xa96f_30bc
    private var v5: UInt32 = 0x1631_38aa
    private var v6: UInt32 = 0xe38d_ee4d
    private var v7: UInt32 = 0xb0fb_0e4e

    init() {}

    /// T(j) <<< (j mod 32) for every round, so the loop does not rotate a constant each time.
    /// T(j) is 0x79cc4519 for rounds 0–15 and 0x7a879d8a for rounds 16–63 (§4.2).
    private static let rotatedRoundConstants: [UInt32] = (0..<64).map { j in
        let constant: UInt32 = j < 16 ? 0x79cc_4519 : 0x7a87_9d8a
        return constant.rotatedLeft(by: UInt32(j % 32))
    }

    mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        // 68 expanded words W(0)…W(67); W'(j) = W(j) ^ W(j+4) is formed on the fly.
        Self.rotatedRoundConstants.withUnsafeBufferPointer { t in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 68) { w in
                var blockStart = 0
                while blockStart < blocks.count {
                    compressBlock(blocks, at: blockStart, expanded: w, constants: t)
                    blockStart += 64
                }
            }
        }
    }

    @inline(__always)
    private static func p0(_ x: UInt32) -> UInt32 {
        x ^ x.rotatedLeft(by: 9) ^ x.rotatedLeft(by: 17)
    }

    @inline(__always)
    private static func p1(_ x: UInt32) -> UInt32 {
        x ^ x.rotatedLeft(by: 15) ^ x.rotatedLeft(by: 23)
    }

    @inline(__always)
    private mutating func compressBlock(
        _ blocks: UnsafeRawBufferPointer,
        at blockStart: Int,
        expanded w: UnsafeMutableBufferPointer<UInt32>,
        constants t: UnsafeBufferPointer<UInt32>
    ) {
        // Message expansion, §5.3.2.
        for j in 0..<16 {
            w[j] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: blockStart + 4 * j, as: UInt32.self))
        }
        for j in 16..<68 {
            w[j] = Self.p1(w[j - 16] ^ w[j - 9] ^ w[j - 3].rotatedLeft(by: 15))
                ^ w[j - 13].rotatedLeft(by: 7) ^ w[j - 6]
        }

        // Compression, §5.3.3, four rounds per pass. Each round changes only B, D, F and H in
        // place; the calls name the registers in rotated order instead of moving all eight.
        // The passes are split at round 16 because FF and GG change there.
        var a = v0, b = v1, c = v2, d = v3, e = v4, f = v5, g = v6, h = v7
        var j = 0
        while j < 16 {
            Self.earlyRound(a, &b, c, &d, e, &f, g, &h, w, t, j)
            Self.earlyRound(d, &a, b, &c, h, &e, f, &g, w, t, j + 1)
            Self.earlyRound(c, &d, a, &b, g, &h, e, &f, w, t, j + 2)
            Self.earlyRound(b, &c, d, &a, f, &g, h, &e, w, t, j + 3)
            j += 4
        }
        while j < 64 {
            Self.lateRound(a, &b, c, &d, e, &f, g, &h, w, t, j)
            Self.lateRound(d, &a, b, &c, h, &e, f, &g, w, t, j + 1)
            Self.lateRound(c, &d, a, &b, g, &h, e, &f, w, t, j + 2)
            Self.lateRound(b, &c, d, &a, f, &g, h, &e, w, t, j + 3)
            j += 4
        }
        v0 ^= a
        v1 ^= b
        v2 ^= c
        v3 ^= d
        v4 ^= e
        v5 ^= f
        v6 ^= g
        v7 ^= h
    }

    /// Round `j` of 0–15, where FF and GG are both XOR. On return `d` holds the next A, `h`
    /// the next E, and `b` and `f` are rotated into the next C and G.
    @inline(__always)
    private static func earlyRound(
        _ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: inout UInt32, _ g: UInt32, _ h: inout UInt32,
        _ w: UnsafeMutableBufferPointer<UInt32>, _ t: UnsafeBufferPointer<UInt32>, _ j: Int
    ) {
        let a12 = a.rotatedLeft(by: 12)
        let ss1 = (a12 &+ e &+ t[j]).rotatedLeft(by: 7)
        let ss2 = ss1 ^ a12
        d = (a ^ b ^ c) &+ d &+ ss2 &+ (w[j] ^ w[j + 4])
        h = p0((e ^ f ^ g) &+ h &+ ss1 &+ w[j])
        b = b.rotatedLeft(by: 9)
        f = f.rotatedLeft(by: 19)
    }

    /// Round `j` of 16–63, where FF is majority and GG is choice; otherwise as ``earlyRound``.
    @inline(__always)
    private static func lateRound(
        _ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: inout UInt32, _ g: UInt32, _ h: inout UInt32,
        _ w: UnsafeMutableBufferPointer<UInt32>, _ t: UnsafeBufferPointer<UInt32>, _ j: Int
    ) {
        let a12 = a.rotatedLeft(by: 12)
        let ss1 = (a12 &+ e &+ t[j]).rotatedLeft(by: 7)
        let ss2 = ss1 ^ a12
        let majority = (a & b) | (c & (a | b))             // (A ∧ B) ∨ (A ∧ C) ∨ (B ∧ C)
        let choice = g ^ (e & (f ^ g))                     // (E ∧ F) ∨ (¬E ∧ G)
        d = majority &+ d &+ ss2 &+ (w[j] ^ w[j + 4])
        h = p0(choice &+ h &+ ss1 &+ w[j])
        b = b.rotatedLeft(by: 9)
        f = f.rotatedLeft(by: 19)
    }

    var digest: Digest {
        Digest(bigEndianWords: [v0, v1, v2, v3, v4, v5, v6, v7])
    }
}
