import Testing
@testable import HuitongCore

@Suite("JSONWriter")
struct JSONWriterTests {
    private func compact(_ value: Value) throws -> String {
        try JSONWriter().string(for: value)
    }

    @Test("writes compact JSON with keys in the object's order")
    func compactKeepsOrder() throws {
        let value: Value = ["sensor": "S-1", "ts": 1_764_379_800, "t": 18.4, "water": false, "h": nil]
        #expect(try compact(value) == #"{"sensor":"S-1","ts":1764379800,"t":18.4,"water":false,"h":null}"#)
    }

    @Test("escapes quotes, backslashes and control characters")
    func escaping() throws {
        #expect(try compact("a\"b\\c\nd\te\u{1}f\u{1F}") == #""a\"b\\c\nd\te\u0001f\u001f""#)
    }

    @Test("writes non-ASCII text as UTF-8, not as \\u escapes")
    func nonASCII() throws {
        let bytes = try JSONWriter().bytes(for: "人防€😀")
        #expect(bytes == Array("\"人防€😀\"".utf8))
    }

    @Test("writes doubles with the shortest round-trip digits", arguments: [
        (18.4, "18.4"), (0.1, "0.1"), (1e-7, "1e-7"), (1e21, "1e+21"), (-273.15, "-273.15"),
        (0.30000000000000004, "0.30000000000000004"), (.leastNonzeroMagnitude, "5e-324"),
    ] as [(Double, String)])
    func doubles(value: Double, expected: String) throws {
        #expect(try compact(.double(value)) == expected)
    }

    @Test("keeps whole doubles recognisable as doubles", arguments: [
        (20.0, "20.0"), (0.0, "0.0"), (-0.0, "-0.0"), (1e20, "100000000000000000000.0"),
    ] as [(Double, String)])
    func wholeDoubles(value: Double, expected: String) throws {
        #expect(try compact(.double(value)) == expected)
        #expect(try JSONTesting.read(expected) == .double(value))
    }

    @Test("writes integers exactly across Int64")
    func integers() throws {
        #expect(try compact([.integer(.min), .integer(.max), 0, -7]) == "[-9223372036854775808,9223372036854775807,0,-7]")
    }

    @Test("pretty style indents by two spaces")
    func pretty() throws {
        let value: Value = ["a": 1, "b": [true, nil], "c": [:], "d": []]
        let expected = """
        {
          "a": 1,
          "b": [
            true,
            null
          ],
          "c": {},
          "d": []
        }
        """
        #expect(try JSONWriter(style: .pretty).string(for: value) == expected)
    }

    @Test("NaN is an error naming its place, and the buffer is left as it was")
    func nan() throws {
        var output = Array("kept".utf8)
        let value: Value = ["a b": [1, .double(.nan)]]
        let error = try #require(throws: JSONError.self) { try JSONWriter().append(value, to: &output) }
        #expect(error.code == .nonFiniteNumber)
        #expect(error.valuePath == #"$["a b"][1]"#)
        #expect(error.byteOffset == nil)
        #expect(output == Array("kept".utf8))
    }

    @Test("appends to a reused buffer without giving up its capacity")
    func reusesBuffer() throws {
        let writer = JSONWriter()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1024)
        let capacity = buffer.capacity
        for index in 0..<100 {
            buffer.removeAll(keepingCapacity: true)
            try writer.append(["i": .integer(Int64(index))], to: &buffer)
        }
        #expect(buffer.capacity == capacity)
        #expect(String(decoding: buffer, as: UTF8.self) == #"{"i":99}"#)
    }

    @Test("output much longer than the writers' staging buffer arrives intact after existing bytes")
    func longOutput() throws {
        let long = String(repeating: "人防\"\n", count: 700) + String(repeating: "x", count: 3000)
        let value: Value = ["text": .string(long), "numbers": .array((0..<500).map { .double(Double($0) + 0.25) })]
        for canonical in [false, true] {
            var output = Array("prefix".utf8)
            if canonical {
                var writer = CanonicalJSONWriter()
                try writer.append(value, to: &output)
            } else {
                try JSONWriter().append(value, to: &output)
            }
            #expect(output.starts(with: Array("prefix".utf8)))
            #expect(try JSONReader().value(from: Array(output.dropFirst(6))) == value)
        }
    }

    @Test("random values survive a write and read unchanged")
    func roundTrip() throws {
        var generator = SeededRandom(seed: 11)
        for _ in 0..<2_000 {
            let value = Self.randomValue(depth: 0, using: &generator)
            for style in [JSONWriter.Style.compact, .pretty] {
                let text = try JSONWriter(style: style).bytes(for: value)
                #expect(try JSONReader().value(from: text) == value)
            }
        }
    }

    static func randomValue(depth: Int, using generator: inout SeededRandom) -> Value {
        let choice = Int.random(in: 0..<(depth < 3 ? 8 : 6), using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64(bitPattern: generator.next()) >> Int64.random(in: 0...63, using: &generator))
        case 3:
            let double = Double(bitPattern: generator.next())
            return .double(double.isFinite ? double : 1.5)
        case 4, 5:
            let scalars: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "é", "人", "\u{2028}", "😀"]
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...6, using: &generator) { text.append(scalars.randomElement(using: &generator)!) }
            return .string(String(text))
        case 6:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var object = OrderedObject()
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                object["k\(index)\(["", "é", "😀"].randomElement(using: &generator)!)"] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(object)
        }
    }
}
