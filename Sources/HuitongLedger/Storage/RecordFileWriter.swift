import HuitongCore

/// One JSON Lines file of an entry being written: each value as canonical JSON (RFC 8785) on
/// its own line, hashed and counted as it goes, so the manifest's fingerprint never needs a
/// second read and memory stays at a few buffers whatever the file's size. The hashing and the
/// writing happen on a thread of their own (``HashingFileWriter``), so a write failure is
/// reported by ``finish()``.
struct RecordFileWriter: Sendable {
    /// Bytes gathered before one `write(2)`.
    private static let flushThreshold = 64 * 1024

    private let file: HashingFileWriter
    private var buffer: [UInt8] = []
    private var byteCount = 0
    private(set) var recordCount = 0
    private var canonical = CanonicalJSONWriter()

    init(creating path: String) throws(StorageError) {
        file = HashingFileWriter(try WritableFile(path, mode: .createNew))
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    var path: String { file.path }

    /// Appends one line; a value that cannot be JSON (NaN, too deep) is refused and nothing is written.
    mutating func append(_ value: Value) throws(LedgerError) {
        do {
            try canonical.append(value, to: &buffer)
        } catch {
            throw LedgerError(.invalidRecord, path: file.path, "the record cannot be written as JSON: \(error.description)",
                              hint: "Records must be finite JSON values; fix the mapping that produced it.")
        }
        buffer.append(UInt8(ascii: "\n"))
        recordCount += 1
        if buffer.count >= Self.flushThreshold {
            do { try flush() } catch {
                throw error.ledgerError(.writeFailed, hint: "Check the disk holding the ledger (space, permissions).")
            }
        }
    }

    /// Appends the dataset line of a record already in canonical JSON:
    /// `{"key":…,"record":…}`, which is that line's canonical form (`key` sorts before `record`).
    mutating func appendLine(canonicalDatasetRecord key: String, record: UnsafeRawBufferPointer) throws(LedgerError) {
        buffer.append(contentsOf: #"{"key":"#.utf8)
        try? canonical.append(.string(key), to: &buffer)
        buffer.append(contentsOf: #","record":"#.utf8)
        buffer.append(contentsOf: record)
        buffer.append(contentsOf: "}\n".utf8)
        recordCount += 1
        if buffer.count >= Self.flushThreshold {
            do { try flush() } catch {
                throw error.ledgerError(.writeFailed, hint: "Check the disk holding the ledger (space, permissions).")
            }
        }
    }

    private mutating func flush() throws(StorageError) {
        guard !buffer.isEmpty else { return }
        byteCount += buffer.count
        file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, syncs the file to disk, and returns its fingerprint.
    mutating func finish() throws(StorageError) -> LedgerFileSummary {
        try flush()
        return LedgerFileSummary(sha256: try file.finish(), byteCount: byteCount, recordCount: recordCount)
    }
}
