import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

/// A CSV export whose quote is still open at the end of the file, or that cannot be read to its
/// end, is an incomplete read: the rows it swallowed or never reached may still be shelters.
@Suite("CSV adapter: incomplete reads")
struct CSVIncompleteReadTests {
    /// A registry export of `rows` shelters; row `quoted` (2-based line) opens a quote it never closes.
    static func export(rows: Int, unclosedAt quoted: Int? = nil) -> String {
        var text = "工程编号,工程名称,状态\r\n"
        for row in 1...rows {
            let name = row + 1 == quoted ? "\"濠河人防工程 (东" : "工程\(row)"
            text += "320613-RF-\(String(format: "%04d", row)),\(name),在用\r\n"
        }
        return text
    }

    func read(_ text: String, encoding: String? = nil, chunkSize: Int = 64 * 1024) async throws -> CSVTesting.Reading {
        let bytes = encoding.map { CSVTesting.encoded(text, as: $0) } ?? Array(text.utf8)
        let path = try CSVTesting.file(bytes, named: "shelters.csv")
        defer { CSVTesting.remove(path) }
        return try await CSVTesting.read(CSVConfiguration(path: path, chunkSize: chunkSize))
    }

    @Test("a quote opened on line 3 and never closed makes the read of 300 shelters incomplete, exit status 3")
    func unclosedQuoteSwallowsTheRest() async throws {
        let reading = try await read(Self.export(rows: 300, unclosedAt: 3))
        #expect(reading.records.map(\.line) == [2], "only the row before the quote is a record")
        #expect(reading.unreadable.isEmpty, "the swallowed rows are not one set-aside row")
        let incomplete = try #require(reading.incomplete)
        #expect(incomplete.origin == RecordOrigin(file: "shelters.csv", line: 3))
        #expect(incomplete.reason == "field 2 opens a quote on line 3 that is never closed, so the rest of the file (lines 3–302) is one unreadable row: the rows in it were not read")
        #expect(incomplete.fix.hasPrefix("close the quote in shelters.csv"))
        #expect(incomplete.exitStatus == .invalidInput)
    }

    @Test("the quote is found whatever the chunk size and encoding, and bad bytes in the swallowed rows do not hide it")
    func unclosedQuoteInGB18030() async throws {
        let text = Self.export(rows: 20, unclosedAt: 10)
        for chunkSize in [1, 5, 4096] {
            let reading = try await read(text, encoding: "GB18030", chunkSize: chunkSize)
            #expect(reading.incomplete?.origin?.line == 10, "chunks of \(chunkSize)")
        }
        var bytes = CSVTesting.encoded(text, as: "GB18030")
        bytes.insert(0xFF, at: bytes.count - 2)  // never valid in GB18030; inside the open quote
        let path = try CSVTesting.file(bytes, named: "shelters.csv")
        defer { CSVTesting.remove(path) }
        let reading = try await CSVTesting.read(CSVConfiguration(path: path, encoding: .gb18030))
        #expect(reading.incomplete?.reason.hasPrefix("field 2 opens a quote on line 10 that is never closed") == true)
    }

    @Test("a stray quote closed later in the file is one bad row in a complete read, set aside as today")
    func quoteClosedLater() async throws {
        var text = Self.export(rows: 6, unclosedAt: 3)
        text += "320613-RF-0099,工程99\"x,在用\r\n"
        let reading = try await read(text)
        #expect(reading.result == .complete())
        #expect(reading.records.map(\.line) == [2])
        #expect(reading.unreadable.map(\.line) == [3])
    }

    @Test("a directory given as the export cannot be read to its end: incomplete, exit status 4")
    func directoryAsFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-csv-dir-\(UUID().uuidString).csv").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reading = try await CSVTesting.read(CSVConfiguration(path: directory))
        let incomplete = try #require(reading.incomplete)
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(incomplete.reason == "the file could not be read to its end: reading failed after 0 bytes (Is a directory)")
        #expect(incomplete.fix.hasPrefix("check that \(directory) is a readable regular file"))
    }

    @Test("an I/O error (EIO) while reading is an incomplete read with exit status 4",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/mem")))
    func inputOutputError() async throws {
        // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO, as a failing disk does.
        let reading = try await CSVTesting.read(CSVConfiguration(path: "/proc/self/mem"))
        let incomplete = try #require(reading.incomplete)
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(incomplete.reason.contains("(Input/output error)"))
    }
}
