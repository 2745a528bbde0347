import Foundation
import HuitongTestSupport
import Testing
@testable import HuitongCore

@Suite("Canonical JSON (RFC 8785)")
struct JSONCanonicalTests {
    /// RFC 8785, section 3.2.2: the sample input.
    static let rfcSampleInput = #"""
    {
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }
    """#

    @Test("canonicalises the RFC section 3.2.2 sample as section 3.2.4 shows")
    func rfcSample() throws {
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try JSONTesting.canonical(Self.rfcSampleInput) == expected)
    }

    @Test("produces the RFC section 3.2.4 UTF-8 bytes for the sample")
    func rfcSampleBytes() throws {
        let hex = """
        7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e
        75 6d 62 65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30
        2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24
        5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
        """
        let expected = hex.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16)! }
        #expect(try CanonicalJSONWriter.bytes(for: JSONTesting.read(Self.rfcSampleInput)) == expected)
    }

    @Test("sorts keys by UTF-16 code units as in RFC section 3.2.3")
    func rfcSortingExample() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let value = try JSONTesting.read(input)
        let canonical = try JSONTesting.read(try JSONTesting.canonical(input))
        let order = canonical.objectValue!.map { $0.value.stringValue! }
        #expect(order == [
            "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis",
            "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh",
        ])
        #expect(canonical == value)
    }

    @Test("matches the json-canonicalization test vectors", arguments: [
        "values", "weird", "structures", "french", "unicode", "simpleString",
    ])
    func testVectors(name: String) throws {
        let input = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("json/jcs/input/\(name).json")))
        let output = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("json/jcs/output/\(name).json")))
        let value = try JSONReader().value(from: [UInt8](input))
        #expect(try CanonicalJSONWriter.bytes(for: value) == [UInt8](output))
    }

    @Test("UTF-16 order differs from scalar order only against supplementary characters")
    func keyComparison() {
        #expect(CanonicalKeyOrder.precedes("\u{1F600}", "\u{FB33}"))
        #expect(!CanonicalKeyOrder.precedes("\u{FB33}", "\u{1F600}"))
        #expect(CanonicalKeyOrder.precedes("\r", "1"))
        #expect(CanonicalKeyOrder.precedes("\u{20AC}", "\u{1F600}"))
        #expect(CanonicalKeyOrder.precedes("ab", "abc"))
        #expect(!CanonicalKeyOrder.precedes("abc", "abc"))
    }

    @Test("the key comparison agrees with UTF-16 order on random strings")
    func keyComparisonIsUTF16Order() {
        let pool: [Unicode.Scalar] = ["a", "b", "\u{7F}", "\u{80}", "\u{FF}", "\u{7FF}", "\u{800}", "\u{D7FF}",
                                      "\u{E000}", "\u{FB33}", "\u{FFFD}", "\u{10000}", "\u{1F600}", "\u{10FFFF}"]
        var generator = SeededRandom(seed: 3)
        func randomKey() -> String {
            var key = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...4, using: &generator) { key.append(pool.randomElement(using: &generator)!) }
            return String(key)
        }
        for _ in 0..<20_000 {
            let left = randomKey()
            let right = randomKey()
            #expect(CanonicalKeyOrder.precedes(left, right) == left.utf16.lexicographicallyPrecedes(right.utf16), "\(left.unicodeScalars.map(\.value)) vs \(right.unicodeScalars.map(\.value))")
        }
    }

    @Test("one writer over objects of hundreds of shapes writes each as a fresh writer does")
    func manyShapes() throws {
        // Short keys stored inline and long ones stored out of line, shared or built anew (equal
        // keys with different storage), each present or left out at random, sometimes reordered.
        let names = (0..<10).map { $0.isMultiple(of: 2) ? "k\($0)" : "a-long-key-stored-out-of-line-\($0)" }
        var generator = SeededRandom(seed: 8785)
        var writer = CanonicalJSONWriter()
        for round in 0..<3_000 {
            var object = OrderedObject()
            let order = round.isMultiple(of: 5) ? names.shuffled(using: &generator) : names
            for name in order where Bool.random(using: &generator) {
                let key = round.isMultiple(of: 3) ? String(decoding: Array(name.utf8), as: UTF8.self) : name
                object[key] = .integer(Int64(round))
            }
            var output: [UInt8] = []
            try writer.append(.object(object), to: &output)
            #expect(output == (try CanonicalJSONWriter.bytes(for: .object(object))))
        }
    }

    @Test("a remembered shape writes keys that need escapes, and nested objects of their own shapes, as a fresh writer does")
    func rememberedShapesWithEscapesAndNesting() throws {
        var writer = CanonicalJSONWriter()
        for round in 0..<6 {
            let inner: Value = round.isMultiple(of: 2) ? ["lon": 120.86354725098543, "lat": 32.0103] : ["x\"y": 1, "\n": 2]
            let object: Value = ["名称": "防空地下室", "a\\b": inner, "\u{1}": .integer(Int64(round)), "location": inner]
            var output: [UInt8] = []
            try writer.append(object, to: &output)
            #expect(output == (try CanonicalJSONWriter.bytes(for: object)))
        }
    }

    @Test("integers beyond 2^53 are written with their exact digits")
    func bigIntegers() throws {
        #expect(try CanonicalJSONWriter.string(for: .integer(9_007_199_254_740_993)) == "9007199254740993")
        #expect(try CanonicalJSONWriter.string(for: .integer(Int64.min)) == "-9223372036854775808")
        #expect(try CanonicalJSONWriter.string(for: .integer(-9_007_199_254_740_992)) == "-9007199254740992")
    }

    @Test("whole doubles are written without a fraction and negative zero as 0")
    func wholeDoubles() throws {
        #expect(try CanonicalJSONWriter.string(for: [56.0, -0.0, 1e21, 1e-7]) == "[56,0,1e+21,1e-7]")
    }

    @Test("escapes only quote, backslash and C0 controls, in lower-case hex")
    func stringEscaping() throws {
        let value = Value.string("\u{1}\u{8}\t\n\u{B}\u{C}\r\u{1F}\u{7F}\"\\/\u{2028}\u{2029}é")
        let expected = #""\u0001\b\t\n\u000b\f\r\u001f"# + "\u{7F}" + #"\"\\/"# + "\u{2028}\u{2029}é\""
        #expect(try CanonicalJSONWriter.string(for: value) == expected)
    }

    @Test("sorts nested objects and keeps array order")
    func nestedSorting() throws {
        #expect(try JSONTesting.canonical(#"{"b":[{"z":1,"a":2},3,1],"a":{"y":null,"x":true}}"#)
                == #"{"a":{"x":true,"y":null},"b":[{"a":2,"z":1},3,1]}"#)
    }

    @Test("a writer reused across objects of differing shapes sorts each correctly")
    func reusedWriterShapes() throws {
        var writer = CanonicalJSONWriter()
        var output: [UInt8] = []
        for index in 0..<40 {
            output.removeAll(keepingCapacity: true)
            let keys = (0..<(index % 5 + 2)).map { "k\((index + $0 * 7) % 11)" }
            let object = OrderedObject(uniqueKeysWithValues: Set(keys).map { ($0, Value.integer(1)) })
            try writer.append(.object(object), to: &output)
            let sortedKeys = Set(keys).sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            let expected = "{" + sortedKeys.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
            #expect(String(decoding: output, as: UTF8.self) == expected)
        }
    }

    @Test("the same keys in another order are not mistaken for a remembered shape")
    func shapeOrderMatters() throws {
        var writer = CanonicalJSONWriter()
        var first: [UInt8] = []
        var second: [UInt8] = []
        try writer.append(["b": 1, "a": 2], to: &first)
        try writer.append(["a": 1, "b": 2], to: &second)
        #expect(String(decoding: first, as: UTF8.self) == #"{"a":2,"b":1}"#)
        #expect(String(decoding: second, as: UTF8.self) == #"{"a":1,"b":2}"#)
    }

    @Test("canonical output is a fixed point")
    func idempotent() throws {
        let once = try JSONTesting.canonical(Self.rfcSampleInput)
        #expect(try JSONTesting.canonical(once) == once)
    }

    @Test("NaN is an error that says where it is, and the buffer is left as it was")
    func nanIsAnError() throws {
        var writer = CanonicalJSONWriter()
        var output = Array("prefix".utf8)
        let value: Value = ["readings": [["t": 1.0], ["t": .double(.nan)]]]
        let error = try #require(throws: JSONError.self) { try writer.append(value, to: &output) }
        #expect(error.code == .nonFiniteNumber)
        #expect(error.valuePath == "$.readings[1].t")
        #expect(output == Array("prefix".utf8))
    }

    @Test("infinity is an error")
    func infinityIsAnError() {
        #expect(throws: JSONError.self) { try CanonicalJSONWriter.bytes(for: .double(-.infinity)) }
    }

    @Test("values nested beyond the limit are refused")
    func depthLimit() {
        var value: Value = 1
        for _ in 0..<600 { value = [value] }
        #expect(throws: JSONError.self) { try CanonicalJSONWriter.bytes(for: value) }
    }
}
