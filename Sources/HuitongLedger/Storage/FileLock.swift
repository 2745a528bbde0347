#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file or directory, held until the object is released.
///
/// `flock` belongs to the open file description, so a second lock on the same path conflicts
/// even within one process, and the kernel drops the lock when a crashed process's
/// descriptors close: no stale lock survives a crash.
final class FileLock: Sendable {
    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Locks the file at `path` (created if `createFile`), or a directory, waiting up to
    /// `waitMilliseconds` for another holder; `nil` when it is still held after that.
    static func acquire(_ path: String, createFile: Bool, waitMilliseconds: Int) throws(SystemError) -> FileLock? {
        let flags = createFile ? O_RDWR | O_CREAT | O_CLOEXEC : O_RDONLY | O_CLOEXEC
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw SystemError("open the lock", path: path) }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(waitMilliseconds))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            guard reason == EWOULDBLOCK || reason == EINTR else {
                close(descriptor)
                throw SystemError("lock", path: path, number: reason)
            }
            guard ContinuousClock.now < deadline else {
                close(descriptor)
                return nil
            }
            usleep(5_000)
        }
        return FileLock(path: path, descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
