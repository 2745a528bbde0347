import Testing
@testable import HuitongCore

@Suite("ECMAScript number serialisation")
struct JSONECMAScriptNumberTests {
    private static func serialise(_ value: Double) -> String {
        var output: [UInt8] = []
        ByteSink.appending(to: &output) { ECMAScriptNumber.write(value, to: &$0) }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 8785, Appendix B: IEEE-754 bit patterns and their JSON form.
    static let appendixB: [(String, String)] = [
        ("0000000000000000", "0"),
        ("8000000000000000", "0"),
        ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"),
        ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"),
        ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"),
        ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"),
        ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"),
        ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"),
        ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ]

    @Test("matches every row of RFC 8785 appendix B", arguments: appendixB)
    func appendixBRow(hex: String, expected: String) {
        #expect(Self.serialise(JSONTesting.double(hex: hex)) == expected)
    }

    /// Sample lines of the es6testfile100m set (json-canonicalization testdata/README.md),
    /// and the row of the RFC draft's table that appendix B dropped.
    @Test("matches the published ES6 test-file samples", arguments: [
        ("4340000000000001", "9007199254740994"),
        ("4340000000000002", "9007199254740996"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("444b1ae4d6e2ef51", "1.0000000000000001e+21"),
    ])
    func es6Samples(hex: String, expected: String) {
        #expect(Self.serialise(JSONTesting.double(hex: hex)) == expected)
    }

    @Test("switches notation at the ECMAScript thresholds", arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (123e18, "123000000000000000000"),
        (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (0.00001234, "0.00001234"),
        (18.4, "18.4"), (-72.5, "-72.5"), (100, "100"), (0.1, "0.1"), (0.30000000000000004, "0.30000000000000004"),
        (1e300, "1e+300"), (2.5e-300, "2.5e-300"), (4.35, "4.35"), (0.5, "0.5"), (1, "1"),
    ] as [(Double, String)])
    func thresholds(value: Double, expected: String) {
        #expect(Self.serialise(value) == expected)
    }

    /// The standard library's description prints shortest round-trip digits closest to the
    /// value; its digits and exponent, read independently of the code under test.
    private static func referenceDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let text = value.magnitude.description
        let parts = text.split(separator: "e")
        let mantissa = parts[0]
        let power = parts.count > 1 ? Int(parts[1])! : 0
        let integerPart = mantissa.split(separator: ".", omittingEmptySubsequences: false)[0]
        let allDigits = mantissa.filter { $0 != "." }
        let significant = allDigits.drop { $0 == "0" }
        let leadingZeros = allDigits.count - significant.count
        var digits = String(significant)
        while digits.hasSuffix("0") { digits.removeLast() }
        return (digits, integerPart.count - leadingZeros + power)
    }

    @Test("random doubles get the shortest closest digits and read back exactly")
    func randomBitPatterns() {
        var generator = SeededRandom(seed: 42)
        for _ in 0..<200_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite, value != 0 else { continue }
            check(value)
        }
    }

    @Test("random short decimals, the fast path's territory, get the same digits as the reference")
    func randomShortDecimals() {
        var generator = SeededRandom(seed: 7)
        for _ in 0..<200_000 {
            let significand = Double(UInt64.random(in: 1...999_999_999_999, using: &generator))
            let scale = [1e0, 1e1, 1e2, 1e3, 1e4, 1e6, 1e9, 1e12, 1e15, 1e20][Int.random(in: 0..<10, using: &generator)]
            let value = Bool.random(using: &generator) ? significand / scale : significand * scale / 1e3
            check(value)
        }
    }

    private func check(_ value: Double) {
        let decimal = ECMAScriptNumber.shortestDecimal(of: value.magnitude)
        let reference = Self.referenceDigits(value)
        #expect(String(decimal.significand) == reference.digits && decimal.exponent == reference.exponent,
                "\(value.bitPattern): \(decimal) vs \(reference)")
        let text = Self.serialise(value)
        #expect(Double(text) == value, "\(text) does not read back as \(value)")
    }
}
