import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

/// The incremental sources keep their semantics (a line still being written waits for the next
/// run; a bad alert is set aside), but a file that cannot be read to its end makes the read
/// incomplete: its checkpoint must not move past what was never read.
@Suite("Incremental adapters: files that cannot be read to their end")
struct IncrementalReadFailureTests {
    @Test("JSON Lines: a file that fails to read (here a directory with a .jsonl name) is an incomplete read, exit status 4")
    func jsonLinesReadFailure() async throws {
        let scratch = try CAPScratchDirectory()
        try scratch.write("sensors-2026112908.jsonl", #"{"sensor":"S-1","ts":1}"# + "\n")
        let unreadable = scratch.file("sensors-2026112909.jsonl")
        try FileManager.default.createDirectory(atPath: unreadable + "/inside", withIntermediateDirectories: true)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: unreadable)[.size] as? Int)
        try #require(size > 0, "this file system gives directories no size; the adapter would skip it")
        var items: [SourceItem] = []
        let read = try await JSONLinesDirectoryAdapter(directory: scratch.path).read(since: nil) { items += $0 }
        #expect(items.count == 1, "the readable file before it is delivered")
        let incomplete = try #require(read.incompleteRead)
        #expect(incomplete.origin == RecordOrigin(file: "sensors-2026112909.jsonl", line: 1))
        #expect(incomplete.reason.hasPrefix("the file could not be read to its end (could not read the file: Is a directory)"))
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(read.checkpoint == nil, "no bookmark moves on an incomplete read")
    }

    @Test("JSON Lines: an unfinished last line still waits for the next run, and the read is complete")
    func jsonLinesUnfinishedLineIsComplete() async throws {
        let scratch = try CAPScratchDirectory()
        try scratch.write("sensors-2026112909.jsonl", #"{"sensor":"S-1","ts":1}"# + "\n" + #"{"sensor":"S-1","ts"#)
        let read = try await JSONLinesDirectoryAdapter(directory: scratch.path).read(since: nil) { _ in }
        #expect(read.completeness == .complete)
        #expect(read.checkpoint?["files"]?["sensors-2026112909.jsonl"]?["line"] == 2)
    }

    @Test("CAP: an alert file that fails to read (EIO) stops the read as incomplete, exit status 4",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/mem")))
    func capReadFailure() async throws {
        let scratch = try CAPScratchDirectory()
        try scratch.copy(["cap-000.xml"], from: CAPFixtures.alerts)
        // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO, as a failing disk does.
        try FileManager.default.createSymbolicLink(atPath: scratch.file("cap-001.xml"), withDestinationPath: "/proc/self/mem")
        let run = try await CAPRun(CAPDirectoryAdapter(directory: scratch.path))
        #expect(run.files == ["cap-000.xml"])
        guard case let .incomplete(incomplete) = run.completeness else {
            Issue.record("expected an incomplete read, got \(run.completeness)")
            return
        }
        #expect(incomplete.origin == RecordOrigin(file: "cap-001.xml"))
        #expect(incomplete.reason == "the alert file could not be read to its end: reading failed after 0 bytes (Input/output error)")
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(run.checkpoint == nil)
    }

    @Test("CAP: a file that cannot be opened is still set aside and the read is complete")
    func capOpenFailure() async throws {
        let scratch = try CAPScratchDirectory()
        try FileManager.default.createSymbolicLink(atPath: scratch.file("loop.xml"), withDestinationPath: scratch.file("loop.xml"))
        let run = try await CAPRun(CAPDirectoryAdapter(directory: scratch.path))
        #expect(run.files == ["loop.xml"])
        #expect(run.completeness == .complete)
    }
}
