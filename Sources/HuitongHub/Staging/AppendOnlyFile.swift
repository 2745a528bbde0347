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

    /// Where the last complete line of `bytes` ends: a decision on bytes, tested without files.
    /// Returns nil when every line is complete; else the length to keep and the torn line's number.
    /// A last line that ends with its newline but does not parse (zeros a crash left behind)
    /// is torn too; a damaged line before it is reported by `firstDamagedLine`.
    static func tornTail(of bytes: [UInt8]) -> (keep: Int, line: Int)? {
        guard !bytes.isEmpty else { return nil }
        let newline = UInt8(ascii: "\n")
        let lines = bytes.reduce(0) { $0 + ($1 == newline ? 1 : 0) }
        if bytes.last != newline {
            let keep = (bytes.lastIndex(of: newline) ?? -1) + 1
            return (keep, lines + 1)
        }
        // Complete with its newline: torn only if it cannot be read.
        let start = (bytes[..<(bytes.count - 1)].lastIndex(of: newline) ?? -1) + 1
        let last = Array(bytes[start..<(bytes.count - 1)])
        if (try? JSONReader().value(from: last)) == nil { return (start, lines) }
        return nil
    }

    /// Cuts a torn last line off `path`, durably. Returns what was done (nil: nothing to do).
    static func heal(_ path: String) throws(HubError) -> Healing? {
        guard let bytes = DurableFiles.read(path), let (keep, line) = tornTail(of: bytes) else { return nil }
        guard truncate(path, off_t(keep)) == 0 else {
            throw HubError.disk("cannot cut the incomplete last line off \(path)", errno)
        }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw HubError.disk("cannot flush \(path)", errno) }
        }
        return Healing(path: path, removedBytes: bytes.count - keep, line: line)
    }

    /// Heals the tail, then checks every remaining line; a damaged one names the way back that
    /// loses nothing: keep the lines before it (their batches are answered) and let the run send
    /// the rest again under their keys, which the platforms answer as duplicates.
    static func healAndCheck(journal path: String) throws(HubError) -> Healing? {
        let healing = try heal(path)
        var count = 0
        do {
            try forEachLine(of: path) { (_, _, _) throws(HubError) in count += 1 }
        } catch {
            let line = count + 1
            throw HubError(
                """
                the push journal \(path) is damaged at line \(line) (the \(count) lines before it are intact). \
                Keep them and drop the rest: `head -n \(count) \(path) > \(path).kept && mv \(path).kept \(path)`, then run \
                again. The batches journaled after line \(count) are sent again under their idempotency keys and the \
                platforms answer them as duplicates: nothing is lost or applied twice. Do not remove the state directory \
                (that would resend everything).
                """,
                exitStatus: .runtimeFailure
            )
        }
        return healing
    }
}
