import Testing
import HuitongCore

/// HMAC-SHA256 against every test case of RFC 4231 §4.2–4.8, and HMAC-SM3 against published
/// vectors (sources on each test).
@Suite struct HashingHMACTests {
    @Test("HMAC-SHA256 matches RFC 4231 test case 1 (20-byte key)")
    func rfc4231Case1() {
        let code = HMAC<SHA256>.authenticationCode(for: "Hi There".utf8, key: repeatElement(0x0b, count: 20))
        #expect(code.hex == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test case 2 (key shorter than the digest)")
    func rfc4231Case2() {
        let code = HMAC<SHA256>.authenticationCode(for: "what do ya want for nothing?", key: "Jefe")
        #expect(code.hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test case 3 (50 bytes of 0xdd)")
    func rfc4231Case3() {
        let code = HMAC<SHA256>.authenticationCode(
            for: repeatElement(0xdd, count: 50), key: repeatElement(0xaa, count: 20))
        #expect(code.hex == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test case 4 (25-byte counting key)")
    func rfc4231Case4() {
        let code = HMAC<SHA256>.authenticationCode(for: repeatElement(0xcd, count: 50), key: 0x01...0x19)
        #expect(code.hex == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test case 5 when truncated to 128 bits")
    func rfc4231Case5() {
        let code = HMAC<SHA256>.authenticationCode(
            for: "Test With Truncation".utf8, key: repeatElement(0x0c, count: 20))
        #expect(Digest(bytes: Array(code.bytes.prefix(16))).hex == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test case 6 (131-byte key is hashed first)")
    func rfc4231Case6() {
        let code = HMAC<SHA256>.authenticationCode(
            for: "Test Using Larger Than Block-Size Key - Hash Key First".utf8,
            key: repeatElement(0xaa, count: 131))
        #expect(code.hex == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test case 7 (long key and message longer than a block)")
    func rfc4231Case7() {
        let message = "This is a test using a larger than block-size key and a larger than block-size data. "
            + "The key needs to be hashed before being used by the HMAC algorithm."
        let code = HMAC<SHA256>.authenticationCode(for: message.utf8, key: repeatElement(0xaa, count: 131))
        #expect(code.hex == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    @Test("HMAC-SM3 matches the GM/T 0042-2015 Appendix D.3 example")
    func sm3StandardExample() {
        // Key 0x01…0x25, message 50 bytes of 0xcd. Value as quoted from GM/T 0042-2015 D.3 in
        // intel-ipsec-mb test/kat-app/hmac_sm3.json.c; `openssl dgst -sm3 -mac HMAC` agrees.
        let code = HMAC<SM3>.authenticationCode(for: repeatElement(0xcd, count: 50), key: 0x01...0x25)
        #expect(code.hex == "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae")
    }

    @Test("HMAC-SM3 matches Bouncy Castle's known answer for the RFC 4231 case 1 inputs")
    func sm3BouncyCastleKnownAnswer() {
        // From bc-java prov/src/test/java/org/bouncycastle/jce/provider/test/HMacTest.java
        // (outputSM3); OpenSSL 3.0.19 `openssl dgst -sm3 -mac HMAC` agrees.
        let code = HMAC<SM3>.authenticationCode(for: "Hi There".utf8, key: repeatElement(0x0b, count: 20))
        #expect(code.hex == "51b00d1fb49832bfb01c3ce27848e59f871d9ba938dc563b338ca964755cce70")
    }

    @Test("HMAC-SM3 hashes a key longer than the block first")
    func sm3LongKey() {
        // No published vector found; value from Python's hmac over OpenSSL 3.0.19's SM3:
        // hmac.new(b'\xaa' * 131, b'Test Using Larger Than Block-Size Key - Hash Key First', 'sm3').
        let code = HMAC<SM3>.authenticationCode(
            for: "Test Using Larger Than Block-Size Key - Hash Key First".utf8,
            key: repeatElement(0xaa, count: 131))
        #expect(code.hex == "b4fd844e13342002f0b2e0690ea7741f1497d993a70494cea601e657bedf67a0")
    }

    @Test("HMAC gives the same code when the message arrives in pieces")
    func streamingMatchesOneShot() {
        var mac = HMAC<SM3>(key: "Jefe")
        mac.update("what do ")
        mac.update(Array("ya want ".utf8))
        Array("for nothing?".utf8).withUnsafeBytes { mac.update($0) }
        #expect(mac.finalize() == HMAC<SM3>.authenticationCode(for: "what do ya want for nothing?", key: "Jefe"))
    }

    @Test("HMAC with a key of exactly one block uses it without hashing")
    func blockSizedKey() {
        // Expected value from Python: hmac.new(b'k' * 64, b'message', 'sha256'), OpenSSL 3.0.19.
        let code = HMAC<SHA256>.authenticationCode(for: "message", key: String(repeating: "k", count: 64))
        #expect(code.hex == "890f3a16e0ca0aaa3bf180f70fa8e3970b3fd6505e98fde157988dcc19d1685c")
    }
}
