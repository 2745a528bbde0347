/// The chaining state of a hash built on 64-byte blocks and big-endian 32-bit words.
///
/// SHA-256 and SM3 differ only here; buffering and padding are shared by
/// ``MerkleDamgardHasher``.
protocol BlockCompression: Sendable {
    /// The state before any block, from the algorithm's specification.
    init()

    /// Folds whole blocks into the state; `blocks.count` is a non-zero multiple of 64.
    mutating func compress(_ blocks: UnsafeRawBufferPointer)

    /// The state words, big-endian: the digest once the padding has been compressed.
    var digest: Digest { get }
}

/// Buffering and padding for a Merkle–Damgård hash with 64-byte blocks and a 64-bit
/// big-endian bit length, as SHA-256 (FIPS 180-4 §5.1.1) and SM3 (GB/T 32905-2016 §5.2) share.
///
/// Whole blocks are compressed straight from the caller's buffer; only a trailing partial
/// block is copied, into fixed inline storage, so streaming allocates nothing.
struct MerkleDamgardHasher<Compression: BlockCompression>: Sendable {
    static var blockByteCount: Int { 64 }

    private var compression = Compression()
    /// A partial block waiting for more input; a tuple so it lives inline, not on the heap.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingByteCount = 0
    private var totalByteCount: UInt64 = 0

    init() {}

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        totalByteCount &+= UInt64(bytes.count)
        var consumed = 0

        if pendingByteCount > 0 {
            let taken = min(Self.blockByteCount - pendingByteCount, bytes.count)
            let start = pendingByteCount
            withUnsafeMutableBytes(of: &pending) { block in
                (block.baseAddress! + start).copyMemory(from: source, byteCount: taken)
            }
            pendingByteCount += taken
            consumed = taken
            guard pendingByteCount == Self.blockByteCount else { return }
            withUnsafeBytes(of: pending) { compression.compress($0) }
            pendingByteCount = 0
        }

        let wholeBlockBytes = (bytes.count - consumed) / Self.blockByteCount * Self.blockByteCount
        if wholeBlockBytes > 0 {
            compression.compress(UnsafeRawBufferPointer(start: source + consumed, count: wholeBlockBytes))
            consumed += wholeBlockBytes
        }

        let remainder = bytes.count - consumed
        if remainder > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: source + consumed, byteCount: remainder)
            }
            pendingByteCount = remainder
        }
    }

    consuming func finalize() -> Digest {
        let bitLength = totalByteCount &<< 3
        // 0x80, then zeros up to 56 bytes into a block, then the 8-byte length: 9 to 72 bytes.
        let zeroCount = (Self.blockByteCount + 55 - pendingByteCount) % Self.blockByteCount
        let paddingByteCount = 1 + zeroCount + 8
        withUnsafeTemporaryAllocation(byteCount: 72, alignment: 8) { padding in
            padding.initializeMemory(as: UInt8.self, repeating: 0)
            padding[0] = 0x80
            padding.storeBytes(of: bitLength.bigEndian, toByteOffset: 1 + zeroCount, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: padding[..<paddingByteCount]))
        }
        return compression.digest
    }
}
