import HuitongCore

/// Streams the records of one entry's `dataset.jsonl` or `rejects.jsonl`, in file order,
/// in bounded memory.
///
/// Meant for one owner (it holds an open file), like `JSONLinesReader`; not `Sendable`.
package final class LedgerRecordReader<Record: Sendable> {
    private let lines: JSONLinesReader
    private let decode: (Value) throws(FormatProblem) -> Record

    /// - Parameter maximumLineLength: the longest line read (a difference holds a record's two versions).
    init(path: String, maximumLineLength: Int? = nil, decode: @escaping (Value) throws(FormatProblem) -> Record) throws(LedgerError) {
        do {
            var options = JSONLinesReader.Options()
            if let maximumLineLength { options.maximumLineLength = maximumLineLength }
            lines = try JSONLinesReader(path: path, options: options)
        } catch {
            throw LedgerError(.entryUnreadable, path: path, error.message, hint: "Run 'huitong ledger verify' on this ledger.")
        }
        self.decode = decode
    }

    /// The next record, or `nil` at the end of the file.
    ///
    /// - Throws: ``LedgerError`` `entryUnreadable` with the file and line when a line is not
    ///   a record of the format (the file was changed: run `huitong ledger verify`).
    package func next() throws(LedgerError) -> Record? {
        let line: JSONLine<Value>?
        do {
            line = try lines.next()
        } catch {
            throw LedgerError(.entryUnreadable, path: lines.file, error.message, hint: "Check the file's permissions.")
        }
        guard let line else { return nil }
        let place = "\(lines.file):\(line.lineNumber)"
        let hint = "The file is not as the ledger wrote it; run 'huitong ledger verify' on this ledger."
        switch line.content {
        case let .failure(error):
            throw LedgerError(.entryUnreadable, path: place, "not JSON: \(error.message)", hint: hint)
        case let .success(value):
            do {
                return try decode(value)
            } catch {
                throw LedgerError(.entryUnreadable, path: place, "not a ledger record: \(error.description)", hint: hint)
            }
        }
    }

    /// Up to `limit` records from where the reader is.
    package func next(_ limit: Int) throws(LedgerError) -> [Record] {
        var records: [Record] = []
        while records.count < limit, let record = try next() { records.append(record) }
        return records
    }
}
