#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations whose effects survive a crash or a power cut at any moment, shared by the
/// Hub's state directory and the ledger.
///
/// A replaced file is either the old one or the complete new one; a rename, a new directory
/// and a removal are on the disk when the call returns, because the directory that lists them
/// is synced too. Every system call's result is checked: a full disk or a failing `fsync`
/// is an error, never a silent loss found after the next crash.
package enum FileStorage {
    /// Replaces `path` with `bytes`: written to a temporary file beside it, synced, renamed
    /// over the old one, and the directory synced so the rename itself is durable. The
    /// directory is made if missing.
    package static func replace(_ path: String, with bytes: [UInt8]) throws(StorageError) {
        let directory = parentPath(of: path)
        try createDirectory(directory)
        let temporary = path + ".tmp-\(getpid())"
        do {
            let file = try WritableFile(temporary, mode: .truncate)
            try file.write(bytes)
            try file.sync()
            try rename(temporary, to: path)
        } catch {
            // Best effort: a temporary left behind on a full disk only takes space, and the
            // error the caller needs is the one above.
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Renames `source` to `destination` in the same file system. The caller syncs the
    /// directory (or directories) when the rename must survive a crash.
    package static func rename(_ source: String, to destination: String) throws(StorageError) {
        guard Glibc.rename(source, destination) == 0 else { throw StorageError("rename it to \(destination)", path: source) }
    }

    /// Removes the file or directory tree at `path`, if there is one, and syncs its parent so
    /// the removal survives a crash.
    package static func remove(_ path: String) throws(StorageError) {
        guard FileKind.of(path) != nil else { return }
        try removeTree(path)
        try syncDirectory(parentPath(of: path))
    }

    /// Removes the file, or the directory and everything in it; symbolic links are removed,
    /// not followed. Nothing there is not an error. Not synced: for scratch directories and
    /// callers that sync the parent themselves.
    package static func removeTree(_ path: String) throws(StorageError) {
        if FileKind.of(path) == .directory {
            for name in try names(in: path) {
                try removeTree(path + "/" + name)
            }
            guard rmdir(path) == 0 else { throw StorageError("remove the directory", path: path) }
        } else {
            guard unlink(path) == 0 || errno == ENOENT else { throw StorageError("remove the file", path: path) }
        }
    }

    /// The directory holding `path` (`a/b` for `a/b/c`, `/` for `/c`), or "" for a bare name;
    /// every function here takes "" as the current directory.
    package static func parentPath(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}
