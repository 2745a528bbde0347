#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension FileStorage {
    /// Creates the directory and any missing parents, as `mkdir -p` does, syncing each new
    /// one's parent so the directory survives a crash. One that exists (or a symbolic link to
    /// one) is left as it is.
    package static func createDirectory(_ path: String) throws(StorageError) {
        if path.isEmpty || FileKind.isDirectory(followingLinks: path) { return }
        let parent = parentPath(of: path)
        if parent != path { try createDirectory(parent) }
        guard mkdir(path, 0o755) == 0 else {
            // Made by another process since the check above: as good as made here.
            if errno == EEXIST, FileKind.isDirectory(followingLinks: path) { return }
            throw StorageError("create the directory", path: path)
        }
        try syncDirectory(parent)
    }

    /// Creates exactly this directory; fails if anything is there. Not synced: the caller
    /// syncs the parent once the directory's content is complete.
    package static func createNewDirectory(_ path: String) throws(StorageError) {
        guard mkdir(path, 0o755) == 0 else { throw StorageError("create the directory", path: path) }
    }

    /// Flushes the directory itself (its list of names) to the disk, so a rename, creation or
    /// removal in it survives a crash. "" is the current directory.
    package static func syncDirectory(_ path: String) throws(StorageError) {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StorageError("open the directory to sync it", path: path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StorageError("sync the directory to disk", path: path) }
    }

    /// The names in the directory at `path`, without `.` and `..`, in no particular order.
    package static func names(in path: String) throws(StorageError) -> [String] {
        guard let stream = opendir(path) else { throw StorageError("list the directory", path: path) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            // readdir answers nil both at the end and on an error; only errno tells them apart.
            errno = 0
            guard let entry = readdir(stream) else {
                guard errno == 0 else { throw StorageError("list the directory", path: path) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
