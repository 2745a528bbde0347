#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file read a chunk at a time; owns the descriptor and closes it in `deinit`.
/// Shared by the adapters that read one whole file (CSV, JSON array).
///
/// Only one chunk is in memory at once, which is what keeps a source adapter's memory
/// independent of the file's size.
final class ChunkedFileReader {
    /// The file, for errors.
    let path: String
    /// The most bytes one ``nextChunk()`` returns.
    let chunkSize: Int
    private let descriptor: Int32
    /// Bytes read so far, for errors.
    private var offset = 0

    /// Opens `path` for reading.
    init(path: String, chunkSize: Int) throws(SourceError) {
        self.path = path
        self.chunkSize = max(1, chunkSize)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SourceError(.unreadable, source: path, message: "cannot open the file: \(Self.systemReason()); check the path and permissions")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The next bytes of the file (at most ``chunkSize``), or `nil` at the end.
    ///
    /// - Throws: ``FileReadFailure`` when `read(2)` fails (EIO, EISDIR, …): the file could not
    ///   be read to its end.
    func nextChunk() throws(FileReadFailure) -> [UInt8]? {
        var failure: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: chunkSize) { buffer, initialized in
            initialized = 0
            while true {
                let count = read(descriptor, buffer.baseAddress, chunkSize)
                if count >= 0 {
                    initialized = count
                    return
                }
                if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        guard failure == 0 else {
            throw FileReadFailure(path: path, offset: offset, reason: String(cString: strerror(failure)))
        }
        offset += chunk.count
        return chunk.isEmpty ? nil : chunk
    }

    private static func systemReason() -> String {
        String(cString: strerror(errno))
    }
}
