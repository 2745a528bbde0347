import Testing
@testable import HuitongCore

@Suite("JSONReader: numbers")
struct JSONReaderNumberTests {
    @Test("an integer literal that fits Int64 is an exact integer", arguments: [
        ("0", 0), ("-0", 0), ("1764379800", 1_764_379_800), ("-42", -42),
        ("9007199254740993", 9_007_199_254_740_993),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ] as [(String, Int64)])
    func integers(text: String, expected: Int64) throws {
        #expect(try JSONTesting.read(text) == .integer(expected))
    }

    @Test("an integer literal beyond Int64 becomes a double")
    func beyondInt64() throws {
        #expect(try JSONTesting.read("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONTesting.read("-9223372036854775809") == .double(-9_223_372_036_854_775_808))
        #expect(try JSONTesting.read("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test("a fraction or an exponent makes a double, even when whole", arguments: ["1.0", "1e0", "1E+0", "10e-1", "0.1e1"])
    func wholeDoubles(text: String) throws {
        #expect(try JSONTesting.read(text) == .double(1))
    }

    @Test("negative zero with a fraction keeps its sign")
    func negativeZero() throws {
        let value = try #require(try JSONTesting.read("-0.0").doubleValue)
        #expect(value == 0 && value.sign == .minus)
    }

    @Test("hard cases round correctly", arguments: [
        "0.1", "18.4", "72.5", "-273.15", "2.2250738585072011e-308", "2.2250738585072014e-308",
        "4.9e-324", "2.4703282292062327e-324", "1.7976931348623157e308", "9007199254740993.0",
        "9007199254740992.9999999999999999", "0.000000000000000000000000001", "1e-400",
        "3.14159265358979323846264338327950288419716939937510", "123456789012345678e-5",
        "8.98846567431158e307", "0.30000000000000004", "100000000000000000000000",
    ])
    func hardCases(text: String) throws {
        #expect(try JSONTesting.read(text) == .double(Double(text)!))
    }

    @Test("random decimal literals read exactly as the standard library reads them")
    func randomDecimals() throws {
        var generator = SeededRandom(seed: 8785)
        for _ in 0..<50_000 {
            let integerDigits = Int.random(in: 1...20, using: &generator)
            var text = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<integerDigits { text += String(Int.random(in: 0...9, using: &generator)) }
            if Bool.random(using: &generator) {
                text += "."
                for _ in 0..<Int.random(in: 1...20, using: &generator) { text += String(Int.random(in: 0...9, using: &generator)) }
            }
            if Bool.random(using: &generator) {
                text += "e\(Int.random(in: -330...310, using: &generator))"
            }
            guard let expected = Double(text), expected.isFinite, text.contains(where: { $0 == "." || $0 == "e" }) else { continue }
            let value = try JSONTesting.read(text)
            #expect(value == .double(expected), "\(text)")
            if value != .double(expected) { break }
        }
    }
}
