import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongYAML

@Suite("Error reporting")
struct ErrorReportingTests {
    @Test("a duplicate key is an error that names both places and what to do")
    func duplicateKey() {
        let errors = YAMLTestLoading.errors("road:\n  name: a\n  lanes: 2\n  name: b\n")
        #expect(errors.map(\.code) == [.duplicateKey])
        #expect(errors.first?.description == """
            test.yaml:4:3: duplicate key "name" (first at line 2, column 3); keys must be unique within a mapping; remove or rename one
                name: b
                ^
            """)
    }

    @Test("keys compare by resolved value, so 0x1F and 31 are the same key but \"31\" is not")
    func keysCompareByValue() {
        #expect(YAMLTestLoading.errors("0x1F: a\n31: b\n").map(\.code) == [.duplicateKey])
        #expect(YAMLTestLoading.errors("31: a\n\"31\": b\n").isEmpty)
    }

    @Test("a libyaml syntax error reads file:line:column, then the line, then a caret under the column")
    func syntaxErrorFormat() {
        let errors = YAMLTestLoading.errors("a: 1\nb:\n  - x\n - y\n", file: "broken.yaml")
        #expect(errors.map(\.code) == [.syntax])
        #expect(errors.first?.description == """
            broken.yaml:4:2: did not find expected key (while parsing a block mapping that started at line 1, column 1); check the indentation, quotes and brackets here
               - y
               ^
            """)
    }

    @Test("a plain value starting with @ says to quote it")
    func reservedIndicator() {
        let errors = YAMLTestLoading.errors("jobs:\n  a:\n    schedule: @every 15m\n", file: "huitong.yaml")
        #expect(errors.map(\.code) == [.syntax])
        #expect(errors.first?.description.hasPrefix("huitong.yaml:3:15: found character that cannot start any token") == true, "\(errors)")
        #expect(errors.first?.description.contains("a value starting with @ must be quoted, such as \"@every 15m\"") == true, "\(errors)")
    }

    @Test("after CJK text the caret stands under the right character, one wide blank per wide character")
    func syntaxErrorCaretAfterCJK() {
        let errors = YAMLTestLoading.errors("名称: 值: x\n", file: "cjk.yaml")
        #expect(errors.first?.description == """
            cjk.yaml:1:6: mapping values are not allowed in this context; check the indentation, quotes and brackets here
              名称: 值: x
              \u{3000}\u{3000}  \u{3000}^
            """)
    }

    @Test("an unclosed quote is reported at the end of the file with where the quote began")
    func unclosedQuote() {
        let errors = YAMLTestLoading.errors("a: 1\nb: \"open\n")
        #expect(errors.map(\.code) == [.syntax])
        #expect(errors.first?.message.hasPrefix("found unexpected end of stream (while scanning a quoted scalar that started at line 2, column 4)") == true)
    }

    @Test("bytes that are not UTF-8 are reported at their line and column")
    func invalidUTF8() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-yaml-latin1-\(UUID()).yaml").path
        try Data([0x61, 0x3A, 0x20, 0x31, 0x0A, 0x62, 0x3A, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try YAMLLoader.load(path: path)
            Issue.record("a Latin-1 file loaded")
        } catch {
            #expect(error.errors.map(\.code) == [.syntax])
            #expect(YAMLTestLoading.places(error.errors) == ["2:4"])
            #expect(error.errors.first?.message.contains("save the file as UTF-8") == true)
        }
    }

    @Test("one file with a duplicate key, an unknown tag, an alias bomb and a syntax error yields exactly those four errors")
    func everyErrorInOneFileIsReported() {
        let path = Fixtures.path("yaml/four-errors.yaml")
        do {
            _ = try YAMLLoader.load(path: path)
            Issue.record("four-errors.yaml loaded")
        } catch {
            #expect(error.errors.map(\.code) == [.duplicateKey, .unknownTag, .aliasExpansionLimit, .syntax])
            #expect(YAMLTestLoading.places(error.errors) == ["5:1", "6:8", "14:14", "20:2"])
            #expect(error.errors.allSatisfy { $0.location.file == path })
        }
    }

    @Test("the aggregate failure prints every error and exits as invalid input")
    func loadFailureIsOperatorFacing() {
        do {
            _ = try YAMLLoader.load(text: "a: 1\na: 2\nb: !x 1\n", fileName: "two.yaml")
            Issue.record("the file loaded")
        } catch {
            let failure: any OperatorFacingError = error
            #expect(failure.exitStatus == .invalidInput)
            #expect(failure.description.split(separator: "\n").count == 6)
            #expect(failure.description.hasPrefix("two.yaml:2:1: duplicate key \"a\""))
        }
    }

    @Test("a very long line is shown as a window around the column")
    func longLineIsShortened() throws {
        let text = "a: [" + String(repeating: "1, ", count: 200) + "]]\n"
        let error = try #require(YAMLTestLoading.errors(text).first)
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(error.location.column == 606)
        #expect(lines[1].count <= 2 + 162)
        #expect(lines[1].hasPrefix("  \u{2026}"))
        let caretOffset = try #require(lines[2].firstIndex(of: "^")).utf16Offset(in: lines[2]) - lines[2].startIndex.utf16Offset(in: lines[2])
        #expect(Array(lines[1])[caretOffset] == "]")
    }
}
