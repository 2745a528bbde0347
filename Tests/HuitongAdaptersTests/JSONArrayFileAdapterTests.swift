import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongAdapters

@Suite("JSON array file adapter")
struct JSONArrayFileAdapterTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-array-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String, chunkSize: Int = 64 * 1024) async throws -> [SourceItem] {
        try await reading(path, chunkSize: chunkSize).items
    }

    /// The items and what the read returned.
    func reading(_ path: String, chunkSize: Int = 64 * 1024) async throws -> (items: [SourceItem], read: SourceRead) {
        var items: [SourceItem] = []
        let read = try await JSONArrayFileAdapter(path: path, chunkSize: chunkSize).read(since: nil) { items += $0 }
        return (items, read)
    }

    func summary(_ items: [SourceItem]) -> [String] {
        items.map { item in
            switch item {
            case let .record(record, origin): "\(origin.line ?? 0):\(record["teamId"]?.stringValue ?? "?")"
            case let .unreadable(origin, reason): "\(origin.line ?? 0):! \(reason)"
            }
        }
    }

    @Test("elements become records with their starting line, whatever the chunk size")
    func elements() async throws {
        let path = try write("[\n {\"teamId\": \"A\", \"n\": [1, {\"x\": \"]}\"}]},\n {\"teamId\": \"B\"}\n]\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for chunk in [1, 3, 7, 64 * 1024] {
            #expect(summary(try await read(path, chunkSize: chunk)) == ["2:A", "3:B"])
        }
    }

    @Test("a malformed element or a non-object is set aside and the rest is read")
    func badElement() async throws {
        let path = try write("[{\"teamId\": \"A\"}, {\"teamId\": \"B\",}, 42, {\"teamId\": \"C\"}]")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = summary(try await read(path))
        #expect(lines.count == 4)
        #expect(lines[0] == "1:A" && lines[3] == "1:C")
        #expect(lines[1].contains("! element 2"))
        #expect(lines[2].contains("element 3 is not a JSON object"))
        #expect(try await reading(path).read == .complete(), "bad elements in a whole array leave the read complete")
    }

    @Test("a file that is not an array is a source error")
    func notAnArray() async throws {
        let path = try write("{\"teamId\": \"A\"}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = await #expect(throws: SourceError.self) { try await read(path) }
        #expect(error?.code == .notAnArray)
    }

    @Test("a file cut off inside the array delivers what was complete and reports the read incomplete")
    func truncated() async throws {
        let path = try write("[{\"teamId\": \"A\"},\n {\"teamId\": \"B\", \"mem")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (items, read) = try await reading(path)
        #expect(summary(items) == ["1:A"])
        let incomplete = try #require(read.incompleteRead)
        #expect(incomplete.origin?.description == "\((path as NSString).lastPathComponent):2")
        #expect(incomplete.reason == "the file ends inside the array: element 2 is unfinished")
        #expect(incomplete.exitStatus == .invalidInput)
    }

    @Test("a UTF-8 byte-order mark is accepted")
    func byteOrderMark() async throws {
        let path = try write("\u{FEFF}[{\"teamId\": \"甲\"}]")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(summary(try await read(path)) == ["1:甲"])
    }

    @Test("the sample roster reads every team")
    func sample() async throws {
        let items = try await read(Fixtures.path("sources/teams.json"))
        let expected = try JSONReader().value(from: Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sources/teams.json")))))
        #expect(items.count == expected.arrayValue?.count)
        guard case let .record(first, _) = items.first else {
            Issue.record("expected a record")
            return
        }
        #expect(first == expected[0]?.objectValue)
    }
}
