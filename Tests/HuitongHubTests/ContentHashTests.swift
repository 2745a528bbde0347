import HuitongCore
import Testing
@testable import HuitongHub

@Suite("The accepted index's inline SHA-256")
struct ContentHashTests {
    static let hex = SHA256.hash(Array("{\"id\":\"320613-RF-000039\"}".utf8)).hex

    @Test("the same digest in either case is equal; one nibble apart is not")
    func equality() throws {
        let lower = try #require(ContentHash(hex: Self.hex))
        #expect(ContentHash(hex: Self.hex.uppercased()) == lower)
        var changed = Array(Self.hex.utf8)
        changed[63] = changed[63] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(ContentHash(hex: String(decoding: changed, as: UTF8.self)) != lower)
        var first = Array(Self.hex.utf8)
        first[0] = first[0] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(ContentHash(hex: String(decoding: first, as: UTF8.self)) != lower)
        #expect(Set([lower, try #require(ContentHash(hex: Self.hex.uppercased()))]).count == 1)
    }

    @Test("anything but 64 hexadecimal digits is refused", arguments: ["", "abc", String(repeating: "0", count: 63),
                                                                        String(repeating: "0", count: 65), String(repeating: "g", count: 64),
                                                                        String(repeating: "0", count: 63) + "z", String(repeating: "0", count: 61) + "é" + "0"])
    func refusals(text: String) {
        #expect(ContentHash(hex: text) == nil)
    }

    @Test("the hexadecimal and the digest read back as they were")
    func roundTrip() throws {
        let hash = try #require(ContentHash(hex: Self.hex.uppercased()))
        #expect(hash.hex == Self.hex)
        #expect(hash.digest == SHA256.hash(Array("{\"id\":\"320613-RF-000039\"}".utf8)))
        #expect(ContentHash(hash.digest) == hash)
        let line = Array("{\"h\":\"\(Self.hex)\"}".utf8)
        #expect(ContentHash(hex: line, 6..<70) == hash)
        #expect(ContentHash(hex: line, 6..<69) == nil)
    }
}
