import Foundation
import HuitongCore

/// Keeps two runs of one job apart: an exclusive `flock` on `state/<job>/lock`.
///
/// The kernel releases the lock when its holder's process ends in any way (a SIGKILL, a
/// crash, the `_exit` of a second stop signal), so a dead owner's lock is simply free and is
/// never taken over by removing the file: two runs that both found the owner dead could each
/// remove the other's new lock and both run. The file stays; the holder writes its process id
/// and start time into it, only so that the run it keeps out can say who holds it.
final class JobLock {
    let path: String
    private var lock: FileLock?

    private init(path: String, lock: FileLock) {
        self.path = path
        self.lock = lock
    }

    /// Takes the lock or explains who holds it.
    static func acquire(at path: String, job: String, clock: any WallClock) throws(HubError) -> JobLock {
        try DurableFiles.makeDirectory(FileStorage.parentPath(of: path))
        let acquired: FileLock?
        do {
            // A moment's wait, so that `isHeld` probing the lock never turns a run away.
            acquired = try FileLock.acquire(path, createFile: true, waitMilliseconds: 100)
        } catch {
            throw HubError.disk(error)
        }
        guard let acquired else { throw held(path, job: job) }
        let owner = "{\"pid\":\(getpid()),\"started\":\"\(clock.now().formatted(.rfc3339, in: .beijing))\"}\n"
        do {
            try acquired.record(Array(owner.utf8))
        } catch {
            throw HubError.disk(error)
        }
        return JobLock(path: path, lock: acquired)
    }

    /// The refusal for a lock another process holds, naming it from what it wrote.
    private static func held(_ path: String, job: String) -> HubError {
        let owner = DurableFiles.read(path).flatMap { try? JSONReader().value(from: $0) }
        // Empty for the moment between a holder's lock and its note.
        let holder = owner?["pid"]?.integerValue.map { pid in
            "process \(pid), since \(owner?["started"]?.stringValue ?? "an unknown time")"
        } ?? "another process holds \(path)"
        return HubError(.lockHeld, "job \(job) is already running (\(holder)); wait for it to finish: the lock is free as soon as that process ends, however it ends.")
    }

    /// Whether a run holds the lock at `path` now (`huitong status`), found by taking a shared
    /// lock for an instant, without waiting; a run starting in that instant waits for it.
    static func isHeld(at path: String) -> Bool {
        FileLock.isHeld(path)
    }

    /// Lets the lock go; the file stays, for the next run to lock.
    func release() {
        lock = nil
    }
}
