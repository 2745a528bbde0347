import Testing
@testable import HuitongMapping

@Suite("Text functions")
struct FunctionsTextTests {
    @Test("trim removes Unicode white space, U+3000 and the byte-order mark at both ends", arguments: [
        ("  工程A  ", "工程A"),
        ("\u{3000}人防工程\u{3000}", "人防工程"),
        ("\u{FEFF}编号", "编号"),
        ("\t\r\n x \u{00A0}", "x"),
        ("\u{2003}\u{202F}a b\u{205F}", "a b"),
        ("\u{0085}y\u{2028}", "y"),
        ("   ", ""),
        ("", ""),
        ("no-space", "no-space"),
    ])
    func trimRemovesWhiteSpace(input: String, expected: String) {
        #expect(TextFunctions.trimmed(input) == expected)
    }

    @Test("trim keeps white space inside the text and characters that are not white space")
    func trimKeepsInnerSpaceAndNonSpace() {
        #expect(TextFunctions.trimmed(" a \u{3000} b ") == "a \u{3000} b")
        // U+200B ZERO WIDTH SPACE has no White_Space property and is kept.
        #expect(TextFunctions.trimmed("\u{200B}a") == "\u{200B}a")
    }

    @Test("trim removes exactly the White_Space characters and U+FEFF, checked for every scalar")
    func trimMatchesTheUnicodeProperty() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let removed = scalar.properties.isWhitespace || value == 0xFEFF
            if TextFunctions.isTrimmed(scalar) != removed { mismatches.append(value) }
            var text = "a"
            text.unicodeScalars.append(scalar)
            let around = String(scalar) + text
            let expected = removed ? "a" : around
            if TextFunctions.trimmed(around) != expected { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("the shortcut that passes a text over untrimmed never passes one trim would change, for every scalar at either end")
    func nothingToTrimIsNeverWrong() {
        var wrong: [UInt32] = []
        #expect(!TextFunctions.hasNothingToTrim(""))
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), String(scalar) + "中", "中" + String(scalar), "a" + String(scalar)] {
                if TextFunctions.hasNothingToTrim(text), TextFunctions.trimmed(text) != text { wrong.append(value) }
            }
        }
        #expect(wrong.isEmpty)
        // And it does pass the usual values over: plain ASCII and Chinese text.
        #expect(TextFunctions.hasNothingToTrim("320623-RF-000001"))
        #expect(TextFunctions.hasNothingToTrim("星湖城地下车库人防工程"))
    }

    @Test("upper and lower case ASCII and other scripts")
    func caseMapping() {
        #expect(TextFunctions.uppercased("91350100m000100y43") == "91350100M000100Y43")
        #expect(TextFunctions.uppercased("straße") == "STRASSE")
        #expect(TextFunctions.uppercased("ÉTÉ 工程") == "ÉTÉ 工程")
        #expect(TextFunctions.lowercased("ÀB Cd") == "àb cd")
        #expect(TextFunctions.lowercased("123 工程") == "123 工程")
    }

    @Test("digits keeps only the ASCII digits", arguments: [
        ("138-1234 5678", "13812345678"),
        ("+86 (0513) 8123", "8605138123"),
        ("１２３abc4", "4"),
        ("无", ""),
        ("2024", "2024"),
    ])
    func digitsKeepsASCIIDigits(input: String, expected: String) {
        #expect(TextFunctions.digits(input) == expected)
    }

    @Test("remove deletes each listed text, one after the other")
    func removeDeletesListedTexts() throws {
        let removal = try TextRemoval(removing: [",", " ", "㎡"])
        #expect(removal.apply(to: "1,234 ㎡") == "1234")
        #expect(removal.apply(to: "12,,3") == "123")
        #expect(removal.apply(to: "清洁") == "清洁")
        // In order: removing "x" first lets "ab" be found afterwards.
        #expect(try TextRemoval(removing: ["x", "ab"]).apply(to: "axbc") == "c")
    }

    @Test("remove refuses an empty list and an empty text")
    func removeRefusesEmpty() {
        #expect(throws: StepFailure.self) { try TextRemoval(removing: []) }
        #expect(throws: StepFailure.self) { try TextRemoval(removing: ["a", ""]) }
    }

    @Test("cut keeps the first N characters, counting grapheme clusters, not bytes")
    func cutCountsCharacters() {
        #expect(TextFunctions.cut("南通市人民防空办公室", toCharacters: 4) == "南通市人")
        #expect(TextFunctions.cut("abc", toCharacters: 10) == "abc")
        #expect(TextFunctions.cut("e\u{301}e\u{301}e\u{301}", toCharacters: 2) == "e\u{301}e\u{301}")
        #expect(TextFunctions.cut("👨‍👩‍👧x", toCharacters: 1) == "👨‍👩‍👧")
        #expect(TextFunctions.cut("abc", toCharacters: 0) == "")
    }

    @Test("mask keeps the start and the end and hides the middle")
    func maskHidesTheMiddle() throws {
        let mask = try TextMask(keepStart: 3, keepEnd: 4)
        #expect(try mask.apply(to: "13812345678") == "138****5678")
        #expect(try mask.apply(to: "13812345") == "138*2345")
        #expect(try TextMask(keepStart: 1, keepEnd: 1, with: "×").apply(to: "张三丰") == "张×丰")
    }

    @Test("mask fails on a value too short to hide anything, without repeating the value")
    func maskFailsWhenTooShort() throws {
        let mask = try TextMask(keepStart: 3, keepEnd: 4)
        let error = #expect(throws: StepFailure.self) { try mask.apply(to: "1381234") }
        #expect(error?.message == "too short to mask: 7 characters, needs at least 8 (keep_start 3 + keep_end 4 + 1)")
        #expect(error?.message.contains("1381234") == false)
    }

    @Test("mask refuses negative counts and an empty mask text")
    func maskRefusesBadArguments() {
        #expect(throws: StepFailure.self) { try TextMask(keepStart: -1, keepEnd: 4) }
        #expect(throws: StepFailure.self) { try TextMask(keepStart: 1, keepEnd: 4, with: "") }
    }

    @Test("quoted values escape quotes and control characters and stop after 80 characters")
    func quotedValues() {
        #expect(StepFailure.quoted("a\"b\n") == "\"a\\\"b\\n\"")
        #expect(StepFailure.quoted("\u{1}") == "\"\\u{1}\"")
        let long = String(repeating: "长", count: 100)
        #expect(StepFailure.quoted(long) == "\"" + String(repeating: "长", count: 80) + "…\"")
    }
}
