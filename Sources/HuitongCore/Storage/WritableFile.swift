#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file open for writing, owned by this object, which closes it when it goes away.
///
/// Every write goes out whole (short and interrupted writes are retried) and every result is
/// checked, so what a caller wrote is in the file when the call returns, and on the disk once
/// `sync()` has returned. Sendable: it holds only constants, and the kernel orders the writes
/// to one descriptor.
package final class WritableFile: Sendable {
    /// How the file is opened.
    package enum Mode: Sendable {
        /// A new file; fails if one is already there (`O_EXCL`), so nothing is overwritten.
        case createNew
        /// Created, or emptied if it exists: a file written whole from the start.
        case truncate
        /// Created if missing; every write lands at its end.
        case append
    }

    package let path: String
    private let descriptor: Int32

    package init(_ path: String, mode: Mode) throws(StorageError) {
        let flags: Int32 = switch mode {
        case .createNew: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        case .truncate: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        case .append: O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC
        }
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw StorageError(mode == .append ? "open the file" : "create the file", path: path) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The file's size in bytes: where an appended write lands.
    package func size() throws(StorageError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw StorageError("read the size of the file", path: path) }
        return Int(status.st_size)
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        try Self.write(bytes, to: descriptor, path: path)
    }

    package func write(_ bytes: [UInt8]) throws(StorageError) {
        try Self.write(bytes, to: descriptor, path: path)
    }

    /// Flushes the file's data to the disk; only then may a rename make it visible.
    package func sync() throws(StorageError) {
        guard fsync(descriptor) == 0 else { throw StorageError("sync the file to disk", path: path) }
    }

    /// Writes every byte to `descriptor`, retrying interrupted and short writes; `path` names
    /// the file in the error.
    package static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(StorageError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw StorageError("write the file", path: path)
            }
            // A write of nothing for a non-empty buffer would repeat for ever.
            guard written > 0 else { throw StorageError("write the file", path: path, number: EIO) }
            offset += written
        }
    }

    package static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(StorageError) {
        let written = bytes.withUnsafeBytes { buffer in
            Result { () throws(StorageError) in try write(buffer, to: descriptor, path: path) }
        }
        try written.get()
    }
}
