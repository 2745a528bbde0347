#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What is at a path, without following a symbolic link: a removal must take the link, never
/// what it points to.
package enum FileKind: Equatable, Sendable {
    case file
    case directory
    case other

    /// The kind of what is at `path`, or `nil` when nothing is.
    package static func of(_ path: String) -> FileKind? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Whether `path` is a directory or a symbolic link to one: where files may be made.
    package static func isDirectory(followingLinks path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
