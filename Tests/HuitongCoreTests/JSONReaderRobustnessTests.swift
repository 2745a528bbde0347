import Testing
@testable import HuitongCore

/// Malformed input must end in a `JSONError`, never a crash or a hang.
@Suite("JSONReader: hostile input")
struct JSONReaderRobustnessTests {
    private static let sample = Array(#"""
    {"sensor":"S-320613-0042-01","t":-18.4e+1,"tags":["a\"b\\c\u00e9\ud83d\ude00",null,true,false,[],{}],"人防":"地下"}
    """#.utf8)

    @Test("every truncation of a valid document is rejected, not crashed on")
    func truncations() {
        for length in 0..<Self.sample.count {
            let error = JSONTesting.readError(bytes: Array(Self.sample[..<length]))
            #expect(error != nil, "prefix of \(length) bytes was accepted")
        }
    }

    @Test("random single-byte corruptions never crash the parser")
    func corruptions() {
        var generator = SeededRandom(seed: 1)
        for _ in 0..<20_000 {
            var bytes = Self.sample
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = JSONTesting.readError(bytes: bytes)
        }
    }

    @Test("random byte strings from JSON's alphabet never crash the parser")
    func randomTokens() {
        let alphabet = Array(#"{}[],:"\\/ -+.eE0123456789tfnulrsabu"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xED, 0xF0, 0xFF]
        var generator = SeededRandom(seed: 2)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            _ = JSONTesting.readError(bytes: bytes)
        }
    }

    @Test("ten thousand opening brackets are refused by the depth limit")
    func deepOpening() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        #expect(JSONTesting.readError(bytes: bytes)?.code == .nestingTooDeep)
    }

    @Test("an object with many members parses in reasonable time")
    func manyMembers() throws {
        let members = (0..<20_000).map { "\"key\($0)\":\($0)" }.joined(separator: ",")
        let value = try JSONTesting.read("{\(members)}")
        #expect(value.objectValue?.count == 20_000)
    }
}
