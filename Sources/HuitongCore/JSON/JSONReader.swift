/// Reads JSON text into a ``Value``, strictly by RFC 8259.
///
/// Parses UTF-8 bytes in place with a hand-written recursive-descent parser. Rejected, each with
/// a ``JSONError`` that names the byte offset, line and column: trailing commas, leading zeros,
/// unescaped control characters in strings, invalid UTF-8, lone UTF-16 surrogates in `\u`
/// escapes, anything after the value, nesting deeper than ``maximumDepth``, numbers beyond the
/// range of `Double`, and **duplicate keys** in an object. RFC 8259 leaves duplicates to the
/// implementation; here two values for one field are a data-integrity problem an auditor must
/// see, so the reader never picks one silently.
///
/// Integer literals that fit `Int64` become `.integer`; every other number a correctly rounded `.double`.
package struct JSONReader: Sendable {
    /// The nesting limit used unless another is given: deep enough for any record, shallow enough
    /// that the recursion stays far from the end of a thread's stack.
    package static let defaultMaximumDepth = 512

    /// How many arrays and objects may nest inside each other.
    package var maximumDepth: Int

    /// A reader allowing `maximumDepth` levels of nesting.
    package init(maximumDepth: Int = JSONReader.defaultMaximumDepth) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON document from UTF-8 bytes.
    ///
    /// - Parameter file: the file the bytes came from, for error messages.
    /// - Throws: ``JSONError`` with the byte offset, line and column of the first problem.
    package func value(from bytes: UnsafeRawBufferPointer, file: String? = nil) throws(JSONError) -> Value {
        try bytes.withMemoryRebound(to: UInt8.self) { text in
            Result { () throws(JSONError) in try value(from: text, file: file) }
        }.get()
    }

    private func value(from text: UnsafeBufferPointer<UInt8>, file: String?) throws(JSONError) -> Value {
        guard let start = text.baseAddress, !text.isEmpty else {
            throw JSONError(code: .unexpectedEndOfInput, message: "the text is empty; expected a JSON value",
                            byteOffset: 0, file: file, line: 1, column: 1)
        }
        var parser = JSONParser(start: start, count: text.count, maximumDepth: maximumDepth, workspace: JSONParserWorkspace(forStream: false))
        do {
            return try parser.parseDocument()
        } catch {
            var located = error
            let position = TextPosition(of: error.byteOffset ?? 0, in: text)
            located.file = file
            located.line = position.line
            located.column = position.column
            throw located
        }
    }

    /// Parses one JSON document from UTF-8 bytes.
    package func value(from bytes: [UInt8], file: String? = nil) throws(JSONError) -> Value {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try value(from: raw, file: file) }
        }.get()
    }

    /// Parses one JSON document from text.
    package func value(from text: String, file: String? = nil) throws(JSONError) -> Value {
        var text = text
        return try text.withUTF8 { utf8 in
            Result { () throws(JSONError) in try value(from: UnsafeRawBufferPointer(utf8), file: file) }
        }.get()
    }
}
