import Testing
@testable import HuitongCore

@Suite("JSONReader: RFC 8259 strictness")
struct JSONReaderStrictnessTests {
    @Test("rejects a trailing comma", arguments: ["[1,2,]", #"{"a":1,}"#, "[1 , ]"])
    func trailingComma(text: String) {
        #expect(JSONTesting.readError(text)?.code == .trailingComma)
    }

    @Test("rejects leading zeros", arguments: ["01", "-01", "[00]", "007.5"])
    func leadingZeros(text: String) {
        #expect(JSONTesting.readError(text)?.code == .invalidNumber)
    }

    @Test("rejects malformed numbers", arguments: ["-", "1.", ".5", "1e", "1e+", "-a", "+1", "1.e3"])
    func malformedNumbers(text: String) {
        let code = JSONTesting.readError(text)?.code
        #expect(code == .invalidNumber || code == .unexpectedCharacter || code == .unexpectedEndOfInput)
    }

    @Test("rejects numbers beyond the range of Double")
    func hugeNumber() {
        #expect(JSONTesting.readError("1e400")?.code == .numberOutOfRange)
        #expect(JSONTesting.readError("-1" + String(repeating: "0", count: 400))?.code == .numberOutOfRange)
    }

    @Test("rejects a lone high surrogate with a message that names it")
    func loneHighSurrogate() throws {
        let error = try #require(JSONTesting.readError(#""\ud83d x""#))
        #expect(error.code == .loneSurrogate)
        #expect(error.message.contains("\\uD83D"))
    }

    @Test("rejects a lone low surrogate")
    func loneLowSurrogate() {
        #expect(JSONTesting.readError(#""\ude00""#)?.code == .loneSurrogate)
    }

    @Test("rejects a high surrogate followed by a non-surrogate escape")
    func highSurrogateThenOther() {
        #expect(JSONTesting.readError(#""\ud83d\u0041""#)?.code == .loneSurrogate)
    }

    @Test("rejects unescaped control characters in strings", arguments: [0x00, 0x09, 0x0A, 0x1F] as [UInt8])
    func controlCharacters(byte: UInt8) {
        let bytes: [UInt8] = [0x22, 0x61, byte, 0x62, 0x22]
        #expect(JSONTesting.readError(bytes: bytes)?.code == .controlCharacterInString)
    }

    @Test("accepts DEL (U+007F) unescaped, as RFC 8259 does")
    func deleteIsNotControl() {
        #expect(JSONTesting.readError(bytes: [0x22, 0x7F, 0x22]) == nil)
    }

    @Test("rejects unknown escapes and short \\u escapes", arguments: [#""\x""#, #""\u12""#, #""\u12g4""#, #""\'""#])
    func badEscapes(text: String) {
        #expect(JSONTesting.readError(text)?.code == .invalidEscape)
    }

    @Test("rejects invalid UTF-8 and points at the bad byte", arguments: [
        [0x22, 0x61, 0xFF, 0x22],        // never valid
        [0x22, 0x61, 0xC3, 0x22],        // truncated sequence
        [0x22, 0x61, 0xC0, 0xAF, 0x22],  // overlong "/"
        [0x22, 0x61, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) throws {
        let error = try #require(JSONTesting.readError(bytes: bytes))
        #expect(error.code == .invalidUTF8)
        #expect(error.byteOffset == 2)
    }

    @Test("rejects invalid UTF-8 in a string that also has escapes")
    func invalidUTF8WithEscapes() throws {
        let error = try #require(JSONTesting.readError(bytes: [0x22, 0x5C, 0x6E, 0xFE, 0x22]))
        #expect(error.code == .invalidUTF8)
        #expect(error.byteOffset == 3)
    }

    @Test("rejects content after the value", arguments: ["1 2", "{} x", "[1]]", "nullnull"])
    func trailingContent(text: String) {
        #expect(JSONTesting.readError(text)?.code == .trailingContent)
    }

    @Test("rejects an empty or blank document")
    func emptyDocument() {
        #expect(JSONTesting.readError("")?.code == .unexpectedEndOfInput)
        #expect(JSONTesting.readError("  \n")?.code == .unexpectedEndOfInput)
    }

    @Test("rejects truncated documents", arguments: ["[1,", #"{"a":"#, #"{"a""#, #""abc"#, "tru", "[", #"{"a":1"#])
    func truncated(text: String) {
        #expect(JSONTesting.readError(text)?.code == .unexpectedEndOfInput)
    }

    @Test("rejects non-JSON words and capitalised literals", arguments: ["True", "NaN", "undefined", "[Infinity]", "'a'"])
    func foreignLiterals(text: String) {
        #expect(JSONTesting.readError(text)?.code == .unexpectedCharacter)
    }

    @Test("rejects a UTF-8 byte order mark with advice")
    func byteOrderMark() throws {
        let error = try #require(JSONTesting.readError(bytes: [0xEF, 0xBB, 0xBF, 0x31]))
        #expect(error.message.contains("byte order mark"))
    }

    @Test("rejects a duplicate key instead of letting the last one win")
    func duplicateKey() throws {
        let error = try #require(JSONTesting.readError(#"{"t":18.4,"h":70,"t":19.0}"#))
        #expect(error.code == .duplicateKey)
        #expect(error.message.contains("\"t\""))
        #expect(error.byteOffset == 17)
    }

    @Test("rejects a duplicate key in a large object too")
    func duplicateKeyInLargeObject() {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(JSONTesting.readError("{\(members),\"k3\":0}")?.code == .duplicateKey)
        #expect(JSONTesting.readError("{\(members)}") == nil)
    }

    @Test("rejects a duplicate Chinese key, short or long, at the second occurrence", arguments: ["状态", "统一社会信用代码", "一二三四五六七八九十一二三四五六七八九十"])
    func duplicateChineseKey(key: String) throws {
        let text = "{\"\(key)\":1,\"工程编号\":2,\"\(key)\":3}"
        let error = try #require(JSONTesting.readError(text))
        #expect(error.code == .duplicateKey)
        #expect(error.byteOffset == text.utf8.count - key.utf8.count - 5)
    }

    @Test("a key written with an escape is the same key as one written plainly")
    func escapedKeyIsDuplicate() {
        #expect(JSONTesting.readError(#"{"ab":1,"a\u0062":2}"#)?.code == .duplicateKey)
        #expect(JSONTesting.readError(#"{"a\u0062":1,"ab":2}"#)?.code == .duplicateKey)
    }

    @Test("invalid UTF-8 in a short key is reported where it is")
    func invalidUTF8InKey() throws {
        let error = try #require(JSONTesting.readError(bytes: Array(#"{"ab"#.utf8) + [0xFF] + Array(#"":1}"#.utf8)))
        #expect(error.code == .invalidUTF8)
        #expect(error.byteOffset == 4)
    }

    @Test("keys at the very end of the input read as keys anywhere else")
    func keysNearTheEnd() throws {
        for length in 1...34 {
            let key = String(repeating: "名", count: length / 3) + String(repeating: "k", count: length % 3)
            let value = try JSONTesting.read("{\"\(key)\":1}")
            #expect(value.objectValue?.keys == [key])
        }
    }

    @Test("keys that differ only in Unicode normalisation are not duplicates")
    func normalisationIsNotDuplicate() throws {
        let value = try JSONTesting.read(#"{"\u00e9":1,"e\u0301":2}"#)
        #expect(value.objectValue?.count == 2)
    }

    @Test("an error in a document gives line and column, counting characters")
    func errorLocation() throws {
        let error = try #require(JSONTesting.readError("{\n  \"名称\": tru\n}"))
        #expect(error.code == .unexpectedCharacter)
        #expect(error.line == 2)
        #expect(error.column == 12)
        #expect(error.exitStatus == .invalidInput)
    }

    @Test("a full-width comma is named with its code point")
    func fullWidthComma() throws {
        let error = try #require(JSONTesting.readError("[1，2]"))
        #expect(error.message.contains("U+FF0C"))
    }

    @Test("the description reads file:line:column: message")
    func descriptionFormat() throws {
        var error = try #require(JSONTesting.readError("[1,]"))
        error.file = "readings.json"
        #expect(error.description.hasPrefix("readings.json:1:3 (byte 2): trailing comma"))
        #expect(error.description.hasSuffix("[json.trailing-comma]"))
    }
}
