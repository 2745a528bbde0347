import Testing
import HuitongCore

@Suite struct HashingDigestTests {
    @Test("hex is lowercase, two characters a byte")
    func hexIsLowercase() {
        #expect(Digest(bytes: [0x00, 0x0f, 0xab, 0xff]).hex == "000fabff")
    }

    @Test("reads hexadecimal in either case back into the same bytes")
    func parsesHexadecimal() {
        #expect(Digest(hexadecimal: "000FabfF") == Digest(bytes: [0x00, 0x0f, 0xab, 0xff]))
        #expect(Digest(hexadecimal: "") == Digest(bytes: []))
    }

    @Test("refuses hexadecimal with an odd length or a non-hex character")
    func refusesMalformedHexadecimal() {
        #expect(Digest(hexadecimal: "abc") == nil)
        #expect(Digest(hexadecimal: "zz") == nil)
        #expect(Digest(hexadecimal: "0x00") == nil)
    }

    @Test("constant-time comparison accepts equal digests")
    func constantTimeEqual() {
        #expect(SM3.hash("abc").constantTimeEquals(SM3.hash("abc")))
    }

    @Test("constant-time comparison rejects a digest differing only in its last bit")
    func constantTimeDifferentLastBit() {
        var bytes = SHA256.hash("abc").bytes
        bytes[bytes.count - 1] ^= 0x01
        #expect(!SHA256.hash("abc").constantTimeEquals(Digest(bytes: bytes)))
    }

    @Test("constant-time comparison rejects a truncated digest")
    func constantTimeDifferentLength() {
        let digest = SHA256.hash("abc")
        #expect(!digest.constantTimeEquals(Digest(bytes: Array(digest.bytes.prefix(16)))))
    }

    @Test("description is the hex form")
    func descriptionIsHex() {
        #expect(SHA256.hash("abc").description == SHA256.hash("abc").hex)
    }
}
