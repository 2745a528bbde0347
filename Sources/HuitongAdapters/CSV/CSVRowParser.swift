/// Splits decoded text into CSV rows (RFC 4180), one byte at a time, across any chunk boundaries.
///
/// A small state machine with no I/O: feed it ``DecodedText`` chunk after chunk with
/// ``nextRow(in:from:)`` and call ``finish()`` at the end of the file. Working on UTF-8 bytes
/// is exact because the quote, the delimiter, CR and LF are ASCII and never occur inside a
/// multi-byte character.
///
/// What it accepts, and how:
/// - fields in double quotes may hold the delimiter, line breaks and doubled quotes (`""`);
/// - rows end with CRLF, LF or a lone CR, mixed freely; the last row may have no line break;
/// - an empty line (nothing at all between two line breaks) is skipped; a line of spaces is a
///   row with one field;
/// - a quote inside an unquoted field is kept as a literal character (`5" pipe` stays as is);
/// - text after a closing quote (`"a"b`) and a quote still open at the end of the file make
///   the row unreadable (``CSVRowProblem``), as do undecodable bytes and a row longer than
///   `maximumRowBytes`, whose fields are then dropped as they stream past so memory stays bounded.
///   (The adapter turns a quote open at the end of the file into an incomplete read.)
///
/// Physical lines are counted as an editor shows them: CRLF, LF and a lone CR each end one
/// line, inside quotes as well, so a row's ``CSVRow/line`` is where an operator finds it.
struct CSVRowParser {
    private enum State {
        /// Nothing of the next row yet: a line break here is an empty line.
        case startOfRow
        /// After a delimiter, or at the start of a row that has begun.
        case startOfField
        case unquoted
        case quoted
        /// A quote inside a quoted field: a doubled quote or the closing one, the next byte says.
        case quoteInQuoted
    }

    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    /// The field separator.
    let delimiter: UInt8
    /// The most bytes a row may hold before it is set aside.
    let maximumRowBytes: Int

    private var state = State.startOfRow
    /// The physical line the next byte is on.
    private var line = 1
    /// Whether the last byte was a CR, so an LF right after it ends the same line.
    private var afterCarriageReturn = false

    // The row being read.
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var fieldCount = 0
    private var rowLine = 1
    private var quoteLine = 1
    private var rowBytes = 0
    private var discarding = false
    private var problem: CSVRowProblem?
    private var firstUndecodableOffset = 0
    private var undecodableCount = 0

    /// A parser for rows separated by `delimiter`.
    init(delimiter: UInt8 = UInt8(ascii: ","), maximumRowBytes: Int = CSVConfiguration.defaultMaximumRowBytes) {
        self.delimiter = delimiter
        self.maximumRowBytes = max(1, maximumRowBytes)
    }

    /// The next row that ends in `text` at or after `cursor`, moving the cursor past it; `nil`
    /// once the text is used up (the parser keeps any row begun, for the next chunk).
    mutating func nextRow(in text: DecodedText, from cursor: inout DecodedText.Cursor) -> CSVRow? {
        text.bytes.withUnsafeBufferPointer { bytes in
            var index = cursor.byteIndex
            defer { cursor.byteIndex = index }
            while index < bytes.count {
                if state == .unquoted || state == .quoted {
                    // Inside a field: the bytes up to the next one the state machine must see
                    // go into the field at once (see `plainRun(in:from:)`).
                    let end = plainRun(in: bytes, from: index)
                    if end > index {
                        let run = UnsafeBufferPointer(rebasing: bytes[index..<end])
                        index = end
                        rowBytes += run.count
                        afterCarriageReturn = false
                        if rowBytes > maximumRowBytes && !discarding {
                            discardRow()
                        }
                        if !discarding {
                            field.append(contentsOf: run)
                        }
                        continue
                    }
                }
                let byte = bytes[index]
                index += 1
                if byte == DecodedText.undecodableMarker, cursor.undecodableIndex < text.undecodableOffsets.count {
                    noteUndecodable(atSourceOffset: text.undecodableOffsets[cursor.undecodableIndex])
                    cursor.undecodableIndex += 1
                }
                if let row = consume(byte) {
                    return row
                }
            }
            return nil
        }
    }

    /// The last row, when the file does not end with a line break; `nil` when it does.
    mutating func finish() -> CSVRow? {
        afterCarriageReturn = false
        switch state {
        case .startOfRow:
            return nil
        case .quoted:
            // The root cause, even when the row also grew too long: name the quote.
            problem = .unclosedQuote(field: fieldCount + 1, line: quoteLine)
        case .startOfField, .unquoted, .quoteInQuoted:
            break
        }
        endField()
        return endRow()
    }

    /// Every row of `text` as one whole file; for tests and small inputs.
    static func rows(in text: String, delimiter: UInt8 = UInt8(ascii: ","), maximumRowBytes: Int = 1 << 20) -> [CSVRow] {
        var parser = CSVRowParser(delimiter: delimiter, maximumRowBytes: maximumRowBytes)
        let decoded = DecodedText(text)
        var cursor = DecodedText.Cursor()
        var rows: [CSVRow] = []
        while let row = parser.nextRow(in: decoded, from: &cursor) {
            rows.append(row)
        }
        if let row = parser.finish() {
            rows.append(row)
        }
        return rows
    }

    // MARK: - The state machine

    /// Where the run of bytes from `start` that ``consume(_:)`` would only append to the field
    /// ends: at the first delimiter, CR, LF or undecodable marker, and inside quotes at the first
    /// quote too (a quote inside an unquoted field is a literal character). Taking such a run at
    /// once is what consuming it byte by byte does: each byte is appended and counted, none
    /// ends a line or changes the state.
    @inline(__always)
    private func plainRun(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let stopsAtQuote = state == .quoted
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == delimiter && !stopsAtQuote { break }
            if byte == Self.quote && stopsAtQuote { break }
            if byte == Self.carriageReturn || byte == Self.lineFeed || byte == DecodedText.undecodableMarker { break }
            index += 1
        }
        return index
    }

    /// Takes one byte; returns the row it ends, if it ends one.
    private mutating func consume(_ byte: UInt8) -> CSVRow? {
        let isLineBreak = byte == Self.carriageReturn || byte == Self.lineFeed
        if byte == Self.lineFeed && afterCarriageReturn {
            // The LF of a CRLF: the CR already ended the line (and the row, outside quotes).
            afterCarriageReturn = false
            if state == .quoted {
                append(byte)
            }
            return nil
        }
        afterCarriageReturn = byte == Self.carriageReturn

        if state == .startOfRow {
            if isLineBreak {
                line += 1
                return nil
            }
            rowLine = line
            state = .startOfField
        }
        rowBytes += 1
        if rowBytes > maximumRowBytes && !discarding {
            discardRow()
        }

        switch state {
        case .startOfRow, .startOfField:
            if byte == Self.quote {
                state = .quoted
                quoteLine = line
            } else if byte == delimiter {
                endField()
            } else if isLineBreak {
                endField()
                return endRow()
            } else {
                state = .unquoted
                append(byte)
            }
        case .unquoted:
            if byte == delimiter {
                endField()
                state = .startOfField
            } else if isLineBreak {
                endField()
                return endRow()
            } else {
                append(byte)
            }
        case .quoted:
            if byte == Self.quote {
                state = .quoteInQuoted
            } else {
                if isLineBreak {
                    line += 1
                }
                append(byte)
            }
        case .quoteInQuoted:
            if byte == Self.quote {
                append(byte)
                state = .quoted
            } else if byte == delimiter {
                endField()
                state = .startOfField
            } else if isLineBreak {
                endField()
                return endRow()
            } else {
                if problem == nil {
                    problem = .textAfterClosingQuote(field: fieldCount + 1, line: line)
                }
                state = .unquoted
                append(byte)
            }
        }
        return nil
    }

    private mutating func append(_ byte: UInt8) {
        if !discarding {
            field.append(byte)
        }
    }

    private mutating func endField() {
        if !discarding {
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        fieldCount += 1
        state = .startOfField
    }

    /// Hands over the finished row and resets for the next; the line break that ended it (if
    /// any) is counted here.
    private mutating func endRow() -> CSVRow {
        var rowProblem = problem
        if undecodableCount > 0 {
            // Undecodable bytes come first: they may be why the row's structure looks wrong.
            // Not before a quote open at the end of the file, which no bad byte explains (the
            // quote is ASCII in every encoding read) and which makes the whole read incomplete.
            if case .unclosedQuote? = rowProblem {} else {
                rowProblem = .undecodable(byteOffset: firstUndecodableOffset, count: undecodableCount)
            }
        }
        let row = CSVRow(line: rowLine, lastLine: line, fields: discarding ? [] : fields, problem: rowProblem)
        line += 1
        state = .startOfRow
        fields.removeAll(keepingCapacity: !discarding)
        field.removeAll(keepingCapacity: !discarding)
        fieldCount = 0
        rowBytes = 0
        discarding = false
        problem = nil
        undecodableCount = 0
        return row
    }

    private mutating func discardRow() {
        discarding = true
        if problem == nil {
            problem = .tooLong(limit: maximumRowBytes)
        }
        fields = []
        field = []
    }

    private mutating func noteUndecodable(atSourceOffset offset: Int) {
        if undecodableCount == 0 {
            firstUndecodableOffset = offset
        }
        undecodableCount += 1
    }
}
