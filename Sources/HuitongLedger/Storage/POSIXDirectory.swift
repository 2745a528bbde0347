#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory operations the ledger needs, without following symbolic links.
enum POSIXDirectory {
    /// The names in the directory at `path`, without `.` and `..`, sorted by their bytes.
    static func names(in path: String) throws(SystemError) -> [String] {
        guard let stream = opendir(path) else { throw SystemError("list the directory", path: path) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { RecordOrder.compare($0, $1) < 0 }
    }

    /// Creates the directory and any missing parents, as `mkdir -p` does.
    static func create(_ path: String) throws(SystemError) {
        if FileKind.of(path) == .directory { return }
        let parent = parentPath(of: path)
        if !parent.isEmpty, parent != path { try create(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw SystemError("create the directory", path: path) }
        try sync(parent.isEmpty ? "." : parent)
    }

    /// Creates exactly this directory; fails if it exists.
    static func createNew(_ path: String) throws(SystemError) {
        guard mkdir(path, 0o755) == 0 else { throw SystemError("create the directory", path: path) }
    }

    /// Flushes the directory itself (its list of names) to disk, so a rename in it survives a crash.
    static func sync(_ path: String) throws(SystemError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError("open the directory to sync it", path: path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SystemError("sync the directory to disk", path: path) }
    }

    /// Renames `source` to `destination`; both are in the same file system (the ledger).
    static func rename(_ source: String, to destination: String) throws(SystemError) {
        guard Glibc.rename(source, destination) == 0 else { throw SystemError("rename it to \(destination)", path: source) }
    }

    /// Removes the directory and everything in it; symbolic links are removed, not followed.
    static func removeTree(_ path: String) throws(SystemError) {
        if FileKind.of(path) == .directory {
            for name in try names(in: path) {
                try removeTree(path + "/" + name)
            }
            guard rmdir(path) == 0 else { throw SystemError("remove the directory", path: path) }
        } else {
            guard unlink(path) == 0 || errno == ENOENT else { throw SystemError("remove the file", path: path) }
        }
    }

    static func parentPath(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}
