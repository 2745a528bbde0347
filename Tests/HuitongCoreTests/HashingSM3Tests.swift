import Testing
import HuitongCore

/// SM3 against the two examples in GB/T 32905-2016 Appendix A (the same as GM/T 0004-2012
/// Appendix A and draft-shen-sm3-hash-01 §7).
@Suite struct HashingSM3Tests {
    @Test("hashes \"abc\" to the GB/T 32905-2016 example A.1 value")
    func exampleOne() {
        #expect(SM3.hash("abc").hex == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    @Test("hashes \"abcd\" sixteen times (two blocks after padding) to the GB/T 32905-2016 example A.2 value")
    func exampleTwo() {
        let message = String(repeating: "abcd", count: 16)
        #expect(SM3.hash(message).hex == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test("hashes the empty message to the value OpenSSL gives")
    func emptyMessage() {
        // Expected value from `printf '' | openssl dgst -sm3` (OpenSSL 3.0.19); the standard has
        // no empty-message example.
        #expect(SM3.hash([UInt8]()).hex == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b")
    }

    @Test("gives the same digest for the two-block example fed one byte at a time")
    func exampleTwoByteByByte() {
        var sm3 = SM3()
        for byte in String(repeating: "abcd", count: 16).utf8 {
            sm3.update([byte])
        }
        #expect(sm3.finalize().hex == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test("reports a 32-byte digest and a 64-byte block")
    func sizes() {
        #expect(SM3.digestByteCount == 32)
        #expect(SM3.blockByteCount == 64)
        #expect(SM3.hash("abc").bytes.count == SM3.digestByteCount)
    }
}
