import Testing
import HuitongCore

/// Streaming must not change a digest: however the input is split, the result equals the
/// one-shot hash of the whole.
@Suite struct HashingStreamingTests {
    @Test("SHA-256 over random lengths 0…300 in odd-sized chunks equals the one-shot digest")
    func sha256ChunkedEqualsOneShot() {
        expectChunkedEqualsOneShot(SHA256.self, seed: 0x5348_4132_3536)
    }

    @Test("SM3 over random lengths 0…300 in odd-sized chunks equals the one-shot digest")
    func sm3ChunkedEqualsOneShot() {
        expectChunkedEqualsOneShot(SM3.self, seed: 0x534d_33)
    }

    @Test("HMAC-SHA256 over random lengths 0…300 in odd-sized chunks equals the one-shot code")
    func hmacChunkedEqualsOneShot() {
        var generator = SeededRandom(seed: 0x484d_4143)
        let key = generator.bytes(count: 37)
        for length in 0...300 {
            let message = generator.bytes(count: length)
            var mac = HMAC<SHA256>(key: key)
            for chunk in generator.oddChunks(of: message) {
                mac.update(chunk)
            }
            #expect(mac.finalize() == HMAC<SHA256>.authenticationCode(for: message, key: key), "length \(length)")
        }
    }

    @Test("a lazy, non-contiguous sequence hashes like the same bytes in an array")
    func nonContiguousSequence() {
        let lazyBytes = (0..<10_000).lazy.map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(SHA256.hash(lazyBytes) == SHA256.hash(Array(lazyBytes)))
    }

    private func expectChunkedEqualsOneShot<H: HashFunction>(_: H.Type, seed: UInt64) {
        var generator = SeededRandom(seed: seed)
        for length in 0...300 {
            let message = generator.bytes(count: length)
            var function = H()
            for chunk in generator.oddChunks(of: message) {
                chunk.withUnsafeBytes { function.update($0) }
            }
            #expect(function.finalize() == H.hash(message), "length \(length)")
        }
    }
}

extension SeededRandom {
    mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &self) }
    }

    /// Splits `bytes` into consecutive pieces of odd length 1…67 (the last may be shorter),
    /// so pieces straddle block boundaries at every offset.
    mutating func oddChunks(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let size = Int.random(in: 0...33, using: &self) * 2 + 1
            let end = min(start + size, bytes.count)
            chunks.append(bytes[start..<end])
            start = end
        }
        return chunks
    }
}
