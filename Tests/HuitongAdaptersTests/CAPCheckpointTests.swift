import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

@Suite("CAP adapter checkpoints and the directory as it changes")
struct CAPCheckpointTests {
    private static let someAlerts = ["cap-000.xml", "cap-001.xml", "cap-broken.xml", "cap-incoming.xml.tmp"]

    private func scratchWithSamples(_ names: [String] = someAlerts) throws -> CAPScratchDirectory {
        let scratch = try CAPScratchDirectory()
        try scratch.copy(names, from: CAPFixtures.alerts)
        return scratch
    }

    @Test("a second run with the returned checkpoint delivers nothing and returns the same checkpoint")
    func secondRunReadsNothing() async throws {
        let scratch = try scratchWithSamples()
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let first = try await CAPRun(adapter)
        #expect(first.files == ["cap-000.xml", "cap-001.xml", "cap-broken.xml"])
        let second = try await CAPRun(adapter, since: first.checkpoint)
        #expect(second.items.isEmpty)
        #expect(second.batchSizes.isEmpty)
        #expect(second.checkpoint == first.checkpoint)
    }

    @Test("a new file is read on the next run, and only it")
    func newFileRead() async throws {
        let scratch = try scratchWithSamples()
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let first = try await CAPRun(adapter)
        try scratch.copy(["cap-002.xml"], from: CAPFixtures.alerts)
        let second = try await CAPRun(adapter, since: first.checkpoint)
        #expect(second.files == ["cap-002.xml"])
        #expect(second.records["cap-002.xml"]?["identifier"] == "32060041600000000220261120220000")
    }

    @Test("a file rewritten with new content is read again, even at the same size and modification time")
    func changedFileReadAgain() async throws {
        let scratch = try scratchWithSamples(["cap-004-update.xml"])
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let path = scratch.file("cap-004-update.xml")
        let first = try await CAPRun(adapter)
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)

        // The cancel message has exactly the same length; put its content under the update's name
        // and restore the old modification time, as `cp -p` or `rsync -t` would.
        let cancel = try CAPFixtures.bytes(CAPFixtures.alerts, "cap-004-cancel.xml")
        #expect(cancel.count == (try CAPFixtures.bytes(CAPFixtures.alerts, "cap-004-update.xml")).count)
        try scratch.write("cap-004-update.xml", cancel)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)

        let second = try await CAPRun(adapter, since: first.checkpoint)
        #expect(second.files == ["cap-004-update.xml"])
        #expect(second.records["cap-004-update.xml"]?["msgType"] == "Cancel")
        #expect(second.checkpoint != first.checkpoint)
    }

    @Test("a file touched without changing its content is not read again")
    func touchedFileNotReadAgain() async throws {
        let scratch = try scratchWithSamples()
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let first = try await CAPRun(adapter)
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: scratch.file("cap-001.xml"))
        try scratch.write("cap-000.xml", try CAPFixtures.bytes(CAPFixtures.alerts, "cap-000.xml"))
        let second = try await CAPRun(adapter, since: first.checkpoint)
        #expect(second.items.isEmpty)
    }

    @Test("a .tmp file is skipped while it is written, and read once renamed to .xml")
    func renamedTemporaryFile() async throws {
        let scratch = try scratchWithSamples(["cap-000.xml"])
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        try scratch.write("cap-020.xml.tmp", try CAPFixtures.bytes(CAPFixtures.alerts, "cap-005.xml"))
        let first = try await CAPRun(adapter)
        #expect(first.files == ["cap-000.xml"])
        try FileManager.default.moveItem(atPath: scratch.file("cap-020.xml.tmp"), toPath: scratch.file("cap-020.xml"))
        let second = try await CAPRun(adapter, since: first.checkpoint)
        #expect(second.files == ["cap-020.xml"])
        #expect(second.records["cap-020.xml"]?["event"] == "危化品泄漏事故预警")
    }

    @Test("a broken file is set aside once, and read again when the sender replaces it")
    func brokenFileReplaced() async throws {
        let scratch = try scratchWithSamples(["cap-broken.xml"])
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let first = try await CAPRun(adapter)
        #expect(first.reasons.keys.contains("cap-broken.xml"))
        #expect(try await CAPRun(adapter, since: first.checkpoint).items.isEmpty)
        try scratch.write("cap-broken.xml", try CAPFixtures.bytes(CAPFixtures.alerts, "cap-003.xml"))
        let third = try await CAPRun(adapter, since: first.checkpoint)
        #expect(third.records["cap-broken.xml"]?["circle"] == "32.40888,120.53282 3.0")
    }

    @Test("a file that leaves the directory leaves the checkpoint; the others are not read again")
    func deletedFileForgotten() async throws {
        let scratch = try scratchWithSamples()
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let first = try await CAPRun(adapter)
        try FileManager.default.removeItem(atPath: scratch.file("cap-000.xml"))
        let second = try await CAPRun(adapter, since: first.checkpoint)
        #expect(second.items.isEmpty)
        let files = try #require(second.checkpoint?["files"]?.arrayValue)
        #expect(files.map { $0["file"] } == ["cap-001.xml", "cap-broken.xml"])
    }

    @Test("the checkpoint names its format and holds each file's content SHA-256, in file-name order")
    func checkpointShape() async throws {
        let scratch = try scratchWithSamples()
        let run = try await CAPRun(CAPDirectoryAdapter(directory: scratch.path))
        let checkpoint = try #require(run.checkpoint)
        #expect(checkpoint["format"] == "cap-directory/1")
        let files = try #require(checkpoint["files"]?.arrayValue)
        #expect(files.map { $0["file"] } == ["cap-000.xml", "cap-001.xml", "cap-broken.xml"])
        var hash = SHA256()
        hash.update(try CAPFixtures.bytes(CAPFixtures.alerts, "cap-001.xml"))
        #expect(files[1] == ["file": "cap-001.xml", "sha256": .string(hash.finalize().hex)])
    }

    @Test("a checkpoint for a directory of 5,000 alerts is written and read back in well under a second")
    func largeCheckpoint() throws {
        var checkpoint = CAPCheckpoint()
        for number in 0..<5000 {
            checkpoint.contentHashes["cap-\(number).xml"] = String(repeating: "ab", count: 32)
        }
        let clock = ContinuousClock()
        var readBack = CAPCheckpoint()
        let elapsed = try clock.measure { readBack = try CAPCheckpoint(checkpoint.value, source: "alerts") }
        #expect(readBack == checkpoint)
        #expect(elapsed < .seconds(1))
    }

    @Test("a checkpoint of another shape is refused with what to do, rather than silently read past")
    func foreignCheckpoint() async throws {
        let scratch = try scratchWithSamples()
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let hash: Value = .string(String(repeating: "0", count: 64))
        let foreign: [Value] = [
            ["offset": 10],
            ["format": "cap-directory/1", "files": ["a.xml": hash]],
            ["format": "cap-directory/1", "files": [["file": "a.xml", "sha256": "abc"]]],
            ["format": "cap-directory/1", "files": [["file": "a.xml", "sha256": hash], ["file": "a.xml", "sha256": hash]]],
        ]
        for checkpoint in foreign {
            let error = await #expect(throws: SourceError.self) { try await CAPRun(adapter, since: checkpoint) }
            #expect(error?.code == .unrecognisedCheckpoint)
            #expect(error?.source == scratch.path)
            #expect(error?.message.contains("remove it to read every alert file in the directory again") == true)
        }
    }

    @Test("items arrive in batches of the configured size")
    func batches() async throws {
        let adapter = CAPDirectoryAdapter(directory: CAPFixtures.alerts, batchSize: 5)
        let run = try await CAPRun(adapter)
        #expect(run.batchSizes == [5, 5, 5, 1])
    }

    @Test("a delivery that fails ends the run without a checkpoint, so nothing is skipped next time")
    func failedDelivery() async throws {
        struct StagingFailed: Error {}
        let adapter = CAPDirectoryAdapter(directory: CAPFixtures.alerts, batchSize: 4)
        var delivered = 0
        await #expect(throws: StagingFailed.self) {
            _ = try await adapter.read(since: nil) { batch in
                delivered += batch.count
                if delivered > 4 { throw StagingFailed() }
            }
        }
        #expect(delivered == 8)
    }

    @Test("hidden files, directories and FIFOs with alert names are not read, and do not block the run")
    func nonAlertEntries() async throws {
        let scratch = try scratchWithSamples(["cap-000.xml"])
        try scratch.write(".cap-001.xml", try CAPFixtures.bytes(CAPFixtures.alerts, "cap-001.xml"))
        try scratch.write("notes.txt", "not an alert")
        try FileManager.default.createDirectory(atPath: scratch.file("archive.xml"), withIntermediateDirectories: false)
        #expect(mkfifo(scratch.file("pipe.cap"), 0o644) == 0)
        let run = try await CAPRun(CAPDirectoryAdapter(directory: scratch.path))
        #expect(run.files == ["cap-000.xml"])
    }

    @Test("a file that cannot be opened is set aside with the system's reason and tried again next run")
    func unopenableFile() async throws {
        let scratch = try scratchWithSamples(["cap-000.xml"])
        // A symbolic link to itself fails to open whoever runs the test (root reads any mode).
        try FileManager.default.createSymbolicLink(atPath: scratch.file("loop.xml"), withDestinationPath: "loop.xml")
        let adapter = CAPDirectoryAdapter(directory: scratch.path)
        let first = try await CAPRun(adapter)
        #expect(first.reasons["loop.xml"] == "cannot read the file: Too many levels of symbolic links; check the file and its permissions")
        let second = try await CAPRun(adapter, since: first.checkpoint)
        #expect(second.files == ["loop.xml"])
    }

    @Test("a file over the size limit is set aside unparsed, and not again until it changes")
    func oversizedFile() async throws {
        let scratch = try scratchWithSamples(["cap-000.xml", "cap-noarea.xml"])
        let adapter = CAPDirectoryAdapter(directory: scratch.path, maximumFileBytes: 700)
        let first = try await CAPRun(adapter)
        #expect(first.reasons["cap-000.xml"]?.hasPrefix("the file has 811 bytes, more than the 700 bytes one CAP alert may have; it was not parsed.") == true)
        #expect(first.completeness == .complete, "one oversized alert is set aside; the read goes on")
        #expect(first.records["cap-noarea.xml"] != nil)
        #expect(try await CAPRun(adapter, since: first.checkpoint).items.isEmpty)
    }

    @Test("a directory that does not exist is an error about the source, naming it")
    func missingDirectory() async throws {
        let path = "/nonexistent/huitong-cap-\(UUID().uuidString)"
        let error = await #expect(throws: SourceError.self) { try await CAPRun(CAPDirectoryAdapter(directory: path)) }
        #expect(error?.code == .notFound)
        #expect(error?.source == path)
    }
}
