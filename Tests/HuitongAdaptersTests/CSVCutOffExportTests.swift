import HuitongCore
import Testing
@testable import HuitongAdapters
import Foundation

/// An export cut off inside its last row (a copy that stopped, a disk that filled) is an
/// incomplete read: a complete one would count every shelter after the cut as gone.
@Suite("CSV adapter: exports cut off inside a row")
struct CSVCutOffExportTests {
    /// A registry export of `rows` shelters as UTF-8 bytes, every row ending in CRLF.
    static func export(rows: Int) -> [UInt8] {
        var text = "工程编号,工程名称,状态\r\n"
        for row in 1...rows {
            text += "320613-RF-\(String(format: "%04d", row)),工程\(row),在用\r\n"
        }
        return Array(text.utf8)
    }

    /// Where row `row` (1-based, after the header) starts in `bytes`.
    static func start(ofRow row: Int, in bytes: [UInt8]) -> Int {
        var lineFeeds = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lineFeeds += 1
            if lineFeeds == row { return index + 1 }
        }
        return bytes.count
    }

    func read(_ bytes: [UInt8], chunkSize: Int = 64 * 1024) async throws -> CSVTesting.Reading {
        let path = try CSVTesting.file(bytes, named: "shelters.csv")
        defer { CSVTesting.remove(path) }
        return try await CSVTesting.read(CSVConfiguration(path: path, chunkSize: chunkSize))
    }

    @Test("a 300-shelter export cut inside row 150 is incomplete (exit status 3), wherever in the row the cut falls",
          arguments: [
              "320613-RF-01",           // inside the first field: one field of three
              "320613-RF-0150,",        // after a delimiter: two fields
              "320613-RF-0150,工程15",   // inside the second field
              "320613-RF-0150,工",      // between two characters
          ].map { Array($0.utf8) } + [
              Array("320613-RF-0150,工".utf8) + [0xE7],      // inside a character of the second field
              Array("320613-RF-0150,工程150,".utf8) + [0xE5], // inside a character of the last field: three fields, one undecodable
          ])
    func cutInsideRow(_ kept: [UInt8]) async throws {
        let whole = Self.export(rows: 300)
        let cut = Array(whole[..<Self.start(ofRow: 150, in: whole)]) + kept
        for chunkSize in [1, 7, 64 * 1024] {
            let reading = try await read(cut, chunkSize: chunkSize)
            let incomplete = try #require(reading.incomplete, "cut after \(String(decoding: kept, as: UTF8.self)), chunks of \(chunkSize)")
            #expect(incomplete.origin == RecordOrigin(file: "shelters.csv", line: 151))
            #expect(incomplete.reason.hasPrefix("the file ends inside row 150 (line 151): the export was cut off"))
            #expect(incomplete.fix == "re-export shelters.csv completely, then run again")
            #expect(incomplete.exitStatus == .invalidInput)
            #expect(reading.records.count == 149, "the rows before the cut are still delivered")
            #expect(reading.unreadable.isEmpty, "the cut row is not a set-aside row")
        }
    }

    @Test("an export cut exactly at a row boundary, without the line break, is complete: 299 records")
    func cutAtRowBoundary() async throws {
        let whole = Self.export(rows: 300)
        let cut = Array(whole[..<(Self.start(ofRow: 300, in: whole) - 2)])  // row 299 without its CRLF
        let reading = try await read(cut)
        #expect(reading.result == .complete())
        #expect(reading.records.count == 299)
        #expect(reading.records.last?.record["状态"] == .string("在用"))
        #expect(reading.unreadable.isEmpty)
    }

    @Test("a whole export without its final line break is complete: 300 records")
    func noFinalLineBreak() async throws {
        let reading = try await read(Array(Self.export(rows: 300).dropLast(2)))
        #expect(reading.result == .complete())
        #expect(reading.records.count == 300)
        #expect(reading.unreadable.isEmpty)
    }

    @Test("a bad row in the middle, ended by its line break, is still one set-aside row in a complete read")
    func badRowWithLineBreakIsSetAside() async throws {
        var text = String(decoding: Self.export(rows: 5), as: UTF8.self)
        text += "320613-RF-0006,工程6\r\n320613-RF-0007,工程7,在用"
        let reading = try await read(Array(text.utf8))
        #expect(reading.result == .complete())
        #expect(reading.unreadable.map(\.line) == [7])
        #expect(reading.records.count == 6)
    }
}
