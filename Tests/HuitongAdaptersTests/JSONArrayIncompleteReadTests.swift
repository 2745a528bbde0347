import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

/// A JSON array file read to its end is complete; one whose array is not whole, or that cannot
/// be read to its end, is an incomplete read, so no team missing from it is taken for deleted.
@Suite("JSON array file adapter: incomplete reads")
struct JSONArrayIncompleteReadTests {
    static let roster = "[\n {\"teamId\": \"A\", \"members\": [1, 2]},\n {\"teamId\": \"B\"},\n {\"teamId\": \"C\"}\n]\n"

    func write(_ bytes: [UInt8], named name: String = "teams.json") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-array-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    func read(_ path: String, chunkSize: Int = 64 * 1024) async throws -> (records: [String], read: SourceRead) {
        var records: [String] = []
        let read = try await JSONArrayFileAdapter(path: path, chunkSize: chunkSize).read(since: nil) { batch in
            for case let .record(record, _) in batch { records.append(record["teamId"]?.stringValue ?? "?") }
        }
        return (records, read)
    }

    @Test("cut at every byte after the opening [, the read is incomplete with exit status 3; only the whole array is complete")
    func everyCutPoint() async throws {
        let bytes = Array(Self.roster.utf8)
        let closing = try #require(bytes.lastIndex(of: UInt8(ascii: "]")))
        for chunkSize in [1, 7, 64 * 1024] {
            for length in 1...bytes.count {
                let path = try write(Array(bytes.prefix(length)))
                defer { remove(path) }
                let (records, read) = try await read(path, chunkSize: chunkSize)
                if length > closing {
                    #expect(read == .complete(), "cut at \(length)")
                    #expect(records == ["A", "B", "C"])
                } else {
                    let incomplete = try #require(read.incompleteRead, "cut at \(length), chunks of \(chunkSize)")
                    #expect(incomplete.exitStatus == .invalidInput)
                    #expect(incomplete.reason.hasPrefix("the file ends inside the array"), "cut at \(length): \(incomplete.reason)")
                    #expect(incomplete.origin?.file == "teams.json")
                    #expect(incomplete.fix == "export teams.json again completely (it must hold one whole JSON array), then run again")
                    // An element is delivered once its closing brace is read; the read stays incomplete.
                    #expect(records.count == bytes.prefix(length).filter { $0 == UInt8(ascii: "}") }.count, "cut at \(length)")
                }
            }
        }
    }

    @Test("the reason says where the file ends: inside an element, after a comma, right after [")
    func reasons() async throws {
        let cases: [(String, String, Int)] = [
            ("[\n {\"teamId\": \"A\"},\n {\"teamId\": \"B\", \"mem", "the file ends inside the array: element 2 is unfinished", 3),
            ("[\n {\"teamId\": \"A\"},\n", "the file ends inside the array, after element 1, without the closing ]", 3),
            ("[\n {\"teamId\": \"A\"}", "the file ends inside the array, after element 1, without the closing ]", 2),
            ("  [ ", "the file ends inside the array, before its first element, without the closing ]", 1),
        ]
        for (text, reason, line) in cases {
            let path = try write(Array(text.utf8))
            defer { remove(path) }
            let incomplete = try #require(try await read(path).read.incompleteRead, "\(text)")
            #expect(incomplete.reason == reason)
            #expect(incomplete.origin?.description == "teams.json:\(line)")
            #expect(incomplete.description == "teams.json:\(line): \(reason); export teams.json again completely (it must hold one whole JSON array), then run again")
        }
    }

    @Test("a missing comma, bytes after the closing ] or a second array make the read incomplete, not a set-aside row")
    func damagedStructure() async throws {
        let cases: [(String, String)] = [
            ("[{\"teamId\": \"A\"}\n {\"teamId\": \"B\"}]", "expected , or ] after element 1"),
            ("[{\"teamId\": \"A\"}]\ngarbage", "unexpected 'g' on line 2 after the array's closing ]"),
            ("[{\"teamId\": \"A\"}]\n[{\"teamId\": \"B\"}]", "unexpected '[' on line 2 after the array's closing ]"),
        ]
        for (text, reason) in cases {
            let path = try write(Array(text.utf8))
            defer { remove(path) }
            let (records, read) = try await read(path)
            #expect(records == ["A"])
            let incomplete = try #require(read.incompleteRead, "\(text)")
            #expect(incomplete.reason.hasPrefix("the array is damaged: \(reason)"), "\(incomplete.reason)")
            #expect(incomplete.exitStatus == .invalidInput)
        }
    }

    @Test("an empty file or one that is not an array at all is still a source error")
    func notAnArray() async throws {
        for text in ["", "  \n", "{\"teamId\": \"A\"}"] {
            let path = try write(Array(text.utf8))
            defer { remove(path) }
            let error = await #expect(throws: SourceError.self, "\(text.debugDescription)") { _ = try await read(path) }
            #expect(error?.code == .notAnArray, "\(text.debugDescription)")
        }
    }

    @Test("a directory given as the file cannot be read to its end: incomplete, exit status 4")
    func directoryAsFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-array-dir-\(UUID().uuidString).json").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let incomplete = try #require(try await read(directory).read.incompleteRead)
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(incomplete.reason == "the file could not be read to its end: reading failed after 0 bytes (Is a directory)")
    }

    @Test("an I/O error (EIO) while reading is an incomplete read with exit status 4",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/mem")))
    func inputOutputError() async throws {
        // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO, as a failing disk does.
        let incomplete = try #require(try await read("/proc/self/mem").read.incompleteRead)
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(incomplete.reason.contains("(Input/output error)"))
        #expect(incomplete.origin?.file == "mem")
    }
}
