#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a file descriptor's bytes into lines, reading fixed-size chunks into one buffer.
///
/// The buffer holds at most one chunk plus the longest line allowed: after each line the scan
/// moves on in place, and only the partial line at the end of a chunk is moved to the front
/// before the next read. A line longer than the maximum is dropped as it streams past (it is
/// reported, by number, once its newline arrives) so memory stays bounded whatever the input.
///
/// Owns the buffer, and the descriptor when asked to; both are released in `deinit`.
final class FileLineScanner {
    /// What the scanner found next.
    enum Scanned {
        /// A line without its LF (and without a CR before the LF); the bytes stay valid until
        /// the next call to ``FileLineScanner/next()``.
        case line(UnsafeBufferPointer<UInt8>, number: Int, startOffset: Int, endOffset: Int)
        /// A line longer than the maximum, already skipped; `length` excludes the newline.
        case tooLong(length: Int, number: Int, startOffset: Int, endOffset: Int)
    }

    private let descriptor: Int32
    private let closesDescriptor: Bool
    private let file: String
    private let chunkSize: Int
    let maximumLineLength: Int

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unconsumed bytes are `buffer[dataStart..<dataEnd]`; no LF in `buffer[dataStart..<scanFrom]`.
    private var dataStart = 0
    private var dataEnd = 0
    private var scanFrom = 0
    private var reachedEndOfFile = false
    /// Bytes of an over-long line already dropped, while skipping one.
    private var droppedLength: Int?

    /// File offset just after the last complete line (returned, blank or too long).
    private(set) var resumeOffset: Int
    /// The number the next line will have.
    private(set) var nextLineNumber: Int
    /// At the end of the file: the length of an incomplete last line (no LF), which is not returned.
    private(set) var unterminatedByteCount = 0

    init(descriptor: Int32, closesDescriptor: Bool, file: String, startOffset: Int, firstLineNumber: Int,
         chunkSize: Int, maximumLineLength: Int) {
        self.descriptor = descriptor
        self.closesDescriptor = closesDescriptor
        self.file = file
        self.chunkSize = max(chunkSize, 1)
        self.maximumLineLength = max(maximumLineLength, 1)
        self.resumeOffset = startOffset
        self.nextLineNumber = firstLineNumber
        self.capacity = self.chunkSize
        self.buffer = .allocate(capacity: self.chunkSize)
    }

    deinit {
        buffer.deallocate()
        if closesDescriptor {
            close(descriptor)
        }
    }

    /// The next non-blank line, an over-long line's report, or `nil` at the end of the file.
    func next() throws(JSONError) -> Scanned? {
        while true {
            if let newline = findNewline() {
                let number = nextLineNumber
                nextLineNumber += 1
                let lineStart = dataStart
                let length = (droppedLength ?? 0) + (newline - lineStart)
                let startOffset = resumeOffset
                let endOffset = startOffset + length + 1
                resumeOffset = endOffset
                dataStart = newline + 1
                scanFrom = dataStart
                if droppedLength != nil || length > maximumLineLength {
                    droppedLength = nil
                    return .tooLong(length: length, number: number, startOffset: startOffset, endOffset: endOffset)
                }
                var lineEnd = newline
                if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") {
                    lineEnd -= 1
                }
                if isBlank(from: lineStart, to: lineEnd) {
                    continue
                }
                let line = UnsafeBufferPointer(start: buffer + lineStart, count: lineEnd - lineStart)
                return .line(line, number: number, startOffset: startOffset, endOffset: endOffset)
            }
            scanFrom = dataEnd
            let pending = dataEnd - dataStart
            if droppedLength != nil || pending > maximumLineLength {
                droppedLength = (droppedLength ?? 0) + pending
                dataStart = 0
                dataEnd = 0
                scanFrom = 0
            }
            if reachedEndOfFile {
                unterminatedByteCount = (droppedLength ?? 0) + (dataEnd - dataStart)
                return nil
            }
            try readChunk()
        }
    }

    private func findNewline() -> Int? {
        guard scanFrom < dataEnd,
              let found = memchr(buffer + scanFrom, Int32(UInt8(ascii: "\n")), dataEnd - scanFrom) else {
            return nil
        }
        return buffer.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private func isBlank(from start: Int, to end: Int) -> Bool {
        for index in start..<end {
            switch buffer[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            default: return false
            }
        }
        return true
    }

    /// Moves the partial line to the front, makes room for a chunk, and reads once.
    private func readChunk() throws(JSONError) {
        if dataStart > 0 {
            let pending = dataEnd - dataStart
            if pending > 0 {
                memmove(buffer, buffer + dataStart, pending)
            }
            scanFrom -= dataStart
            dataEnd = pending
            dataStart = 0
        }
        if capacity - dataEnd < chunkSize {
            // Only a line longer than a chunk gets here; it is at most `maximumLineLength`.
            let grown = min(max(capacity * 2, dataEnd + chunkSize), maximumLineLength + chunkSize + 1)
            let replacement = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            replacement.initialize(from: buffer, count: dataEnd)
            buffer.deallocate()
            buffer = replacement
            capacity = grown
        }
        while true {
            let count = read(descriptor, buffer + dataEnd, capacity - dataEnd)
            if count > 0 {
                dataEnd += count
                return
            }
            if count == 0 {
                reachedEndOfFile = true
                return
            }
            if errno == EINTR { continue }
            throw FileLineScanner.systemError("could not read the file", offset: resumeOffset + (droppedLength ?? 0) + dataEnd, file: file)
        }
    }

    /// An error for the failed system call, with the system's reason.
    static func systemError(_ what: String, offset: Int?, file: String) -> JSONError {
        let reason = String(cString: strerror(errno))
        return JSONError(code: .unreadableInput, message: "\(what): \(reason)", byteOffset: offset, file: file)
    }
}
