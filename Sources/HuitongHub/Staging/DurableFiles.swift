import Foundation
import HuitongCore

/// The state directory's file operations, on HuitongCore's `FileStorage`: a file is either
/// the old one or the complete new one, an appended line is on disk once synced, and every
/// failure is a `HubError` naming the file, the system's reason and what to check.
enum DurableFiles {
    /// Replaces `path` with `bytes`: written to a temporary file beside it, synced, renamed
    /// over the old one, and the directory synced so the rename itself is durable.
    static func replace(_ path: String, with bytes: [UInt8]) throws(HubError) {
        do { try FileStorage.replace(path, with: bytes) } catch { throw HubError.disk(error) }
    }

    /// Creates the directory and its missing parents, each one durably.
    static func makeDirectory(_ path: String) throws(HubError) {
        do { try FileStorage.createDirectory(path) } catch { throw HubError.disk(error) }
    }

    /// Syncs the directory's list of names, so a rename or removal in it survives a crash.
    static func syncDirectory(_ path: String) throws(HubError) {
        do { try FileStorage.syncDirectory(path) } catch { throw HubError.disk(error) }
    }

    /// Writes every byte of `bytes` to `fd`, retrying interrupted and short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], file: String) throws(HubError) {
        do { try WritableFile.write(bytes, to: fd, path: file) } catch { throw HubError.disk(error) }
    }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Removes the file or directory tree, if there is one, durably.
    static func remove(_ path: String) throws(HubError) {
        do { try FileStorage.remove(path) } catch { throw HubError.disk(error) }
    }
}

/// Appends JSON lines to a file; `sync()` makes everything appended so far durable.
final class JSONLinesAppender {
    let path: String
    private let file: WritableFile
    private var buffer: [UInt8] = []
    private let writer = JSONWriter()
    /// Bytes already written to the file.
    private var flushed: Int
    /// The failpoint that simulates a full disk in the middle of this file's next write.
    private let failpoint: String?

    init(path: String, truncate: Bool = false, failpoint: String? = nil) throws(HubError) {
        self.path = path
        self.failpoint = failpoint
        try DurableFiles.makeDirectory(FileStorage.parentPath(of: path))
        do {
            file = try WritableFile(path, mode: truncate ? .truncate : .append)
            flushed = truncate ? 0 : try file.size()
        } catch {
            throw HubError.disk(error)
        }
    }

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

    /// Appends one line read without its line break, and the break; returns the offset it starts at.
    @discardableResult
    func append(unbrokenLine bytes: [UInt8]) throws(HubError) -> Int {
        let start = size
        buffer.append(contentsOf: bytes)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { try flush() }
        return start
    }

    func flush() throws(HubError) {
        guard !buffer.isEmpty else { return }
        do throws(StorageError) {
            if let failpoint, Failpoints.passes(failpoint) {
                // A full disk: part of the write lands, then the writes fail.
                try file.write(Array(buffer.prefix(max(1, buffer.count / 2))))
                try file.sync()
                throw StorageError("write the file", path: path, number: ENOSPC)
            }
            try file.write(buffer)
        } catch {
            throw HubError.disk(error)
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and makes the file durable.
    func sync() throws(HubError) {
        try flush()
        do { try file.sync() } catch { throw HubError.disk(error) }
    }
}

/// Reads JSON lines back by offset (staged records are fetched one batch at a time).
final class JSONLinesRandomReader {
    let path: String
    private let fd: Int32

    init(path: String) throws(HubError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HubError.disk(StorageError("open the file", path: path)) }
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
        let bytes = try bytes(upTo: length, at: offset)
        guard bytes.count == length else {
            throw HubError.disk(StorageError("read the file at byte \(offset + bytes.count)", path: path, number: EIO))
        }
        return bytes
    }

    /// Up to `count` bytes from `offset`: fewer only where the file ends.
    func bytes(upTo count: Int, at offset: Int) throws(HubError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var read = 0
        while read < count {
            let result = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + read, count - read, off_t(offset + read)) }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else {
                throw HubError.disk(StorageError("read the file at byte \(offset + read)", path: path, number: errno))
            }
            if result == 0 { break }
            read += result
        }
        if read < count { bytes.removeSubrange(read...) }
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
