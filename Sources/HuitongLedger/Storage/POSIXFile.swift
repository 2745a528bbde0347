#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HuitongCore

/// Whole-file reads of the ledger's (small or streamed) files.
enum POSIXFile {
    private static let chunkSize = 256 * 1024

    /// The bytes of the file at `path`; refuses files over `limit` bytes.
    static func readAll(_ path: String, limit: Int) throws(StorageError) -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(of: path) { (chunk) throws(StorageError) in
            guard bytes.count + chunk.count <= limit else { throw StorageError("read more than \(limit) bytes", path: path, number: EFBIG) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// SHA-256, size and line count of the file at `path`, read in chunks: memory stays bounded.
    static func fingerprint(_ path: String) throws(StorageError) -> LedgerFileSummary {
        var hasher = SHA256()
        var byteCount = 0
        var lines = 0
        try forEachChunk(of: path) { chunk in
            hasher.update(chunk)
            byteCount += chunk.count
            lines += chunk.count { $0 == UInt8(ascii: "\n") }
        }
        return LedgerFileSummary(sha256: hasher.finalize(), byteCount: byteCount, recordCount: lines)
    }

    private static func forEachChunk(
        of path: String, _ body: (UnsafeRawBufferPointer) throws(StorageError) -> Void
    ) throws(StorageError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StorageError("open the file", path: path) }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw StorageError("read the file", path: path)
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}
