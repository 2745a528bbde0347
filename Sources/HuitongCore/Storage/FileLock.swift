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
/// even within one process, and the kernel drops the lock when its holder's descriptors
/// close — at a crash or a kill -9 too: no stale lock survives its holder, and nobody ever
/// needs to remove another's lock file (which would let two holders in at once: one on the
/// removed file, one on its replacement). The descriptor is `O_CLOEXEC`, so a child process
/// never inherits the lock.
package final class FileLock: Sendable {
    package let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Locks the file at `path` (created if `createFile`), or a directory, waiting up to
    /// `waitMilliseconds` for another holder; `nil` when it is still held after that.
    package static func acquire(_ path: String, createFile: Bool, waitMilliseconds: Int) throws(StorageError) -> FileLock? {
        let flags = createFile ? O_RDWR | O_CREAT | O_CLOEXEC : O_RDONLY | O_CLOEXEC
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw StorageError("open the lock", path: path) }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(waitMilliseconds))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            if reason == EINTR { continue }
            guard reason == EWOULDBLOCK else {
                close(descriptor)
                throw StorageError("lock", path: path, number: reason)
            }
            guard ContinuousClock.now < deadline else {
                close(descriptor)
                return nil
            }
            usleep(5_000)
        }
        return FileLock(path: path, descriptor: descriptor)
    }

    /// Whether another open file description holds the lock on `path` now: a shared lock taken
    /// and dropped at once, without waiting. False when the file does not exist.
    package static func isHeld(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            return errno == EWOULDBLOCK
        }
        flock(descriptor, LOCK_UN)
        return false
    }

    /// Replaces the lock file's content with `bytes` (who holds it, for whoever finds it
    /// held). Only for a lock acquired with `createFile`, whose descriptor is writable.
    package func record(_ bytes: [UInt8]) throws(StorageError) {
        guard ftruncate(descriptor, 0) == 0 else { throw StorageError("empty the lock file", path: path) }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw StorageError("rewind the lock file", path: path) }
        try WritableFile.write(bytes, to: descriptor, path: path)
    }

    deinit {
        // Closing the only descriptor of the open file description drops the lock by itself;
        // the unlock says so explicitly.
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
