import Foundation
import HuitongCore

/// An append-only JSON Lines state file (the push journal) checked before it is read again.
///
/// An append is cut short by a full disk, a crash or a power cut at any byte: what is left is
/// the file's complete lines and then, at most, part of one more. That part answers nothing —
/// the batch it would have journaled is simply open and is sent again under its idempotency
/// key — so it is cut off, with a note, and the run goes on. A damaged line with complete lines
/// after it is not a torn append but damage, and stops the run with the recovery that loses
/// the least.
enum AppendOnlyFile {
    /// What healing did: the bytes removed and why, for the run's report.
    struct Healing: Sendable, Equatable, CustomStringConvertible {
        var path: String
        var removedBytes: Int
        /// The 1-based line that was removed.
        var line: Int

        var description: String {
            "\((path as NSString).lastPathComponent): removed an incomplete last line (line \(line), \(removedBytes) bytes), left by a write that was cut short (a full disk or a crash); what it would have recorded is sent again under the same idempotency key"
        }
    }

    /// How much of the file's end `heal` reads at a time, looking for the newlines it needs.
    static let tailChunk = 64 << 10

    /// Whether `tail` — the file's bytes from `offset` to its end — holds enough for `tornTail`
    /// to decide: the file's start, or a newline before the last line.
    static func holdsLastLine(_ tail: [UInt8], at offset: Int) -> Bool {
        guard offset > 0 else { return true }
        let newline = UInt8(ascii: "\n")
        let body = tail.last == newline ? tail.dropLast() : tail[...]
        return body.contains(newline)
    }

    /// Where the last complete line ends: a decision on bytes, tested without files.
    ///
    /// `tail` is the file's bytes from `offset` to its end (the whole file by default); it must
    /// hold the last line and the newline before it (`holdsLastLine`). Returns nil when every
    /// line is complete; else the file length to keep and the torn line's number counted from
    /// `offset` (its number in the file when `offset` is 0; else add the newlines before it).
    /// A last line that ends with its newline but does not parse (zeros a crash left behind)
    /// is torn too; a damaged line before it is reported by `healAndCheck`.
    static func tornTail(of tail: [UInt8], at offset: Int = 0) -> (keep: Int, line: Int)? {
        guard !tail.isEmpty else { return nil }
        let newline = UInt8(ascii: "\n")
        let start: Int
        if tail.last != newline {
            start = (tail.lastIndex(of: newline) ?? -1) + 1
        } else {
            // Complete with its newline: torn only if it cannot be read.
            start = (tail[..<(tail.count - 1)].lastIndex(of: newline) ?? -1) + 1
            if (try? JSONReader().value(from: Array(tail[start..<(tail.count - 1)]))) != nil { return nil }
        }
        let line = tail[..<start].reduce(1) { $0 + ($1 == newline ? 1 : 0) }
        return (offset + start, line)
    }

    /// Cuts a torn last line off `path`, durably. Returns what was done (nil: nothing to do).
    ///
    /// Reads only the file's end, `chunk` bytes at a time backwards until it holds the last
    /// line, so memory stays bounded by the longest line, never by the journal's size; the
    /// lines before a torn one are counted (for the note) by reading forward a chunk at a time.
    static func heal(_ path: String, chunk: Int = tailChunk) throws(HubError) -> Healing? {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw HubError.disk(StorageError("open the file", path: path))
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw HubError.disk(StorageError("read the size of the file", path: path)) }
        let size = Int(status.st_size)
        var offset = size
        var tail: [UInt8] = []
        repeat {
            let start = max(0, offset - chunk)
            tail = try readBytes(fd, from: start, count: offset - start, path: path) + tail
            offset = start
        } while !holdsLastLine(tail, at: offset)
        guard let (keep, lineInTail) = tornTail(of: tail, at: offset) else { return nil }
        let line = try countNewlines(fd, before: offset, chunk: chunk, path: path) + lineInTail
        guard ftruncate(fd, off_t(keep)) == 0 else {
            throw HubError.disk(StorageError("cut the incomplete last line off", path: path))
        }
        guard fsync(fd) == 0 else { throw HubError.disk(StorageError("sync the file to disk", path: path)) }
        return Healing(path: path, removedBytes: size - keep, line: line)
    }

    private static func readBytes(_ fd: Int32, from offset: Int, count: Int, path: String) throws(HubError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw HubError.disk(StorageError("read the file at byte \(offset + done)", path: path, number: result == 0 ? EIO : errno)) }
            done += result
        }
        return bytes
    }

    private static func countNewlines(_ fd: Int32, before end: Int, chunk: Int, path: String) throws(HubError) -> Int {
        var count = 0
        var offset = 0
        while offset < end {
            let length = min(chunk, end - offset)
            count += try readBytes(fd, from: offset, count: length, path: path).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            offset += length
        }
        return count
    }

    /// Heals the tail, then checks every remaining line; a damaged one names the way back that
    /// loses the least: delete that line only (the answers journaled before and after it stay)
    /// and let the run send the batch it recorded again under its key, which the platform
    /// answers as a duplicate.
    static func healAndCheck(journal path: String) throws(HubError) -> Healing? {
        let healing = try heal(path)
        var count = 0
        do {
            try forEachLine(of: path) { (_, _, _) throws(HubError) in count += 1 }
        } catch {
            let line = count + 1
            throw HubError(
                .damagedJournal,
                """
                the push journal \(path) is damaged at line \(line) (the \(count) lines before it are intact). \
                Delete only that line: `sed -i '\(line)d' "\(path)"`, then run again. The batch it recorded is sent \
                again under its idempotency key and the platform answers it as a duplicate; every other answer in the \
                journal is kept, so nothing is lost or applied twice. Do not remove the state directory (that would \
                resend everything).
                """
            )
        }
        return healing
    }
}
