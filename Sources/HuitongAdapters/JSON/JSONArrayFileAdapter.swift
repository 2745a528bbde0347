import Foundation
import HuitongCore

/// Reads a JSON file holding an array of objects (the rescue-team roster), element by element.
///
/// Each element becomes a record with its index and starting line; an element that is not a
/// well-formed object becomes an unreadable item and reading goes on. A file that is not an
/// array at all is a `SourceError`. A snapshot source: no checkpoint.
public struct JSONArrayFileAdapter: SourceAdapter {
    public var path: String
    public var batchSize: Int
    /// Bytes read at a time.
    public var chunkSize: Int

    public init(path: String, batchSize: Int = 1000, chunkSize: Int = 64 * 1024) {
        self.path = path
        self.batchSize = max(1, batchSize)
        self.chunkSize = max(1, chunkSize)
    }

    public func read(since checkpoint: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> Value? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SourceError(source: path, message: "cannot open the file; check the path and permissions")
        }
        defer { try? handle.close() }
        let name = (path as NSString).lastPathComponent
        var splitter = JSONArraySplitter()
        var batch: [SourceItem] = []
        var index = 0

        func item(for bytes: [UInt8], line: Int) -> SourceItem {
            index += 1
            let origin = RecordOrigin(file: name, line: line, index: index)
            do {
                guard case let .object(record) = try JSONReader().value(from: bytes, file: name) else {
                    return .unreadable(origin: origin, reason: "element \(index) is not a JSON object")
                }
                return .record(record, origin: origin)
            } catch {
                return .unreadable(origin: origin, reason: "element \(index): \(error.message)")
            }
        }

        while true {
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty { break }
            for event in splitter.feed(chunk) {
                switch event {
                case let .element(bytes, line): batch.append(item(for: bytes, line: line))
                case let .notAnArray(message): throw SourceError(source: path, message: message)
                }
            }
            if batch.count >= batchSize {
                try await deliver(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if let (unfinished, line) = splitter.finish() {
            if unfinished.isEmpty && index == 0 && !splitter.isComplete {
                throw SourceError(source: path, message: "the file is empty or ends before its array; it must hold a JSON array of objects")
            }
            index += 1
            batch.append(.unreadable(
                origin: RecordOrigin(file: name, line: line, index: index),
                reason: "the file ends inside the array (element \(index) is unfinished)"
            ))
        }
        if !batch.isEmpty { try await deliver(batch) }
        return nil
    }
}
