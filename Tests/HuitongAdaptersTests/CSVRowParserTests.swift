import Testing
@testable import HuitongAdapters

/// The row state machine on its own: text in, rows with their physical lines out, no I/O.
@Suite("CSV row parser")
struct CSVRowParserTests {
    typealias Row = CSVRow

    func rows(_ text: String, delimiter: Character = ",", maximumRowBytes: Int = 1 << 20) -> [Row] {
        CSVRowParser.rows(in: text, delimiter: delimiter.asciiValue!, maximumRowBytes: maximumRowBytes)
    }

    /// Rows from `text` fed to one parser as the given chunks, as the adapter feeds it.
    func rows(chunks: [[UInt8]]) -> [Row] {
        var parser = CSVRowParser()
        var found: [Row] = []
        for chunk in chunks {
            let text = DecodedText(bytes: chunk)
            var cursor = DecodedText.Cursor()
            while let row = parser.nextRow(in: text, from: &cursor) {
                found.append(row)
            }
        }
        if let row = parser.finish() {
            found.append(row)
        }
        return found
    }

    @Test("a quoted field keeps the delimiter inside it")
    func quotedDelimiter() {
        #expect(rows("a,\"b,c\",d\n") == [Row(line: 1, lastLine: 1, fields: ["a", "b,c", "d"])])
    }

    @Test("doubled quotes inside a quoted field become one quote")
    func doubledQuotes() {
        #expect(rows("\"say \"\"hi\"\"\",x\n").map(\.fields) == [["say \"hi\"", "x"]])
        #expect(rows("\"\"\"\"\n").map(\.fields) == [["\""]])
    }

    @Test("a CRLF inside quotes stays in the field, and the row spans two physical lines")
    func lineBreakInQuotes() {
        let found = rows("h1,h2\r\n\"a\r\nb\",c\r\nd,e\r\n")
        #expect(found == [
            Row(line: 1, lastLine: 1, fields: ["h1", "h2"]),
            Row(line: 2, lastLine: 3, fields: ["a\r\nb", "c"]),
            Row(line: 4, lastLine: 4, fields: ["d", "e"]),
        ])
    }

    @Test("CRLF, LF and a lone CR each end one line, mixed in one file")
    func mixedLineEnds() {
        let found = rows("a,b\r\nc,d\ne,f\rg,h\n\"x\ry\nz\",w\n")
        #expect(found.map(\.line) == [1, 2, 3, 4, 5])
        #expect(found.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"], ["x\ry\nz", "w"]])
        #expect(found.last?.lastLine == 7)
    }

    @Test("the last row needs no line break")
    func lastLineWithoutBreak() {
        #expect(rows("a,b\nc,d") == [
            Row(line: 1, lastLine: 1, fields: ["a", "b"]),
            Row(line: 2, lastLine: 2, fields: ["c", "d"]),
        ])
        #expect(rows("a,b,").map(\.fields) == [["a", "b", ""]])
    }

    @Test("empty lines are skipped but still counted")
    func emptyLines() {
        let found = rows("a\n\n\r\n\r\rb\n\n")
        #expect(found == [Row(line: 1, lastLine: 1, fields: ["a"]), Row(line: 6, lastLine: 6, fields: ["b"])])
        #expect(rows("").isEmpty)
        #expect(rows("\r\n\n").isEmpty)
    }

    @Test("a line of spaces or an empty quoted field is a row, not an empty line")
    func nearlyEmptyLines() {
        #expect(rows(" \n").map(\.fields) == [[" "]])
        #expect(rows("\"\"\n").map(\.fields) == [[""]])
        #expect(rows(",\n").map(\.fields) == [["", ""]])
    }

    @Test("a quote inside an unquoted field is kept literally")
    func quoteInUnquotedField() {
        #expect(rows("5\" pipe,ab\"c\"d, \"x\"\n").map(\.fields) == [["5\" pipe", "ab\"c\"d", " \"x\""]])
        #expect(rows("5\" pipe,x\n").first?.problem == nil)
    }

    @Test("text after a closing quote makes the row unreadable, and the next row reads")
    func textAfterClosingQuote() {
        let found = rows("h\n\"a\"b,c\nd,e\n")
        #expect(found.map(\.line) == [1, 2, 3])
        #expect(found[1].problem == .textAfterClosingQuote(field: 1, line: 2))
        #expect(found[2] == Row(line: 3, lastLine: 3, fields: ["d", "e"]))
    }

    @Test("a quote still open at the end of the file makes the rest one unreadable row from where it opened")
    func unclosedQuote() {
        let found = rows("h1,h2\nx,\"abc\ndef\nghi")
        #expect(found.count == 2)
        #expect(found[1].line == 2)
        #expect(found[1].lastLine == 4)
        #expect(found[1].problem == .unclosedQuote(field: 2, line: 2))
    }

    @Test("a row longer than the limit is set aside without keeping its fields")
    func rowTooLong() {
        let found = rows("short\n" + String(repeating: "x", count: 50) + "\nnext\n", maximumRowBytes: 10)
        #expect(found.map(\.line) == [1, 2, 3])
        #expect(found[1].problem == .tooLong(limit: 10))
        #expect(found[1].fields.isEmpty)
        #expect(found[2] == Row(line: 3, lastLine: 3, fields: ["next"]))
    }

    @Test("an unclosed quote is named even when the rest of the file is also too long")
    func unclosedQuoteTooLong() {
        let found = rows("a\n\"" + String(repeating: "y\n", count: 40), maximumRowBytes: 16)
        #expect(found.last?.problem == .unclosedQuote(field: 1, line: 2))
        #expect(found.last?.lastLine == 42)
    }

    @Test("other delimiters split fields and the comma is then plain text")
    func otherDelimiters() {
        #expect(rows("a;b,c;\"d;e\"\n", delimiter: ";").map(\.fields) == [["a", "b,c", "d;e"]])
        #expect(rows("a\tb\n", delimiter: "\t").map(\.fields) == [["a", "b"]])
    }

    @Test("an undecodable byte sets aside only its row, with its file offset, even alone on a line")
    func undecodableMarker() {
        var text = DecodedText("a,b\nc")
        text.appendUndecodable(atSourceOffset: 42)
        text.bytes += Array("d,e\n".utf8)
        text.appendUndecodable(atSourceOffset: 50)
        text.bytes += Array("\nf,g\n".utf8)
        var parser = CSVRowParser()
        var cursor = DecodedText.Cursor()
        var found: [Row] = []
        while let row = parser.nextRow(in: text, from: &cursor) {
            found.append(row)
        }
        #expect(found.map(\.line) == [1, 2, 3, 4])
        #expect(found[0].problem == nil)
        #expect(found[1].problem == .undecodable(byteOffset: 42, count: 1))
        #expect(found[1].fields == ["c\u{FFFD}d", "e"])
        #expect(found[2].problem == .undecodable(byteOffset: 50, count: 1))
        #expect(found[3] == Row(line: 4, lastLine: 4, fields: ["f", "g"]))
    }

    @Test("splitting the input anywhere gives the same rows as reading it whole")
    func chunkBoundaries() {
        let text = "h1,h2\r\n\"q,\"\"x\"\"\r\ny\",2\r\n\r\n\"a\"b,c\rlast,\"open\n"
        let bytes = Array(text.utf8)
        let whole = rows(text)
        for split in 0...bytes.count {
            #expect(rows(chunks: [Array(bytes[..<split]), Array(bytes[split...])]) == whole, "split at \(split)")
        }
        #expect(rows(chunks: bytes.map { [$0] }) == whole)
    }
}

extension DecodedText {
    /// Text made of `bytes` as they are, for tests.
    init(bytes: [UInt8]) {
        self.init()
        self.bytes = bytes
    }
}
