import HuitongCore
import HuitongPlatforms

/// The accepted upserts of an append target, gathered while the journal is read and sorted by
/// key on disk (``ExternalSorter``), for the ledger entry's dataset: memory holds one chunk,
/// whatever the number of records the exchange delivered.
///
/// Each record is sorted with its canonical bytes and hash, read from the staged file as the
/// journal names them — in staged order, so the file is read forwards in large pieces — and the
/// ledger then writes the sorted records without going back to the staged file (one random
/// read per record, in key order, costs a system call each).
final class AcceptedAppends {
    private let sorter: ExternalSorter
    private let staged: ForwardReader

    init(directory: String, staged path: String) throws(HubError) {
        sorter = ExternalSorter(directory: directory)
        staged = try ForwardReader(path: path)
    }

    func add(key: String, place: StagedPlace) throws {
        let bytes = try staged.bytes(at: place.offset, length: place.length)
        let (hash, canonical): (String, String)
        if let part = StagedRecord.canonicalPart(bytes) {
            (hash, canonical) = (part.hash.hex, String(decoding: bytes[part.canonical], as: UTF8.self))
        } else {
            // Read strictly, so a damaged staged line never reaches the ledger.
            let record = try StagedRecord.decode(bytes, place: "\(staged.path) at byte \(place.offset)")
            (hash, canonical) = (record.hash, String(decoding: record.canonical, as: UTF8.self))
        }
        try sorter.add(key: key, value: .array([.string(hash), .string(canonical)]))
    }

    /// Every upsert in key order (one key's upserts in journal order): its key, the SHA-256 the
    /// pipeline made of its canonical JSON, and that JSON.
    func forEachSorted(_ body: (String, String, [UInt8]) throws -> Void) throws {
        try sorter.forEachSorted { key, value in
            guard let hash = value[0]?.stringValue, let canonical = value[1]?.stringValue else {
                throw HubError.corrupt("a sort run of the accepted records is damaged")
            }
            try body(key, hash, Array(canonical.utf8))
        }
    }
}

/// Lines of a file read at places that mostly move forwards: a window of the file is read at
/// once and the places inside it are served from memory; a place behind the window is read on
/// its own.
final class ForwardReader {
    static let windowSize = 1 << 20

    private let file: JSONLinesRandomReader
    private var window: [UInt8] = []
    private var windowStart = 0

    init(path: String) throws(HubError) {
        file = try JSONLinesRandomReader(path: path)
    }

    var path: String { file.path }

    func bytes(at offset: Int, length: Int) throws(HubError) -> [UInt8] {
        if offset >= windowStart, offset + length <= windowStart + window.count {
            return Array(window[(offset - windowStart)..<(offset - windowStart + length)])
        }
        guard offset >= windowStart + window.count || window.isEmpty else {
            return try file.bytes(at: offset, length: length)  // behind the window
        }
        window = try file.bytes(upTo: max(Self.windowSize, length), at: offset)
        windowStart = offset
        guard length <= window.count else {
            throw HubError.corrupt("\(path) ends before byte \(offset + length), where a staged record should end")
        }
        return Array(window[0..<length])
    }
}
