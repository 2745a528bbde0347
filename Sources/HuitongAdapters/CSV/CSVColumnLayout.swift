import HuitongCore

/// Where each wanted column sits, learned from the header row, and how a row becomes an item.
///
/// Header names are compared after trimming spaces and a byte-order mark, so `" 工程编号 "`
/// matches `工程编号`; columns may come in any order and extra ones are ignored. Columns with
/// an empty name (an exporter's trailing commas) are never wanted and never clash; any other
/// name appearing twice is an error, since it could not be told which one is meant.
struct CSVColumnLayout {
    /// A wanted column: its name (the record key) and its position in a row.
    struct Column {
        var name: String
        var index: Int
    }

    /// How many fields every row must have: as many as the header.
    let fieldCount: Int
    /// The record's members, in record order.
    let columns: [Column]

    /// The layout for `header`, giving records `requiredColumns` in that order, or every named
    /// header column when none are required.
    ///
    /// - Throws: a ``SourceError`` when the header cannot be read, repeats a name, or lacks a
    ///   required column (naming the missing ones and the ones found).
    init(header: CSVRow, requiredColumns: [String], source: String, encoding: String) throws(SourceError) {
        if let problem = header.problem {
            throw SourceError(
                .unreadableHeader,
                source: source,
                message: "the header (\(header.lineSpan)) cannot be read: \(problem.reason(for: header, encoding: encoding))"
            )
        }
        let names = header.fields.map(Self.trimmed)
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if let earlier = positions[name] {
                throw SourceError(
                    .duplicateColumn,
                    source: source,
                    message: "the header (line \(header.line)) names two columns \"\(name)\" (columns \(earlier + 1) and \(index + 1)); rename or remove one so each column can be found by name"
                )
            }
            positions[name] = index
        }
        fieldCount = names.count
        if requiredColumns.isEmpty {
            columns = names.enumerated().filter { !$0.element.isEmpty }.map { Column(name: $0.element, index: $0.offset) }
            return
        }
        let missing = requiredColumns.filter { positions[Self.trimmed($0)] == nil }
        guard missing.isEmpty else {
            let found = names.filter { !$0.isEmpty }.joined(separator: ", ")
            throw SourceError(
                .missingColumn,
                source: source,
                message: "the header (line \(header.line)) lacks the required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); it has: \(found.isEmpty ? "no named columns" : found). Check that this is the right export, its encoding and its delimiter"
            )
        }
        columns = requiredColumns.map { Column(name: $0, index: positions[Self.trimmed($0)]!) }
    }

    /// The record for `row`, or the reason it is unreadable.
    func item(for row: CSVRow, file: String, encoding: String) -> SourceItem {
        let origin = RecordOrigin(file: file, line: row.line)
        if let problem = row.problem {
            return .unreadable(origin: origin, reason: problem.reason(for: row, encoding: encoding))
        }
        guard row.fields.count == fieldCount else {
            let span = row.lastLine > row.line ? " (the row spans \(row.lineSpan))" : ""
            let reason = row.fields.count < fieldCount
                ? "too few fields: \(row.fields.count) found, the header has \(fieldCount)\(span); a field or delimiter is missing"
                : "too many fields: \(row.fields.count) found, the header has \(fieldCount)\(span); a field holding the delimiter must be in double quotes"
            return .unreadable(origin: origin, reason: reason)
        }
        // Column names are distinct (the header's and the configuration's are both checked),
        // so the members are appended without a search for an earlier one of the same name.
        var record = OrderedObject()
        record.reserveCapacity(columns.count)
        for column in columns {
            record.appendNewMember(.string(row.fields[column.index]), forKey: column.name)
        }
        return .record(record, origin: origin)
    }

    /// A header name without surrounding white space or a byte-order mark.
    static func trimmed(_ name: String) -> String {
        let unicodeScalars = name.unicodeScalars
        let isPadding: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
        guard let first = unicodeScalars.firstIndex(where: { !isPadding($0) }),
              let last = unicodeScalars.lastIndex(where: { !isPadding($0) }) else {
            return ""
        }
        return String(unicodeScalars[first...last])
    }
}
