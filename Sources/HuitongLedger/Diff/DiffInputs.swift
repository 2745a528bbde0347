import Foundation
import HuitongCore

/// Lines `{"key":K,"record":R}` in canonical JSON (a ledger entry's `dataset.jsonl`, or what
/// ``KeyedRecordSorter`` wrote), read as key and record bytes: a record is parsed only when the
/// diff needs its fields.
package struct DatasetLines: KeyedRecords {
    package let name: String
    private let reader: JSONLinesReader

    init(name: String, reader: JSONLinesReader) {
        self.name = name
        self.reader = reader
    }

    /// A ledger entry's dataset (in key order, each key once, as the ledger writes it).
    package init(entry: LedgerEntry) throws {
        name = "entry \(entry.directoryName)"
        let path = entry.datasetPath
        do {
            reader = try JSONLinesReader(path: path)
        } catch {
            throw DiffInputError(input: path, message: "cannot be read: \(error.message); run 'huitong ledger verify'")
        }
    }

    package mutating func next() throws -> (key: String, body: RecordBody)? {
        guard let line = try reader.nextBytes() else { return nil }
        guard case let .success(bytes) = line.content else {
            throw DiffInputError(input: name, message: "line \(line.lineNumber) is longer than a line may be; run 'huitong ledger verify'")
        }
        if let split = Self.split(bytes) { return split }
        // Not in the form the ledger writes: read it as JSON, or say where it is broken.
        guard case let .object(pair) = try? JSONReader().value(from: bytes), case let .string(key)? = pair["key"], let record = pair["record"] else {
            throw DiffInputError(input: name, message: "line \(line.lineNumber) is not a dataset line {\"key\": …, \"record\": …}; run 'huitong ledger verify'")
        }
        return (key, .value(record))
    }

    private static let prefix = Array(#"{"key":""#.utf8)
    private static let middle = Array(#","record":"#.utf8)

    /// `{"key":"K","record":R}` with K free of escapes: K and R's bytes; nil for any other form.
    static func split(_ bytes: [UInt8]) -> (key: String, body: RecordBody)? {
        guard bytes.count > prefix.count + middle.count + 2, bytes.starts(with: prefix), bytes.last == UInt8(ascii: "}") else { return nil }
        var index = prefix.count
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { return nil }
            index += 1
        }
        guard index < bytes.count, bytes[(index + 1)...].starts(with: middle) else { return nil }
        let key = String(decoding: bytes[prefix.count..<index], as: UTF8.self)
        return (key, .canonical(Array(bytes[(index + 1 + middle.count)..<(bytes.count - 1)])))
    }
}

/// Records in any order, keyed and sorted with bounded memory: runs of ``ExternalSorter`` in
/// `scratch`, merged into one sorted scratch file that ``SortedFileRecords`` reads line by line.
/// A record's key is its `key` fields' values joined by `|` (text as it is, other values as
/// canonical JSON);
/// without `key`, each record must be a ledger dataset line `{"key": …, "record": …}`.
package final class KeyedRecordSorter {
    let name: String
    let key: [String]?
    let scratch: String
    private let sorter: ExternalSorter

    package init(name: String, key: [String]?, scratch: String, chunkSize: Int = 20_000) {
        self.name = name
        self.key = key
        self.scratch = scratch
        sorter = ExternalSorter(directory: scratch, chunkSize: chunkSize)
    }

    /// Adds one record; `place` (`line 12`, `row 7`) names it in errors.
    package func add(_ object: OrderedObject, at place: String) throws {
        if let key {
            var parts: [String] = []
            for field in key {
                guard let value = object[field], value != .null else {
                    throw DiffInputError(input: name, message: "\(place) has no \(field), a field of --key \(key.joined(separator: ","))")
                }
                parts.append(Self.keyText(value))
            }
            try sorter.add(key: parts.joined(separator: "|"), value: .object(object))
        } else {
            guard case let .string(text)? = object["key"], let record = object["record"], object.count == 2 else {
                throw DiffInputError(input: name, message: "\(place) is not a ledger dataset line ({\"key\": …, \"record\": …}): give --key FIELD[,FIELD] to name the fields that key a record")
            }
            try sorter.add(key: text, value: record)
        }
    }

    /// The records added, in key order.
    package func finish() throws -> SortedFileRecords {
        let count = sorter.count
        // The sorted pairs in one scratch file, unlinked once open: it goes when the reader does.
        let sorted = scratch + "/sorted-\(UUID().uuidString).jsonl"
        let spool = try JSONLinesSpool(path: sorted, canonical: true)
        try sorter.forEachSorted { key, value in try spool.append(["key": .string(key), "record": value]) }
        try spool.close()
        let descriptor = open(sorted, O_RDONLY | O_CLOEXEC)
        unlink(sorted)
        guard descriptor >= 0 else { throw DiffInputError(input: name, message: "cannot read back its sorted scratch file") }
        return SortedFileRecords(name: name, count: count, reader: try JSONLinesReader(fileDescriptor: descriptor, file: name, closesWhenDone: true))
    }

    /// A key field's text: a string as it is, anything else (a number, `true`) as canonical JSON.
    static func keyText(_ value: Value) -> String {
        if case let .string(text) = value { return text }
        return (try? CanonicalJSONWriter.string(for: value)) ?? ""
    }
}

/// Records sorted by ``KeyedRecordSorter``, read back in key order.
package struct SortedFileRecords: KeyedRecords {
    package let name: String
    package let count: Int
    private var lines: DatasetLines

    init(name: String, count: Int, reader: JSONLinesReader) {
        self.name = name
        self.count = count
        lines = DatasetLines(name: name, reader: reader)
    }

    /// A JSON Lines file of records (one object a line) in any order, sorted.
    ///
    /// - Throws: ``DiffInputError`` naming the file and line of a line that is not a record or
    ///   lacks a key field; an error of the scratch files.
    package init(path: String, key: [String]?, scratch: String, chunkSize: Int = 20_000) throws {
        let sorter = KeyedRecordSorter(name: path, key: key, scratch: scratch, chunkSize: chunkSize)
        let lines: JSONLinesReader
        do {
            lines = try JSONLinesReader(path: path)
        } catch {
            throw DiffInputError(input: path, message: "cannot be read: \(error.message)")
        }
        func add(_ content: Value?, place: String) throws {
            guard case let .object(object) = content else {
                let why = content == nil ? "not JSON" : "not a JSON object"
                throw DiffInputError(input: path, message: "\(place) is \(why): each line must be one record")
            }
            try sorter.add(object, at: place)
        }
        while let line = try lines.next() {
            try add(try? line.content.get(), place: "line \(line.lineNumber)")
        }
        // A file given to compare is complete: its last line counts without a line feed after it.
        if lines.unterminatedByteCount > 0 {
            let tail = try Self.bytes(of: path, from: lines.resumeOffset)
            try add(try? JSONReader().value(from: tail), place: "line \(lines.resumeLineNumber)")
        }
        self = try sorter.finish()
    }

    package mutating func next() throws -> (key: String, body: RecordBody)? {
        try lines.next()
    }

    /// The bytes of `path` from `offset` to its end (a last line, which is short).
    static func bytes(of path: String, from offset: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DiffInputError(input: path, message: "cannot be read") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        return [UInt8](try handle.readToEnd() ?? Data())
    }
}

extension LedgerReader {
    /// The entry a reference names: `JOB/TARGET@latest`, `JOB/TARGET@latest~N` (N entries
    /// before the latest), `JOB/TARGET@YYYY-MM-DD` (the last entry finished on or before that
    /// Beijing date), or what ``entry(matching:)`` takes (a sequence number, an entry id, the
    /// start of a run id). `test` chooses joint-test or production exchanges for the `JOB/TARGET`
    /// forms, which count exchanges only: a reconciliation is named by its sequence number.
    package func entry(reference text: String, test: Bool = false) throws(LedgerError) -> LedgerEntry {
        guard let at = text.lastIndex(of: "@"), let slash = text[..<at].firstIndex(of: "/") else {
            return try entry(matching: text)
        }
        let job = String(text[..<slash]), target = String(text[text.index(after: slash)..<at])
        let selector = String(text[text.index(after: at)...])
        let all = try entries()
        if let broken = all.first(where: { if case .failure = $0.manifest { true } else { false } }) {
            throw LedgerError(.entryUnreadable, path: broken.path, "the manifest of entry \(broken.directoryName) cannot be read, so \"\(text)\" could name the wrong entry",
                              hint: "Run 'huitong ledger verify' and restore the entry, or name the entry by its sequence number.")
        }
        let matching = all.filter { entry in
            guard case let .success(manifest) = entry.manifest, let exchange = manifest.exchange else { return false }
            return exchange.job == job && exchange.target == target && exchange.test == test
        }
        let what = "\(job)/\(target)\(test ? " (joint test)" : "")"
        func notFound(_ message: String) -> LedgerError {
            LedgerError(.entryNotFound, path: directory, message, hint: "'huitong ledger list' shows the entries of each job and target.")
        }
        if selector == "latest" || selector.hasPrefix("latest~") {
            let back = selector == "latest" ? 0 : Int(selector.dropFirst("latest~".count)) ?? -1
            guard back >= 0 else { throw notFound("\"\(text)\": after @latest~ comes a number of entries back, such as @latest~1") }
            guard !matching.isEmpty else { throw notFound("\(what) has no entry in the ledger") }
            guard back < matching.count else {
                throw notFound("\(what) has \(matching.count) entr\(matching.count == 1 ? "y" : "ies"); \"\(text)\" asks for one \(back) before the latest")
            }
            return matching[matching.count - 1 - back]
        }
        guard let day = try? Timestamp(parsing: selector, as: .date, in: .beijing) else {
            throw notFound("\"\(text)\": after @ comes latest, latest~N or a date (YYYY-MM-DD)")
        }
        let end = day.adding(milliseconds: 86_400_000)
        guard let found = matching.last(where: { entry in
            guard case let .success(manifest) = entry.manifest else { return false }
            return manifest.subject.timings.finished < end
        }) else {
            throw notFound("\(what) has no entry finished on or before \(selector) (Beijing time)")
        }
        return found
    }
}

/// A scratch file of JSON lines written in 1 MiB blocks: where a diff keeps what it sorted or found.
package final class JSONLinesSpool {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let canonical: Bool

    /// Creates (or empties) `path`; `canonical` writes RFC 8785 JSON, else the ordinary writer's.
    package init(path: String, canonical: Bool = false) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw DiffInputError(input: path, message: "cannot be written (a scratch file)")
        }
        self.handle = handle
        self.canonical = canonical
    }

    package func append(_ value: Value) throws {
        buffer += Array((canonical ? try CanonicalJSONWriter.string(for: value) : try JSONWriter().string(for: value)).utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file.
    package func close() throws {
        try flush()
        try handle.close()
    }
}
