import Foundation
import HuitongCore

/// The fingerprint of a schema: SHA-256 over its schema and code-table files, recorded with
/// every dataset and exchange so that an audit can tell which rules applied.
///
/// The files are taken in byte order of their paths relative to `mappings/` (`codes/…` before
/// `schema/…`); for each, the hash absorbs the relative path, a NUL byte, the file's length in
/// decimal, a NUL byte, and the file's bytes. Framing each file this way means renaming a file
/// or moving bytes from one file to the next changes the hash, and the result does not depend on
/// where the checkout lives. Files that are not YAML (the READMEs) are not part of it.
enum SchemaContentHash {
    /// The digest of the files, given as `(path relative to mappings/, bytes)` in any order.
    static func digest(of files: [(relativePath: String, bytes: [UInt8])]) -> Digest {
        var sha = SHA256()
        for file in files.sorted(by: { Array($0.relativePath.utf8).lexicographicallyPrecedes(Array($1.relativePath.utf8)) }) {
            sha.update(file.relativePath)
            sha.update([0])
            sha.update(String(file.bytes.count))
            sha.update([0])
            sha.update(file.bytes)
        }
        return sha.finalize()
    }

    /// The bytes of each file, or `nil` for one that cannot be read (the loader has reported it).
    static func read(_ files: [(relativePath: String, path: String)]) -> [(relativePath: String, bytes: [UInt8])] {
        files.compactMap { file in
            FileManager.default.contents(atPath: file.path).map { (file.relativePath, [UInt8]($0)) }
        }
    }
}
