import Testing
import HuitongCore

/// SHA-256 against the examples in NIST's "Cryptographic Standards and Guidelines: Examples
/// with Intermediate Values" for FIPS 180-4 (SHA256.pdf, SHA2_Additional.pdf), which are also
/// the vectors quoted in FIPS 180-2 Appendix B.
@Suite struct HashingSHA256Tests {
    @Test("hashes the empty message to the FIPS 180-4 value")
    func emptyMessage() {
        #expect(SHA256.hash([UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("hashes \"abc\" (one block) to the FIPS 180-4 value")
    func oneBlockMessage() {
        #expect(SHA256.hash("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("hashes the 448-bit two-block message to the FIPS 180-4 value")
    func twoBlockMessage() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hash(message).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("hashes the 896-bit message to the FIPS 180-4 value")
    func longMessage() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(SHA256.hash(message).hex == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test("hashes one million 'a' fed in uneven chunks to the FIPS 180-4 value")
    func millionAsInUnevenChunks() {
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
        let chunkSizes = [1, 63, 64, 65, 127, 500, 999, 1_000, 7, 0]
        var sha = SHA256()
        var remaining = 1_000_000
        var turn = 0
        while remaining > 0 {
            let size = min(chunkSizes[turn % chunkSizes.count], remaining)
            chunk.prefix(size).withUnsafeBytes { sha.update($0) }
            remaining -= size
            turn += 1
        }
        #expect(sha.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("hashes a message of exactly 55 bytes, the longest that pads within one block")
    func paddingBoundary() {
        // Expected value from `printf 'a%.0s' {1..55} | sha256sum` (GNU coreutils); it pins the
        // branch where the length just fits after the 0x80 byte.
        let message = String(repeating: "a", count: 55)
        #expect(SHA256.hash(message).hex == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    }

    @Test("reports a 32-byte digest and a 64-byte block")
    func sizes() {
        #expect(SHA256.digestByteCount == 32)
        #expect(SHA256.blockByteCount == 64)
        #expect(SHA256.hash("abc").bytes.count == SHA256.digestByteCount)
    }
}
