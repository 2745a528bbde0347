#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HuitongCore

/// The directory an entry is built in, `entries/.partial-<nonce>`, locked by its writer.
///
/// Its writer holds a `flock` on the directory for as long as it writes, so the next writer
/// can tell a directory left by a crash (lock free) from one another process is still
/// filling (lock held), and removes only the first kind.
struct PartialEntry: Sendable {
    let path: String
    /// Released when the entry is renamed into place or removed.
    let lock: FileLock

    /// Makes and locks a new partial directory. Call with the ledger's lock held, so no
    /// other writer's clean-up sees the directory before it is locked.
    static func create(in layout: LedgerLayout) throws(StorageError) -> PartialEntry {
        let nonce = String(UInt64.random(in: .min ... .max), radix: 16)
        let path = layout.entriesPath + "/" + LedgerFormat.partialPrefix + nonce
        try FileStorage.createNewDirectory(path)
        guard let lock = try FileLock.acquire(path, createFile: false, waitMilliseconds: 0) else {
            throw StorageError("lock the new directory", path: path, number: EWOULDBLOCK)
        }
        return PartialEntry(path: path, lock: lock)
    }

    /// Removes the partial directories no live writer holds: those left by a crash.
    /// Call with the ledger's lock held. Best effort: one that cannot be removed now is
    /// tried again by the next writer, and readers ignore it meanwhile.
    static func removeAbandoned(in layout: LedgerLayout) {
        guard let names = try? FileStorage.sortedNames(in: layout.entriesPath) else { return }
        for name in names where name.hasPrefix(LedgerFormat.partialPrefix) {
            let path = layout.entriesPath + "/" + name
            guard let lock = try? FileLock.acquire(path, createFile: false, waitMilliseconds: 0) else { continue }
            withExtendedLifetime(lock) { try? FileStorage.removeTree(path) }
        }
    }

    /// Removes this directory (the entry was abandoned).
    func remove() {
        try? FileStorage.removeTree(path)
    }
}
