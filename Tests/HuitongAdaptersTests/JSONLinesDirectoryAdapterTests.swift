import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongAdapters

@Suite("JSON Lines directory adapter")
struct JSONLinesDirectoryAdapterTests {
    func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-jsonl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func append(_ text: String, to file: String) throws {
        if !FileManager.default.fileExists(atPath: file) { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func readAll(_ adapter: JSONLinesDirectoryAdapter, since checkpoint: Value?) async throws -> (items: [SourceItem], checkpoint: Value?, batches: [Int]) {
        var items: [SourceItem] = []
        var batches: [Int] = []
        let read = try await adapter.read(since: checkpoint) { batch in
            items += batch
            batches.append(batch.count)
        }
        #expect(read.completeness == .complete)
        return (items, read.checkpoint, batches)
    }

    func reading(_ n: Int) -> String { #"{"sensor":"S-1","ts":\#(1_795_914_000 + n * 60),"t":18.\#(n % 10)}"# }

    @Test("a file still being written is read up to its last complete line, and the next run reads only the new lines")
    func resumesAfterPartialLine() async throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/sensors-2026112909.jsonl"
        try append(reading(1) + "\n" + reading(2) + "\n" + reading(3) + "\n" + #"{"sensor":"S-1","ts":179"#, to: file)
        let adapter = JSONLinesDirectoryAdapter(directory: directory)

        let first = try await readAll(adapter, since: nil)
        #expect(first.items.count == 3)
        #expect(first.checkpoint?["files"]?["sensors-2026112909.jsonl"]?["line"] == .integer(4))

        try append(#"5914240,"t":18.4}"# + "\n" + reading(5) + "\n", to: file)
        let second = try await readAll(adapter, since: first.checkpoint)
        let lines = second.items.compactMap { item -> Int? in
            if case let .record(_, origin) = item { return origin.line }
            return nil
        }
        #expect(lines == [4, 5])
        if case let .record(record, _) = second.items.first {
            #expect(record["ts"] == .integer(1_795_914_240))
        }

        let third = try await readAll(adapter, since: second.checkpoint)
        #expect(third.items.isEmpty)
    }

    @Test("a line that is not JSON is set aside with its file and line, and reading goes on")
    func badLine() async throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try append(reading(1) + "\nnot json\n[1,2]\n" + reading(4) + "\n", to: directory + "/a.jsonl")
        let result = try await readAll(JSONLinesDirectoryAdapter(directory: directory), since: nil)
        let unreadable = result.items.compactMap { item -> String? in
            if case let .unreadable(origin, _) = item { return origin.description }
            return nil
        }
        #expect(unreadable == ["a.jsonl:2", "a.jsonl:3"])
        #expect(result.items.count == 4)
    }

    @Test("files are read in name order, other files ignored, and a new hourly file is picked up")
    func nameOrder() async throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try append(reading(2) + "\n", to: directory + "/sensors-2026112909.jsonl")
        try append(reading(1) + "\n", to: directory + "/sensors-2026112908.jsonl")
        try append("ignored\n", to: directory + "/notes.txt")
        let adapter = JSONLinesDirectoryAdapter(directory: directory)
        let first = try await readAll(adapter, since: nil)
        #expect(first.items.compactMap { if case let .record(_, o) = $0 { o.file } else { nil } }
            == ["sensors-2026112908.jsonl", "sensors-2026112909.jsonl"])
        try append(reading(3) + "\n", to: directory + "/sensors-2026112910.jsonl")
        let second = try await readAll(adapter, since: first.checkpoint)
        #expect(second.items.count == 1)
    }

    @Test("a file rewritten shorter than its bookmark is read again from the start, with a notice")
    func rewrittenFile() async throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/a.jsonl"
        try append(reading(1) + "\n" + reading(2) + "\n", to: file)
        let adapter = JSONLinesDirectoryAdapter(directory: directory)
        let first = try await readAll(adapter, since: nil)
        try Data((reading(9) + "\n").utf8).write(to: URL(fileURLWithPath: file))
        let second = try await readAll(adapter, since: first.checkpoint)
        #expect(second.items.count == 2)
        if case let .unreadable(_, reason) = second.items.first { #expect(reason.contains("rewritten")) }
    }

    @Test("batches never exceed the batch size")
    func batchSize() async throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try append((1...2500).map(reading).joined(separator: "\n") + "\n", to: directory + "/a.jsonl")
        let result = try await readAll(JSONLinesDirectoryAdapter(directory: directory, batchSize: 1000), since: nil)
        #expect(result.batches == [1000, 1000, 500])
    }

    @Test("the sample sensor files: every complete line read, the unfinished last line left for later")
    func samples() async throws {
        let result = try await readAll(JSONLinesDirectoryAdapter(directory: Fixtures.path("sources/sensors")), since: nil)
        let records = result.items.filter { if case .record = $0 { true } else { false } }.count
        let unreadable = result.items.count - records
        let total = try ["sensors-2026112908.jsonl", "sensors-2026112909.jsonl"].map { name in
            try String(contentsOfFile: Fixtures.path("sources/sensors/" + name), encoding: .utf8).split(separator: "\n").count
        }.reduce(0, +)
        // The 09 file ends in an unfinished line, which is not an item yet.
        #expect(records + unreadable == total - 1)
        // 6,000 complete lines; the unfinished one is line 6,001, where the next run starts.
        #expect(result.checkpoint?["files"]?["sensors-2026112909.jsonl"]?["line"] == .integer(6001))
    }
}
