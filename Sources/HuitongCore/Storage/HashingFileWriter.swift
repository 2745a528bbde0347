import Dispatch

/// Hashes (SHA-256) and writes a file's buffers on a thread of its own, in the order they are
/// given, while the caller fills the next one: the hash of a ledger dataset costs the second
/// core, not the writer's time. At most two buffers wait, so memory stays bounded by the
/// buffer size. A failure to write is kept and thrown by ``finish()``; nothing after it is
/// written.
package final class HashingFileWriter: @unchecked Sendable {
    private let file: WritableFile
    private let queue = DispatchQueue(label: "huitong.hashing-file-writer")
    private let slots = DispatchSemaphore(value: 2)
    // Touched only on `queue` (and read after `queue.sync`).
    private var hasher = SHA256()
    private var failure: StorageError?

    package init(_ file: WritableFile) {
        self.file = file
    }

    package var path: String { file.path }

    /// Hands `buffer` on; returns as soon as fewer than two buffers wait.
    package func write(_ buffer: [UInt8]) {
        guard !buffer.isEmpty else { return }
        slots.wait()
        queue.async { [self] in
            if failure == nil {
                hasher.update(buffer)
                do throws(StorageError) { try file.write(buffer) } catch { failure = error }
            }
            slots.signal()
        }
    }

    /// Waits for every buffer, syncs the file to disk and returns the SHA-256 of all it holds.
    package func finish() throws(StorageError) -> Digest {
        var digest: Digest?
        var failure: StorageError?
        queue.sync {
            failure = self.failure
            digest = hasher.finalize()
        }
        if let failure { throw failure }
        try file.sync()
        return digest!
    }
}
