#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a JSON Lines file (one JSON value per line) record by record, in bounded memory.
///
/// Reads fixed-size chunks (256 KiB by default); memory stays below one chunk plus the longest
/// line allowed. Each call to ``next()`` returns the next complete line with its 1-based line
/// number and the byte offset just after it:
///
/// - Blank lines are skipped (they still count as lines). CRLF line ends are accepted.
/// - A line that is not valid JSON, or is longer than ``Options/maximumLineLength``, comes back
///   as a ``JSONLine`` holding a ``JSONError`` with file, line and column; reading goes on.
/// - An incomplete last line (no newline yet, for example a file still being written) is not
///   returned. ``resumeOffset`` and ``resumeLineNumber`` then say where a later run should start
///   (pass them to the initialiser) and ``unterminatedByteCount`` how many bytes were left over.
///
/// Only I/O failures are thrown. The reader owns its buffer (and the descriptor when it opened
/// the file); it is meant for one owner and is not `Sendable`.
package final class JSONLinesReader {
    /// Buffer and limit settings.
    package struct Options: Sendable {
        /// Bytes read from the file at a time.
        package var chunkSize: Int
        /// The longest line accepted, in bytes without the newline; longer ones are reported and skipped.
        package var maximumLineLength: Int
        /// How many arrays and objects may nest in one record.
        package var maximumDepth: Int

        /// Options with 256 KiB chunks, lines up to 16 MiB, and the reader's default nesting limit.
        package init(
            chunkSize: Int = 256 * 1024,
            maximumLineLength: Int = 16 * 1024 * 1024,
            maximumDepth: Int = JSONReader.defaultMaximumDepth
        ) {
            self.chunkSize = chunkSize
            self.maximumLineLength = maximumLineLength
            self.maximumDepth = maximumDepth
        }
    }

    /// The file name used in error messages.
    package let file: String
    private let scanner: FileLineScanner
    private let maximumDepth: Int
    private var workspace = JSONParserWorkspace(forStream: true)

    /// Opens the file at `path` and positions the reader at byte `offset`.
    ///
    /// - Parameters:
    ///   - offset: where to start, usually a ``resumeOffset`` saved by an earlier run (the start of a line).
    ///   - lineNumber: the number of the line at `offset`, for messages (the saved ``resumeLineNumber``).
    /// - Throws: ``JSONError`` with code `unreadableInput` when the file cannot be opened or positioned.
    package convenience init(
        path: String,
        startingAt offset: Int = 0,
        lineNumber: Int = 1,
        options: Options = Options()
    ) throws(JSONError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileLineScanner.systemError("could not open the file", offset: nil, file: path)
        }
        try self.init(fileDescriptor: descriptor, file: path, startingAt: offset, lineNumber: lineNumber,
                      options: options, closesWhenDone: true)
    }

    /// Reads from an open descriptor, such as standard input.
    ///
    /// Offsets count from `offset`: when it is not 0 the reader seeks there; when it is 0 the
    /// reader starts wherever the descriptor is (so pipes work).
    ///
    /// - Parameter closesWhenDone: whether the reader closes `fileDescriptor` when it is released
    ///   (also when this initialiser throws).
    package init(
        fileDescriptor: Int32,
        file: String,
        startingAt offset: Int = 0,
        lineNumber: Int = 1,
        options: Options = Options(),
        closesWhenDone: Bool = false
    ) throws(JSONError) {
        self.file = file
        self.maximumDepth = options.maximumDepth
        self.scanner = FileLineScanner(
            descriptor: fileDescriptor, closesDescriptor: closesWhenDone, file: file,
            startOffset: offset, firstLineNumber: lineNumber,
            chunkSize: options.chunkSize, maximumLineLength: options.maximumLineLength)
        if offset != 0, lseek(fileDescriptor, off_t(offset), SEEK_SET) < 0 {
            throw FileLineScanner.systemError("could not move to byte \(offset)", offset: offset, file: file)
        }
    }

    /// File offset just after the last complete line read or skipped: where a later run resumes.
    package var resumeOffset: Int { scanner.resumeOffset }

    /// The line number at ``resumeOffset``.
    package var resumeLineNumber: Int { scanner.nextLineNumber }

    /// After ``next()`` returned `nil`: the bytes of an incomplete last line that was not read (0 if none).
    package var unterminatedByteCount: Int { scanner.unterminatedByteCount }

    /// The next record, parsed, or `nil` at the end of the file.
    ///
    /// - Throws: ``JSONError`` only when the file cannot be read; bad lines are returned as items.
    package func next() throws(JSONError) -> JSONLine<Value>? {
        try nextLine { bytes, number, startOffset in parse(bytes, line: number, startOffset: startOffset) }
    }

    /// The next line's bytes, unparsed (without the line end), or `nil` at the end of the file.
    ///
    /// - Throws: ``JSONError`` only when the file cannot be read; over-long lines are returned as items.
    package func nextBytes() throws(JSONError) -> JSONLine<[UInt8]>? {
        try nextLine { bytes, _, _ in .success(Array(bytes)) }
    }

    /// The next line as an item, with `content` making its content from the line's bytes.
    @inline(__always)
    private func nextLine<Content>(
        _ content: (UnsafeBufferPointer<UInt8>, _ lineNumber: Int, _ startOffset: Int) -> Result<Content, JSONError>
    ) throws(JSONError) -> JSONLine<Content>? {
        guard let scanned = try scanner.next() else { return nil }
        switch scanned {
        case let .tooLong(length, number, startOffset, endOffset):
            return JSONLine(lineNumber: number, startOffset: startOffset, endOffset: endOffset,
                            content: .failure(tooLongError(length: length, line: number, offset: startOffset)))
        case let .line(bytes, number, startOffset, endOffset):
            return JSONLine(lineNumber: number, startOffset: startOffset, endOffset: endOffset,
                            content: content(bytes, number, startOffset))
        }
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, startOffset: Int) -> Result<Value, JSONError> {
        // Blank lines were skipped, so there is at least one byte and an address.
        // Moved in and out, never shared, so that its buffers are mutated in place.
        var reused = JSONParserWorkspace(forStream: false)
        swap(&reused, &workspace)
        var parser = JSONParser(start: bytes.baseAddress!, count: bytes.count, maximumDepth: maximumDepth, workspace: consume reused)
        let result: Result<Value, JSONError>
        do {
            result = .success(try parser.parseDocument())
        } catch {
            let offsetInLine = error.byteOffset ?? 0
            var located = error
            located.file = file
            located.line = line
            located.column = TextPosition(of: offsetInLine, in: bytes).column
            located.byteOffset = startOffset + offsetInLine
            result = .failure(located)
        }
        workspace = parser.workspace
        return result
    }

    private func tooLongError(length: Int, line: Int, offset: Int) -> JSONError {
        JSONError(code: .lineTooLong,
                  message: "the line is \(length) bytes long, more than the limit of \(scanner.maximumLineLength); it was skipped",
                  byteOffset: offset, file: file, line: line, column: 1)
    }
}
