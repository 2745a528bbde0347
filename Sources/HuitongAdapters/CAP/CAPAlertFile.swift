#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import HuitongCore

/// Reads one file of the alert directory whole, through one descriptor, and hashes it.
///
/// The SHA-256 covers every byte read, so the checkpoint reflects exactly the content that was
/// parsed. Bytes past `maximumBytes` are hashed but not kept: memory stays bounded whatever
/// lands in the directory.
enum CAPAlertFile {
    /// What reading one directory entry gave.
    enum Outcome {
        /// The whole content, and its SHA-256 in lowercase hex.
        case content([UInt8], sha256: String)
        /// More than the limit; the hash covers all of it.
        case tooLarge(byteCount: Int, sha256: String)
        /// A directory, FIFO, socket or device: not an alert file.
        case notRegularFile
        /// Gone between the directory listing and the open: nothing to read.
        case vanished
        /// Could not be opened (permissions); the system's reason.
        case openFailed(String)
        /// Opened, but reading failed after `byteCount` bytes (EIO): the system's reason.
        case readFailed(byteCount: Int, reason: String)
    }

    static func contents(ofPath path: String, maximumBytes: Int) -> Outcome {
        // O_NONBLOCK so that a FIFO given an alert's name cannot block the open; it has no
        // effect on the reads of a regular file.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            return code == ENOENT ? .vanished : .openFailed(describe(errno: code))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .openFailed(describe(errno: errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .notRegularFile }

        var kept: [UInt8] = []
        kept.reserveCapacity(min(Int(status.st_size), maximumBytes))
        var hash = SHA256()
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .readFailed(byteCount: total, reason: describe(errno: errno))
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            if total + count <= maximumBytes { kept.append(contentsOf: chunk[..<count]) }
            total += count
        }
        let sha256 = hash.finalize().hex
        return total > maximumBytes ? .tooLarge(byteCount: total, sha256: sha256) : .content(kept, sha256: sha256)
    }

    private static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}
