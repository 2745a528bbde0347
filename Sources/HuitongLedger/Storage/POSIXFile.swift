#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HuitongCore

/// What is at a path, without following a symbolic link.
enum FileKind: Equatable {
    case file
    case directory
    case other

    /// The kind of what is at `path`, or `nil` when nothing is.
    static func of(_ path: String) -> FileKind? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }
}

/// Whole-file reads of the ledger's (small or streamed) files.
enum POSIXFile {
    private static let chunkSize = 256 * 1024

    /// The bytes of the file at `path`; refuses files over `limit` bytes.
    static func readAll(_ path: String, limit: Int) throws(SystemError) -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(of: path) { (chunk) throws(SystemError) in
            guard bytes.count + chunk.count <= limit else { throw SystemError("read more than \(limit) bytes", path: path, number: EFBIG) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// SHA-256, size and line count of the file at `path`, read in chunks: memory stays bounded.
    static func fingerprint(_ path: String) throws(SystemError) -> LedgerFileSummary {
        var hasher = SHA256()
        var byteCount = 0
        var lines = 0
        try forEachChunk(of: path) { chunk in
            hasher.update(chunk)
            byteCount += chunk.count
            lines += chunk.count { $0 == UInt8(ascii: "\n") }
        }
        return LedgerFileSummary(sha256: hasher.finalize(), byteCount: byteCount, recordCount: lines)
    }

    private static func forEachChunk(
        of path: String, _ body: (UnsafeRawBufferPointer) throws(SystemError) -> Void
    ) throws(SystemError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError("open the file", path: path) }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("read the file", path: path)
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}

/// A new file written from the start, then synced to disk and closed.
///
/// Created with `O_EXCL`, so it never overwrites a file that is already there. One owner
/// writes it; the descriptor is closed when the object goes away. Sendable: it holds only
/// constants, and the kernel orders writes to one descriptor.
final class NewFile: Sendable {
    let path: String
    private let descriptor: Int32

    init(creating path: String) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemError("create the file", path: path) }
        self.path = path
        self.descriptor = descriptor
    }

    /// Writes every byte, retrying interrupted and short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError("write the file", path: path)
            }
            offset += written
        }
    }

    func write(_ bytes: [UInt8]) throws(SystemError) {
        let written = bytes.withUnsafeBytes { buffer in Result { () throws(SystemError) in try write(buffer) } }
        try written.get()
    }

    /// Flushes the file's data to the disk; only then may a rename make it visible.
    func sync() throws(SystemError) {
        guard fsync(descriptor) == 0 else { throw SystemError("sync the file to disk", path: path) }
    }

    deinit {
        close(descriptor)
    }
}
