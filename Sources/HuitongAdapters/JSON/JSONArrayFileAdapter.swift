import HuitongCore

/// Reads a JSON file holding an array of objects (the rescue-team roster), element by element.
///
/// Each element becomes a record with its index and starting line; an element that is not a
/// well-formed object becomes an unreadable item and reading goes on. A file that is not an
/// array at all (or is empty) is a `SourceError`. A file whose array is not whole — it ends
/// inside an element or before the closing `]`, or its structure breaks (a missing comma,
/// bytes after the `]`) — is an incomplete read (exit status 3), as is one that cannot be read
/// to its end (an I/O error, exit status 4): the elements it did not reach may be in the
/// export. A snapshot source: no checkpoint.
package struct JSONArrayFileAdapter: SourceAdapter {
    package var path: String
    package var batchSize: Int
    /// Bytes read at a time.
    package var chunkSize: Int

    package init(path: String, batchSize: Int = 1000, chunkSize: Int = 64 * 1024) {
        self.path = path
        self.batchSize = max(1, batchSize)
        self.chunkSize = max(1, chunkSize)
    }

    package func read(since checkpoint: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> SourceRead {
        let file = try ChunkedFileReader(path: path, chunkSize: chunkSize)
        let name = CSVSourceAdapter.fileName(of: path)
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

        // Delivers what was read before the read stopped early, and says why it stopped.
        func stopped(_ incomplete: IncompleteRead) async throws -> SourceRead {
            if !batch.isEmpty { try await deliver(batch) }
            return .incomplete(incomplete)
        }

        while true {
            let chunk: [UInt8]?
            do {
                chunk = try file.nextChunk()
            } catch {
                return try await stopped(error.incompleteRead(file: name))
            }
            guard let chunk else { break }
            for event in splitter.feed(chunk) {
                switch event {
                case let .element(bytes, line):
                    batch.append(item(for: bytes, line: line))
                case let .notAnArray(message):
                    throw SourceError(.notAnArray, source: path, message: message)
                case let .damaged(message, line):
                    return try await stopped(damaged(name, line: line, reason: "the array is damaged: \(message)"))
                }
            }
            if batch.count >= batchSize {
                try await deliver(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        switch splitter.finish() {
        case .complete, .damaged:
            break
        case .noArray:
            throw SourceError(.notAnArray, source: path, message: "the file is empty or ends before its array; it must hold a JSON array of objects")
        case let .unfinishedElement(element, line):
            return try await stopped(damaged(name, line: line, reason: "the file ends inside the array: element \(element) is unfinished"))
        case let .unclosedArray(elements, line):
            let place = elements == 0 ? "before its first element" : "after element \(elements)"
            return try await stopped(damaged(name, line: line, reason: "the file ends inside the array, \(place), without the closing ]"))
        }
        if !batch.isEmpty { try await deliver(batch) }
        return .complete()
    }

    /// A file whose array is not whole: the elements after `line` were not read.
    private func damaged(_ name: String, line: Int, reason: String) -> IncompleteRead {
        IncompleteRead(
            origin: RecordOrigin(file: name, line: line),
            reason: reason,
            fix: "export \(name) again completely (it must hold one whole JSON array), then run again",
            exitStatus: .invalidInput
        )
    }
}
