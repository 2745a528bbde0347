import Foundation
import HuitongCore
import Synchronization

/// Keeps two runs of one job apart. The lock is a file created exclusively, holding the
/// owner's process id and start time; a lock whose process no longer exists (killed with
/// SIGKILL, a crashed machine) is recognised as stale and taken over.
final class JobLock {
    let path: String
    private var held = false
    private let registry: Registry

    /// The locks a process holds, so a process told to stop at once can still let them go.
    ///
    /// Each held path is unlinked exactly once, under the mutex, by whichever comes first of
    /// the lock's `release()` and `releaseAll()` (a second signal's handler, on another
    /// thread): the other finds it gone and leaves the path alone, which by then may be
    /// another process's new lock.
    final class Registry: Sendable {
        /// The process's own: the one `JobRunner`'s locks and `releaseAllHeld()` use.
        static let process = Registry()
        private let paths = Mutex<Set<String>>([])

        func hold(_ path: String) {
            paths.withLock { _ = $0.insert(path) }
        }

        /// Unlinks `path` if it is still held.
        func release(_ path: String) {
            paths.withLock { paths in
                if paths.remove(path) != nil { unlink(path) }
            }
        }

        func releaseAll() {
            paths.withLock { paths in
                for path in paths { unlink(path) }
                paths.removeAll()
            }
        }
    }

    private init(path: String, registry: Registry) {
        self.path = path
        self.registry = registry
    }

    /// Takes the lock or explains who holds it.
    static func acquire(at path: String, job: String, clock: any WallClock, registry: Registry = .process) throws(HubError) -> JobLock {
        try DurableFiles.makeDirectory((path as NSString).deletingLastPathComponent)
        let lock = JobLock(path: path, registry: registry)
        let content = Array("{\"pid\":\(getpid()),\"started\":\"\(clock.now().formatted(.rfc3339, in: .beijing))\"}\n".utf8)
        for _ in 0..<2 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                defer { close(fd) }
                try DurableFiles.writeAll(fd, content, file: path)
                _ = fsync(fd)
                lock.held = true
                registry.hold(path)
                return lock
            }
            guard errno == EEXIST else { throw HubError.disk("cannot create the lock \(path)", errno) }
            let owner = DurableFiles.read(path).flatMap { try? JSONReader().value(from: $0) }
            let pid = owner?["pid"]?.integerValue.map { pid_t($0) }
            if let pid, pid > 0, pid != getpid(), kill(pid, 0) == 0 || errno == EPERM {
                let since = owner?["started"]?.stringValue ?? "an unknown time"
                throw HubError(
                    "job \(job) is already running (process \(pid), since \(since)); wait for it to finish. If that process is not a huitong run, remove \(path).",
                    exitStatus: .runtimeFailure
                )
            }
            // The owner is gone (or the file is half-written by an owner that died): stale.
            unlink(path)
        }
        throw HubError("cannot take the lock \(path) for job \(job); another run keeps taking it", exitStatus: .runtimeFailure)
    }

    /// Removes the lock file, unless `releaseAllHeld()` already has.
    func release() {
        guard held else { return }
        held = false
        registry.release(path)
    }

    /// Removes every lock this process holds: for a process about to exit at once (a second
    /// SIGTERM), so the next run need not wait to find the lock stale.
    static func releaseAllHeld() {
        Registry.process.releaseAll()
    }

    deinit { release() }
}
