import Foundation
import HuitongCore
import Testing

/// The storage layer the Hub's state directory and the ledger share.
@Suite struct StorageTests {
    /// A fresh directory, removed when the test's `defer` runs.
    private static func temporaryDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "huitong-storage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    private static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aReplacedFileHoldsTheNewBytesAndNoTemporaryIsLeft() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state.json"
        try FileStorage.replace(path, with: Array("old".utf8))
        try FileStorage.replace(path, with: Array("new".utf8))
        #expect(Self.contents(path) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["state.json"])
    }

    @Test func aReplaceMakesTheMissingDirectories() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileStorage.replace(directory + "/a/b/c.json", with: Array("{}".utf8))
        #expect(Self.contents(directory + "/a/b/c.json") == "{}")
    }

    @Test func aFailureNamesTheOperationThePathAndTheSystemsReason() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "a file".write(toFile: directory + "/taken", atomically: true, encoding: .utf8)
        let error = #expect(throws: StorageError.self) { try FileStorage.replace(directory + "/taken/c.json", with: []) }
        #expect(error?.operation == "create the directory")
        #expect(error?.path == directory + "/taken")
        #expect(error?.number == EEXIST)
        #expect(error?.description == "\(directory)/taken: could not create the directory: File exists")
    }

    @Test func syncingADirectoryThatCannotBeOpenedIsAnError() {
        let error = #expect(throws: StorageError.self) { try FileStorage.syncDirectory("/nonexistent/huitong-state") }
        #expect(error?.number == ENOENT)
    }

    @Test func removeTakesAWholeTreeAndALinkButNotWhatTheLinkPointsTo() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileStorage.createDirectory(directory + "/run/target")
        try "line\n".write(toFile: directory + "/run/target/journal.jsonl", atomically: true, encoding: .utf8)
        try "keep".write(toFile: directory + "/outside", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/run/link", withDestinationPath: directory + "/outside")
        try FileStorage.remove(directory + "/run")
        #expect(!FileManager.default.fileExists(atPath: directory + "/run"))
        #expect(Self.contents(directory + "/outside") == "keep")
        try FileStorage.remove(directory + "/run")  // nothing there: not an error
    }

    @Test func aNewFileNeverOverwritesOneThatIsThere() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/manifest.json"
        try WritableFile(path, mode: .createNew).write(Array("first".utf8))
        let error = #expect(throws: StorageError.self) { _ = try WritableFile(path, mode: .createNew) }
        #expect(error?.number == EEXIST)
        #expect(Self.contents(path) == "first")
    }

    @Test func anAppendedFileGrowsFromItsEnd() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/journal.jsonl"
        try WritableFile(path, mode: .append).write(Array("one\n".utf8))
        let file = try WritableFile(path, mode: .append)
        #expect(try file.size() == 4)
        try file.write(Array("two\n".utf8))
        try file.sync()
        #expect(Self.contents(path) == "one\ntwo\n")
    }

    @Test func aFileLockConflictsWithASecondDescriptorEvenInTheSameProcess() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/lock"
        var first = try FileLock.acquire(path, createFile: true, waitMilliseconds: 0)
        #expect(first != nil)
        #expect(try FileLock.acquire(path, createFile: true, waitMilliseconds: 20) == nil)
        try first?.record(Array("{\"pid\":1}\n".utf8))
        try first?.record(Array("{}\n".utf8))
        #expect(Self.contents(path) == "{}\n", "a note replaces the last one whole")
        first = nil
        #expect(try FileLock.acquire(path, createFile: true, waitMilliseconds: 0) != nil)
    }

    @Test func theBackgroundWriterWritesAndHashesEveryBufferInOrder() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/dataset.jsonl"
        let writer = HashingFileWriter(try WritableFile(path, mode: .createNew))
        var all: [UInt8] = []
        var buffer: [UInt8] = []
        for index in 0..<200 {
            buffer.append(contentsOf: Array("{\"key\":\"\(index)\",\"record\":{}}\n".utf8))
            if buffer.count > 700 {
                all += buffer
                writer.write(buffer)
                buffer.removeAll(keepingCapacity: true)  // the writer still holds its copy
            }
        }
        all += buffer
        writer.write(buffer)
        writer.write([])
        #expect(try writer.finish() == SHA256.hash(all))
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == all)
    }

    @Test func aFailedBackgroundWriteIsThrownByFinish() throws {
        let writer = HashingFileWriter(try WritableFile("/dev/full", mode: .append))
        writer.write(Array(repeating: UInt8(ascii: "x"), count: 4096))
        writer.write(Array("more".utf8))
        let error = #expect(throws: StorageError.self) { try writer.finish() }
        #expect(error?.path == "/dev/full")
    }
}

