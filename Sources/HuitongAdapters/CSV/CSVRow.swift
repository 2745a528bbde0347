/// One row as ``CSVRowParser`` split it: its fields and the physical lines it spans.
struct CSVRow: Equatable, Sendable {
    /// The 1-based physical line the row starts on.
    var line: Int
    /// The physical line the row ends on; later than ``line`` when a quoted field holds a line break.
    var lastLine: Int
    /// The fields, unquoted, with doubled quotes undone. Empty when the row was too long to keep.
    var fields: [String]
    /// Why the row cannot be trusted, if it cannot.
    var problem: CSVRowProblem?
}

/// Why a row cannot become a record, found while splitting it (before the header is consulted).
enum CSVRowProblem: Equatable, Sendable {
    /// A quoted field opened on `line` is still open at the end of the file.
    case unclosedQuote(field: Int, line: Int)
    /// A quoted field's closing quote is followed by something other than a delimiter or a
    /// line break, on `line`: a quote inside the field that was not doubled.
    case textAfterClosingQuote(field: Int, line: Int)
    /// The row holds more than `limit` bytes; its fields were not kept.
    case tooLong(limit: Int)
    /// `count` bytes in the row could not be decoded, the first at file offset `byteOffset`.
    case undecodable(byteOffset: Int, count: Int)
}

extension CSVRow {
    /// "line 7" or "lines 7–8", for reasons.
    var lineSpan: String {
        lastLine > line ? "lines \(line)–\(lastLine)" : "line \(line)"
    }
}

extension CSVRowProblem {
    /// What an operator reads about the set-aside row; `encoding` names what the file was decoded as.
    func reason(for row: CSVRow, encoding: String) -> String {
        switch self {
        case let .unclosedQuote(field, line):
            "field \(field) opens a quote on line \(line) that is never closed, so the rest of the file (\(row.lineSpan)) is one unreadable row; close the quote, or double each quote inside the field (\"\")"
        case let .textAfterClosingQuote(field, line):
            "field \(field) has text after its closing quote on line \(line); a quote inside a quoted field must be doubled (\"\")"
        case let .tooLong(limit):
            "the row (\(row.lineSpan)) is longer than \(limit) bytes, the most a row may hold; an unclosed quote may have joined many lines"
        case let .undecodable(byteOffset, count):
            (count == 1
                ? "the byte at file offset \(byteOffset) is not valid \(encoding)"
                : "\(count) bytes, the first at file offset \(byteOffset), are not valid \(encoding)")
                + "; if many rows say this, the file is in another encoding: check the configured one"
        }
    }
}
