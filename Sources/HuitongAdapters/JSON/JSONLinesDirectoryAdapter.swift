import Foundation
import HuitongCore

/// Reads a directory of JSON Lines files that a gateway appends to (the shelter sensors:
/// one file an hour, `sensors-2026112909.jsonl`), remembering per file how far it got.
///
/// Files are read in name order. The checkpoint holds, per file, the byte offset and line
/// number after the last complete line; an incomplete last line (the gateway is still writing
/// it) is left for the next run. A line that is not a JSON object becomes an unreadable item
/// with its file and line, and reading goes on. A file now shorter than its bookmark was
/// rewritten: it is read again from the start, with an unreadable item saying so.
///
/// A read that leaves an incomplete last line for the next run is complete. One where a file
/// cannot be read to its end (an I/O error part-way) is incomplete, with exit status 4: the
/// lines after the failure were not read, and the checkpoint must not move past them.
package struct JSONLinesDirectoryAdapter: SourceAdapter {
    /// The directory, or a single JSON Lines file.
    package var directory: String
    /// Only files whose names end with this are read.
    package var suffix: String
    package var batchSize: Int

    package init(directory: String, suffix: String = ".jsonl", batchSize: Int = 1000) {
        self.directory = directory
        self.suffix = suffix
        self.batchSize = max(1, batchSize)
    }

    package func read(since checkpoint: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> SourceRead {
        // Reading and parsing lines run on a thread of their own, a few batches ahead of the
        // caller's mapping.
        let ahead = ReadAhead<[SourceItem], SourceRead> { [self] emit in try read(since: checkpoint, emit: emit) }
        defer { ahead.cancel() }
        while true {
            switch try ahead.next() {
            case let .batch(batch): try await deliver(batch)
            case let .end(read): return read
            }
        }
    }

    /// The read itself, synchronous: `emit` takes each batch in order.
    private func read(since checkpoint: Value?, emit: ([SourceItem]) throws -> Void) throws -> SourceRead {
        var bookmarks = checkpoint?["files"]?.objectValue ?? OrderedObject()
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: self.directory, isDirectory: &isDirectory)
        // A single file is read as a directory holding just that file.
        let directory = exists && !isDirectory.boolValue ? (self.directory as NSString).deletingLastPathComponent : self.directory
        let names: [String]
        if exists && !isDirectory.boolValue {
            names = [(self.directory as NSString).lastPathComponent]
        } else {
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory)
                    .filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }
                    .sorted()
            } catch {
                throw SourceError(.unreadable, source: directory, message: "cannot list the directory: \(error.localizedDescription); check the path")
            }
        }
        var batch: [SourceItem] = []
        batch.reserveCapacity(batchSize)
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            var offset = bookmarks[name]?["offset"]?.integerValue.map(Int.init) ?? 0
            var line = bookmarks[name]?["line"]?.integerValue.map(Int.init) ?? 1
            if offset > size {
                batch.append(.unreadable(
                    origin: RecordOrigin(file: name),
                    reason: "the file is now \(size) bytes, shorter than the \(offset) already read: it was rewritten; reading it again from the start"
                ))
                (offset, line) = (0, 1)
            }
            guard offset < size else { continue }
            let reader: JSONLinesReader
            do {
                reader = try JSONLinesReader(path: path, startingAt: offset, lineNumber: line)
            } catch {
                throw SourceError(.unreadable, source: path, message: error.message)
            }
            while true {
                let next: JSONLine<Value>?
                do {
                    next = try reader.next()
                } catch {
                    if !batch.isEmpty { try emit(batch) }
                    return .incomplete(IncompleteRead(
                        origin: RecordOrigin(file: name, line: reader.resumeLineNumber),
                        reason: "the file could not be read to its end (\(error.message))",
                        fix: "check that \(path) is a readable regular file and that its disk answers (copy it elsewhere to test), then run again",
                        exitStatus: .runtimeFailure
                    ))
                }
                guard let entry = next else { break }
                let origin = RecordOrigin(file: name, line: entry.lineNumber)
                switch entry.content {
                case let .success(.object(record)): batch.append(.record(record, origin: origin))
                case .success: batch.append(.unreadable(origin: origin, reason: "not a JSON object"))
                case let .failure(error): batch.append(.unreadable(origin: origin, reason: error.message))
                }
                if batch.count >= batchSize {
                    try emit(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            bookmarks[name] = .object(OrderedObject(uniqueKeysWithValues: [
                ("offset", .integer(Int64(reader.resumeOffset))), ("line", .integer(Int64(reader.resumeLineNumber))),
            ]))
        }
        if !batch.isEmpty { try emit(batch) }
        return .complete(checkpoint: .object(OrderedObject(uniqueKeysWithValues: [("files", .object(bookmarks))])))
    }
}
