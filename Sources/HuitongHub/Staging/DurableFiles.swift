import Foundation
import HuitongCore

/// File operations whose effects survive a crash or a power cut at any moment: a file is
/// either the old one or the complete new one, and an appended line is on disk before the
/// call returns.
enum DurableFiles {
    /// Replaces `path` with `bytes`: written to a temporary file beside it, flushed, renamed
    /// over the old one, and the directory flushed so the rename itself is durable.
    static func replace(_ path: String, with bytes: [UInt8]) throws(HubError) {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HubError.disk("cannot create \(temporary)", errno) }
        defer { close(fd) }
        try writeAll(fd, bytes, file: temporary)
        guard fsync(fd) == 0 else { throw HubError.disk("cannot flush \(temporary)", errno) }
        guard rename(temporary, path) == 0 else { throw HubError.disk("cannot rename \(temporary) to \(path)", errno) }
        syncDirectory(directory)
    }

    static func makeDirectory(_ path: String) throws(HubError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw HubError.disk("cannot create the directory \(path): \(error.localizedDescription)", 0)
        }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], file: String) throws(HubError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw HubError.disk("cannot write \(file)", errno) }
            written += result
        }
    }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    static func remove(_ path: String) throws(HubError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw HubError.disk("cannot remove \(path): \(error.localizedDescription)", 0)
        }
        syncDirectory((path as NSString).deletingLastPathComponent)
    }
}

/// Appends JSON lines to a file; `sync()` makes everything appended so far durable.
final class JSONLinesAppender {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let writer = JSONWriter()
    /// Bytes already written to the file.
    private var flushed: Int
    /// The failpoint that simulates a full disk in the middle of this file's next write.
    private let failpoint: String?

    init(path: String, truncate: Bool = false, failpoint: String? = nil) throws(HubError) {
        self.path = path
        self.failpoint = failpoint
        try DurableFiles.makeDirectory((path as NSString).deletingLastPathComponent)
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0o644)
        guard fd >= 0 else { throw HubError.disk("cannot open \(path)", errno) }
        flushed = truncate ? 0 : Int(lseek(fd, 0, SEEK_END))
    }

    deinit { close(fd) }

    /// Bytes in the file, buffered ones included: the offset the next line starts at.
    var size: Int { flushed + buffer.count }

    /// Appends one value as a line; returns the offset the line starts at.
    @discardableResult
    func append(_ value: Value) throws(HubError) -> Int {
        let start = size
        do {
            try writer.append(value, to: &buffer)
        } catch {
            throw HubError.disk("cannot encode a line for \(path): \(error)", 0)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { try flush() }
        return start
    }

    /// Appends one line already encoded (with its line break); returns the offset it starts at.
    @discardableResult
    func append(line bytes: [UInt8]) throws(HubError) -> Int {
        let start = size
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
        return start
    }

    func flush() throws(HubError) {
        guard !buffer.isEmpty else { return }
        if let failpoint, Failpoints.passes(failpoint) {
            // A full disk: part of the write lands, then the writes fail.
            try DurableFiles.writeAll(fd, Array(buffer.prefix(max(1, buffer.count / 2))), file: path)
            _ = fsync(fd)
            throw HubError.disk("cannot write \(path)", ENOSPC)
        }
        try DurableFiles.writeAll(fd, buffer, file: path)
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and makes the file durable.
    func sync() throws(HubError) {
        try flush()
        guard fsync(fd) == 0 else { throw HubError.disk("cannot flush \(path)", errno) }
    }
}

/// Reads JSON lines back by offset (staged records are fetched one batch at a time).
final class JSONLinesRandomReader {
    let path: String
    private let fd: Int32

    init(path: String) throws(HubError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HubError.disk("cannot open \(path)", errno) }
    }

    deinit { close(fd) }

    func value(at offset: Int, length: Int) throws(HubError) -> Value {
        let bytes = try bytes(at: offset, length: length)
        do {
            return try JSONReader().value(from: bytes)
        } catch {
            throw HubError.corrupt("\(path) at byte \(offset): \(error)")
        }
    }

    /// The line at `offset` as bytes (without parsing it).
    func bytes(at offset: Int, length: Int) throws(HubError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        var read = 0
        while read < length {
            let result = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + read, length - read, off_t(offset + read)) }
            guard result > 0 else { throw HubError.disk("cannot read \(path) at byte \(offset)", errno) }
            read += result
        }
        return bytes
    }
}

/// Every line of a JSON Lines file, in order, with its offset and length.
func forEachLine(of path: String, _ body: (Value, _ offset: Int, _ length: Int) throws(HubError) -> Void) throws(HubError) {
    guard FileManager.default.fileExists(atPath: path) else { return }
    let reader: JSONLinesReader
    do {
        reader = try JSONLinesReader(path: path)
    } catch {
        throw HubError.disk("cannot read \(path): \(error)", 0)
    }
    while true {
        let line: JSONLine<Value>?
        do {
            line = try reader.next()
        } catch {
            throw HubError.corrupt("\(path): \(error)")
        }
        guard let line else { break }
        switch line.content {
        case let .success(value): try body(value, line.startOffset, line.endOffset - line.startOffset)
        case let .failure(error): throw HubError.corrupt("\(path):\(line.lineNumber): \(error)")
        }
    }
}
