import Testing
@testable import HuitongCore

@Suite("Scratch value format")
struct ScratchValueFormatTests {
    private func roundTrip(_ value: Value, numbersKeys: Bool = true) throws -> Value {
        var encoder = ScratchValueEncoder(numbersKeys: numbersKeys)
        var bytes: [UInt8] = []
        try encoder.append(value, to: &bytes)
        let decoder = ScratchValueDecoder(keyTable: encoder.keyTable)
        return try bytes.withUnsafeBytes { try decoder.value(filling: $0) }
    }

    @Test("every kind of value comes back as it went in, member order and number kinds included")
    func roundTripsEveryKind() throws {
        let value: Value = [
            "null": nil, "yes": true, "no": false, "min": .integer(.min), "max": .integer(.max),
            "negativeZero": .double(-0.0), "whole": .double(1520), "tiny": .double(.leastNonzeroMagnitude),
            "text": "工程 \"quoted\"\n\u{0}", "empty": "", "list": [1, [2.5, ["deep": []]], [:]],
            "é": 1, "e\u{301}": 2,
        ]
        for numbersKeys in [true, false] {
            let back = try roundTrip(value, numbersKeys: numbersKeys)
            #expect(back == value)
            #expect(back.objectValue?.keys == value.objectValue?.keys)
            #expect(back["negativeZero"]?.doubleValue?.sign == .minus)
            #expect(back["whole"] == .double(1520))
        }
    }

    @Test("keys beyond the table's capacity are written out and still read back")
    func keysBeyondCapacity() throws {
        let object = OrderedObject(uniqueKeysWithValues: (0..<(ScratchKeyTable.capacity + 50)).map { ("key-\($0)", Value.integer(Int64($0))) })
        #expect(try roundTrip(.object(object)) == .object(object))
    }

    @Test("records read back share one String per key")
    func sharedKeys() throws {
        var encoder = ScratchValueEncoder(numbersKeys: true)
        var bytes: [UInt8] = []
        let record: Value = ["maintainer_credit_code": "x", "protection_class": "y"]
        try encoder.append(record, to: &bytes)
        let first = bytes.count
        try encoder.append(record, to: &bytes)
        let decoder = ScratchValueDecoder(keyTable: encoder.keyTable)
        let (one, two) = try bytes.withUnsafeBytes { bytes in
            (try decoder.value(in: bytes, at: 0).value, try decoder.value(in: bytes, at: first).value)
        }
        let keysOne = one.objectValue!.keys, keysTwo = two.objectValue!.keys
        for (left, right) in zip(keysOne, keysTwo) {
            #expect(withUnsafeBytes(of: left) { Array($0) } == withUnsafeBytes(of: right) { Array($0) })
        }
    }

    @Test("cut or damaged bytes are reported, never read past")
    func damagedBytes() throws {
        var encoder = ScratchValueEncoder(numbersKeys: false)
        var bytes: [UInt8] = []
        try encoder.append(["a": [1, "two", 3.5], "b": ["c": nil]], to: &bytes)
        let decoder = ScratchValueDecoder(keyTable: nil)
        for length in 0..<bytes.count {
            #expect(throws: ScratchFileError.self) {
                try Array(bytes[..<length]).withUnsafeBytes { _ = try decoder.value(filling: $0) }
            }
        }
        var wrongTag = bytes
        wrongTag[0] = 99
        #expect(throws: ScratchFileError.self) { try wrongTag.withUnsafeBytes { _ = try decoder.value(filling: $0) } }
    }

    @Test("NaN and infinity are refused, leaving the output as it was")
    func nonFinite() throws {
        var encoder = ScratchValueEncoder(numbersKeys: true)
        var bytes: [UInt8] = [42]
        #expect(throws: JSONError.self) { try encoder.append(["x": [.double(.infinity)]], to: &bytes) }
        #expect(bytes == [42])
    }
}
