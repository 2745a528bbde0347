import HuitongCore

/// Reads a CSV export (the shelter registry, the siren test results) row by row, in batches.
///
/// The file is read a chunk at a time, decoded (GB18030, GBK or UTF-8, see ``CSVEncoding``),
/// split into rows by ``CSVRowParser`` and matched to the header by ``CSVColumnLayout``; at no
/// point is more than one chunk, one row and one batch held, whatever the file's size.
///
/// What becomes what:
/// - the first non-empty row is the header; a header that cannot be read, repeats a name or
///   lacks a required column fails the source with a ``SourceError``;
/// - each later row becomes a record of `.string` values exactly as written (no trimming: the
///   mapping decides), keyed by the required columns in configured order, or by every named
///   header column when none are configured;
/// - a row that cannot be a record — a different number of fields from the header, text
///   after a closing quote, undecodable bytes, a row over the size limit — becomes an
///   unreadable item with the reason, and reading goes on;
/// - a quote still open at the end of the file has swallowed every row after it, so the read
///   is incomplete (exit status 3), as it is when the file cannot be read to its end (an I/O
///   error, exit status 4): the rows it did not reach may still be in the export;
/// - a last row with no line break after it that cannot be a record (too few or too many
///   fields, undecodable bytes) is where the export was cut off, so the read is incomplete
///   (exit status 3) rather than a set-aside row; a last row without a line break that is
///   fine is a record, as many exports omit the final line break;
/// - every item's origin is the file name and the physical line the row starts on (the
///   header is line 1; a quoted line break makes a row span lines).
///
/// A CSV export is a snapshot: the checkpoint is ignored and `read` returns `nil`.
package struct CSVSourceAdapter: SourceAdapter {
    /// What to read and how.
    package let configuration: CSVConfiguration

    /// An adapter for the export `configuration` describes.
    package init(configuration: CSVConfiguration) {
        self.configuration = configuration
    }

    /// An adapter for `path`, with the other settings as in ``CSVConfiguration``.
    package init(
        path: String,
        encoding: CSVEncoding = .auto,
        delimiter: Character = ",",
        requiredColumns: [String] = [],
        batchSize: Int = CSVConfiguration.defaultBatchSize
    ) {
        self.init(configuration: CSVConfiguration(
            path: path, encoding: encoding, delimiter: delimiter, requiredColumns: requiredColumns, batchSize: batchSize
        ))
    }

    package func read(since checkpoint: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> SourceRead {
        // Decoding and splitting rows run on a thread of their own, a few batches ahead of
        // the caller's mapping.
        let configuration = configuration
        let ahead = ReadAhead<[SourceItem], SourceRead> { emit in try Self.read(configuration, emit: emit) }
        defer { ahead.cancel() }
        while true {
            switch try ahead.next() {
            case let .batch(batch): try await deliver(batch)
            case let .end(read): return read
            }
        }
    }

    /// The read itself, synchronous: `emit` takes each batch in file order.
    private static func read(_ configuration: CSVConfiguration, emit: ([SourceItem]) throws -> Void) throws -> SourceRead {
        let path = configuration.path
        let requiredColumns = try configuration.checkedRequiredColumns()
        var parser = CSVRowParser(delimiter: try configuration.delimiterByte(), maximumRowBytes: configuration.maximumRowBytes)
        let file = try ChunkedFileReader(path: path, chunkSize: configuration.chunkSize)
        let decoder = try CSVTextDecoder(encoding: configuration.encoding, source: path)
        let name = Self.fileName(of: path)
        let batchSize = configuration.batchSize

        var layout: CSVColumnLayout?
        /// Rows after the header taken so far, for naming a row an operator can count to.
        var dataRows = 0
        var batch: [SourceItem] = []
        batch.reserveCapacity(min(batchSize, 4096))

        // Turns a row into the header or an item; true when the batch is full.
        func take(_ row: CSVRow) throws(SourceError) -> Bool {
            guard let layout else {
                layout = try CSVColumnLayout(header: row, requiredColumns: requiredColumns, source: path, encoding: decoder.encodingName)
                return false
            }
            batch.append(layout.item(for: row, file: name, encoding: decoder.encodingName))
            dataRows += 1
            return batch.count >= batchSize
        }

        var reachedEnd = false
        while !reachedEnd {
            let chunk: [UInt8]?
            do {
                chunk = try file.nextChunk()
            } catch {
                if !batch.isEmpty { try emit(batch) }
                return .incomplete(error.incompleteRead(file: name))
            }
            reachedEnd = chunk == nil
            let text = try decoder.decode(chunk ?? [], isLast: reachedEnd)
            var cursor = DecodedText.Cursor()
            while let row = parser.nextRow(in: text, from: &cursor) {
                if try take(row) {
                    try emit(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
        }
        if let row = parser.finish() {
            if layout != nil, case let .unclosedQuote(field, line) = row.problem {
                if !batch.isEmpty { try emit(batch) }
                return .incomplete(IncompleteRead(
                    origin: RecordOrigin(file: name, line: row.line),
                    reason: "field \(field) opens a quote on line \(line) that is never closed, so the rest of the file (\(row.lineSpan)) is one unreadable row: the rows in it were not read",
                    fix: "close the quote in \(name) (or double each quote inside the field: \"\"), or export the file again, then run again",
                    exitStatus: .invalidInput
                ))
            }
            if let layout, case let .unreadable(_, problem) = layout.item(for: row, file: name, encoding: decoder.encodingName) {
                // No line break after the last row, and the row is wrong: the export was cut
                // off inside it. A complete read would let every row after the cut count as gone.
                if !batch.isEmpty { try emit(batch) }
                return .incomplete(IncompleteRead(
                    origin: RecordOrigin(file: name, line: row.line),
                    reason: "the file ends inside row \(dataRows + 1) (\(row.lineSpan)): the export was cut off (the last row has no line break after it, and \(problem))",
                    fix: "re-export \(name) completely, then run again",
                    exitStatus: .invalidInput
                ))
            }
            if try take(row) {
                try emit(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        guard layout != nil else {
            throw SourceError(.missingHeader, source: path, message: "the file is empty: a CSV export needs a header line naming its columns")
        }
        if !batch.isEmpty {
            try emit(batch)
        }
        return .complete()
    }

    /// The last path component: origins name the file as an operator sees it in the export
    /// directory, the same on every machine.
    static func fileName(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }
}
