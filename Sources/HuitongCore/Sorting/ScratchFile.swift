import Foundation

/// A file for scratch data, unlinked as soon as it exists, so nothing outlives the process
/// (not even after kill -9). Written and read at offsets.
package final class ScratchFile {
    private let descriptor: Int32

    /// - Throws: `ScratchFileError` when no file can be made in `directory`.
    package init(directory: String) throws {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast()) + Array("huitong-scratch-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ScratchFileError("cannot create a scratch file in \(directory)", errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    package func write(_ bytes: [UInt8], at offset: Int) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(offset + written)) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw ScratchFileError("cannot write a scratch file", errno) }
            written += result
        }
    }

    package func read(at offset: Int, length: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        var read = 0
        while read < length {
            let result = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + read, length - read, off_t(offset + read)) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw ScratchFileError("cannot read a scratch file", errno) }
            read += result
        }
        return bytes
    }

    /// Reads up to `buffer.count` bytes at `offset` into `buffer`.
    ///
    /// - Returns: how many bytes were read: fewer only at the end of the file.
    package func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var read = 0
        while read < buffer.count {
            let result = pread(descriptor, buffer.baseAddress! + read, buffer.count - read, off_t(offset + read))
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw ScratchFileError("cannot read a scratch file", errno) }
            if result == 0 { break }
            read += result
        }
        return read
    }

    /// A descriptor of its own, at the start of the file, for a sequential reader.
    package func openForReading() throws -> Int32 {
        let fd = open("/proc/self/fd/\(descriptor)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ScratchFileError("cannot reopen a scratch file", errno) }
        return fd
    }
}

/// A scratch file could not be made, written or read (a full disk, a missing directory).
package struct ScratchFileError: Error, CustomStringConvertible {
    package let description: String

    init(_ what: String, _ code: Int32) {
        description = "\(what): \(String(cString: strerror(code)))"
    }

    /// A scratch file that does not hold what was written to it.
    package init(damaged what: String) {
        description = what
    }
}
