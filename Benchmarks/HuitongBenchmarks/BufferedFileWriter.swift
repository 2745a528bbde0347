import Foundation

/// Writes generated benchmark data through a 1 MiB buffer, so generating a million lines costs
/// a hundred writes, not a million; counts the bytes written.
final class BufferedFileWriter {
    private let handle: FileHandle
    private(set) var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    private static let capacity = 1 << 20

    /// Creates (or empties) the file at `path`.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchmarkFailure("cannot create \(path)")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.capacity)
    }

    deinit { try? handle.close() }

    /// Appends to the buffer through `body`, then writes it out once it is nearly full.
    func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count > Self.capacity - 4096 { flush() }
    }

    /// Writes what is buffered and returns the total bytes written.
    @discardableResult
    func finish() -> Int {
        flush()
        return bytesWritten
    }

    private func flush() {
        handle.write(Data(buffer))
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
