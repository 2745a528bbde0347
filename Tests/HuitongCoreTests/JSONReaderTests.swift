import Testing
@testable import HuitongCore

@Suite("JSONReader: structure")
struct JSONReaderTests {
    @Test("reads a sensor record with members in source order")
    func readsRecord() throws {
        let value = try JSONTesting.read(#"{"sensor":"S-320613-0042-01","ts":1764379800,"t":18.4,"h":null,"water":false}"#)
        #expect(value.objectValue?.keys == ["sensor", "ts", "t", "h", "water"])
        #expect(value["sensor"] == "S-320613-0042-01")
        #expect(value["ts"] == .integer(1_764_379_800))
        #expect(value["t"] == .double(18.4))
        #expect(value["h"] == .null)
        #expect(value["water"] == .bool(false))
    }

    @Test("reads nested arrays and objects, empty ones included")
    func readsNesting() throws {
        let value = try JSONTesting.read(#" [ {} , [ ] , { "a" : [ 1 , { "b" : [ ] } ] } ] "#)
        #expect(value == [.object([:]), [], ["a": [1, ["b": []]]]])
    }

    @Test("accepts any scalar as the whole document")
    func scalarDocuments() throws {
        #expect(try JSONTesting.read("true") == .bool(true))
        #expect(try JSONTesting.read(" null ") == .null)
        #expect(try JSONTesting.read(#""x""#) == .string("x"))
        #expect(try JSONTesting.read("-0.5") == .double(-0.5))
    }

    @Test("accepts the four white-space characters between tokens")
    func whitespace() throws {
        #expect(try JSONTesting.read("\t\r\n [\n1\r\n,\t2 ]\n") == [1, 2])
    }

    @Test("reads escapes, including a surrogate pair")
    func escapes() throws {
        let value = try JSONTesting.read(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tA\u{E9}\u{20AC}\u{1F600}"))
    }

    @Test("reads \\u0000 as a NUL character")
    func escapedNul() throws {
        #expect(try JSONTesting.read(#""a\u0000b""#) == .string("a\u{0}b"))
    }

    @Test("reads non-ASCII UTF-8 text as it is")
    func nonASCII() throws {
        #expect(try JSONTesting.read(#"{"人防":"地下室 B2"}"#) == ["人防": "地下室 B2"])
    }

    @Test("reads long strings, with and without escapes")
    func longStrings() throws {
        let plain = String(repeating: "abcdefgh", count: 100)
        #expect(try JSONTesting.read("\"\(plain)\"") == .string(plain))
        #expect(try JSONTesting.read("\"\(plain)\\n\(plain)\"") == .string(plain + "\n" + plain))
    }

    @Test("keys of every length, plain, escaped and non-ASCII, read back exactly")
    func keysOfEveryLength() throws {
        for length in 0...20 {
            let plain = String(repeating: "k", count: length)
            let accented = "é" + String(repeating: "ü", count: length)
            let text = #"{"\#(plain)":1,"\#(plain)\u0041":2,"\#(accented)":3,"x\#(plain)":4}"#
            let value = try JSONTesting.read(text)
            #expect(value.objectValue?.keys == [plain, plain + "A", accented, "x" + plain])
        }
    }

    @Test("accepts nesting exactly at the limit")
    func nestingAtLimit() throws {
        let depth = 512
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(JSONTesting.readError(text) == nil)
    }

    @Test("rejects nesting one deeper than the limit")
    func nestingBeyondLimit() {
        let depth = 513
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(JSONTesting.readError(text)?.code == .nestingTooDeep)
    }

    @Test("a configured depth limit applies to objects too")
    func configuredDepth() {
        #expect(JSONTesting.readError(#"{"a":{"b":{}}}"#, maximumDepth: 2)?.code == .nestingTooDeep)
        #expect(JSONTesting.readError(#"{"a":{"b":1}}"#, maximumDepth: 2) == nil)
    }

    @Test("reads from raw bytes and from [UInt8] alike")
    func byteEntryPoints() throws {
        let bytes = Array(#"{"a":[1,2.5]}"#.utf8)
        let fromArray = try JSONReader().value(from: bytes)
        let fromRaw = try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try JSONReader().value(from: raw) }
        }.get()
        #expect(fromArray == fromRaw)
        #expect(fromArray == ["a": [1, 2.5]])
    }
}
