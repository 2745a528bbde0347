import Foundation
import Testing
@testable import HuitongCore

@Suite("JSONLinesReader")
struct JSONLinesReaderTests {
    /// Reads every item of the file at `path`.
    private func readAll(_ path: String, options: JSONLinesReader.Options = .init(), from offset: Int = 0, line: Int = 1) throws -> (items: [JSONLine<Value>], reader: JSONLinesReader) {
        let reader = try JSONLinesReader(path: path, startingAt: offset, lineNumber: line, options: options)
        var items: [JSONLine<Value>] = []
        while let item = try reader.next() {
            items.append(item)
        }
        return (items, reader)
    }

    /// Reads every item of a temporary file holding `text`, then deletes the file.
    private func readAll(text: String, options: JSONLinesReader.Options = .init()) throws -> (items: [JSONLine<Value>], reader: JSONLinesReader) {
        let path = try JSONTesting.temporaryFile(text)
        defer { JSONTesting.remove(path) }
        return try readAll(path, options: options)
    }

    /// The error of a failed item, or `nil` if it succeeded.
    private func failure(of item: JSONLine<Value>) -> JSONError? {
        if case .failure(let error) = item.content { return error }
        return nil
    }

    @Test("yields each record with its line number and the offset after it")
    func recordsWithPositions() throws {
        let (items, reader) = try readAll(text: "{\"a\":1}\n[2]\n\"three\"\n")
        #expect(items.map(\.lineNumber) == [1, 2, 3])
        #expect(items.map(\.startOffset) == [0, 8, 12])
        #expect(items.map(\.endOffset) == [8, 12, 20])
        #expect(try items.map { try $0.content.get() } == [["a": 1], [2], "three"])
        #expect(reader.resumeOffset == 20)
        #expect(reader.unterminatedByteCount == 0)
    }

    @Test("skips blank lines but counts them")
    func blankLines() throws {
        let (items, reader) = try readAll(text: "\n1\n  \t\n\r\n2\n\n")
        #expect(items.map(\.lineNumber) == [2, 5])
        #expect(reader.resumeOffset == 12)
        #expect(reader.resumeLineNumber == 7)
    }

    @Test("accepts CRLF line ends and leaves the CR out of the bytes")
    func crlf() throws {
        let path = try JSONTesting.temporaryFile("{\"a\":1}\r\n\"b\"\r\n")
        defer { JSONTesting.remove(path) }
        let reader = try JSONLinesReader(path: path)
        let first = try #require(try reader.nextBytes())
        #expect(try first.content.get() == Array("{\"a\":1}".utf8))
        #expect(first.endOffset == 9)
        let second = try #require(try reader.next())
        #expect(try second.content.get() == "b")
        #expect(try reader.next() == nil)
    }

    @Test("does not yield an incomplete last line and reports where to resume")
    func incompleteLastLine() throws {
        let (items, reader) = try readAll(text: "1\n2\n{\"partial\":")
        #expect(items.count == 2)
        #expect(reader.resumeOffset == 4)
        #expect(reader.resumeLineNumber == 3)
        #expect(reader.unterminatedByteCount == 11)
    }

    @Test("a later run resumes at the saved offset and line")
    func resume() throws {
        let path = try JSONTesting.temporaryFile("1\n2\n{\"partial\":")
        defer { JSONTesting.remove(path) }
        let first = try readAll(path).reader
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("true}\n4\n".utf8))
        handle.closeFile()
        let (items, _) = try readAll(path, from: first.resumeOffset, line: first.resumeLineNumber)
        #expect(items.map(\.lineNumber) == [3, 4])
        #expect(try items.map { try $0.content.get() } == [["partial": true], 4])
        #expect(items.first?.startOffset == 4)
    }

    @Test("a line that is not JSON yields an error with file, line and column, and reading goes on")
    func badLineContinues() throws {
        let path = try JSONTesting.temporaryFile("{\"a\":1}\n{\"a\":,}\n{\"a\":3}\n")
        defer { JSONTesting.remove(path) }
        let (items, _) = try readAll(path)
        #expect(items.count == 3)
        let error = try #require(failure(of: items[1]))
        #expect(error.location == SourceLocation(file: path, line: 2, column: 6))
        #expect(error.byteOffset == 13)
        #expect(try items[2].content.get() == ["a": 3])
    }

    @Test("a line longer than the limit is reported and skipped, and reading goes on")
    func overlongLine() throws {
        let long = "\"" + String(repeating: "x", count: 100) + "\""
        let options = JSONLinesReader.Options(chunkSize: 8, maximumLineLength: 32)
        let (items, reader) = try readAll(text: "1\n\(long)\n3\n", options: options)
        #expect(items.map(\.lineNumber) == [1, 2, 3])
        let error = try #require(failure(of: items[1]))
        #expect(error.code == .lineTooLong)
        #expect(items[1].endOffset == 2 + long.utf8.count + 1)
        #expect(try items[2].content.get() == 3)
        #expect(reader.resumeOffset == 2 + long.utf8.count + 1 + 2)
    }

    @Test("a line too long for the limit but within one chunk is also refused")
    func overlongWithinChunk() throws {
        let (items, _) = try readAll(text: "[1,2,3,4,5,6,7,8,9]\n", options: .init(chunkSize: 1024, maximumLineLength: 10))
        #expect(items.count == 1)
        #expect(throws: JSONError.self) { try items[0].content.get() }
    }

    @Test("lines split across chunk boundaries read the same for every chunk size", arguments: [1, 2, 3, 5, 7, 16, 256 * 1024])
    func chunkBoundaries(chunkSize: Int) throws {
        var text = ""
        for index in 0..<50 {
            text += "{\"i\":\(index),\"s\":\"\(String(repeating: "é", count: index % 9))\"}\(index % 3 == 0 ? "\r\n" : "\n")"
        }
        let (items, reader) = try readAll(text: text + "{\"tail\"", options: .init(chunkSize: chunkSize))
        #expect(items.count == 50)
        #expect(try items.map { try $0.content.get()["i"] } == (0..<50).map { .integer(Int64($0)) })
        #expect(reader.resumeOffset == text.utf8.count)
        #expect(reader.unterminatedByteCount == 7)
    }

    @Test("records with many different keys and sizes, one after another, read back exactly")
    func varyingShapes() throws {
        var generator = SeededRandom(seed: 5)
        var expected: [Value] = []
        var text = ""
        for _ in 0..<500 {
            var object = OrderedObject()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let key = "key\(Int.random(in: 0...200, using: &generator))" + String(repeating: "x", count: Int.random(in: 0...14, using: &generator))
                let nested: Value = .array((0..<Int.random(in: 0...5, using: &generator)).map { .integer(Int64($0)) })
                object[key] = Bool.random(using: &generator) ? nested : ["inner\(key)": nested]
            }
            expected.append(.object(object))
            text += try JSONWriter().string(for: .object(object)) + "\n"
        }
        let (items, _) = try readAll(text: text)
        #expect(try items.map { try $0.content.get() } == expected)
        #expect(try items.map { try JSONWriter().string(for: $0.content.get()) } == expected.map { try JSONWriter().string(for: $0) })
    }

    @Test("records with the same Chinese keys read back with the same key strings, and duplicates are still found")
    func repeatedChineseKeys() throws {
        let line = #"{"工程编号":"320613-RF-0001","统一社会信用代码":"91320600MA1MXXXX1X","状态":"在用"}"#
        let duplicate = #"{"工程编号":"a","状态":"b","统一社会信用代码":"c","状态":"d"}"#
        let (items, _) = try readAll(text: String(repeating: line + "\n", count: 3) + duplicate + "\n" + line + "\n")
        #expect(items.count == 5)
        for index in [0, 1, 2, 4] {
            #expect(try items[index].content.get().objectValue?.keys == ["工程编号", "统一社会信用代码", "状态"])
        }
        #expect(failure(of: items[3])?.code == .duplicateKey)
    }

    @Test("reads from a pipe's file descriptor")
    func pipe() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("1\n2\n".utf8))
        pipe.fileHandleForWriting.closeFile()
        let reader = try JSONLinesReader(fileDescriptor: pipe.fileHandleForReading.fileDescriptor, file: "<stdin>")
        #expect(try reader.next()?.content.get() == 1)
        #expect(try reader.next()?.content.get() == 2)
        #expect(try reader.next() == nil)
    }

    @Test("a missing file is an unreadable-input error naming it")
    func missingFile() throws {
        let error = try #require(throws: JSONError.self) {
            _ = try JSONLinesReader(path: "/nonexistent/readings.jsonl")
        }
        #expect(error.code == .unreadableInput)
        #expect(error.description.hasPrefix("/nonexistent/readings.jsonl: could not open the file: "))
    }

    @Test("an empty file yields nothing")
    func emptyFile() throws {
        let (items, reader) = try readAll(text: "")
        #expect(items.isEmpty)
        #expect(reader.resumeOffset == 0)
    }
}

extension JSONLine: Equatable where Content: Equatable {
    public static func == (lhs: JSONLine, rhs: JSONLine) -> Bool {
        lhs.lineNumber == rhs.lineNumber && lhs.startOffset == rhs.startOffset && lhs.endOffset == rhs.endOffset
            && lhs.content == rhs.content
    }
}
