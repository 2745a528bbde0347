/// Why JSON text could not be read, or a value could not be written as JSON.
///
/// Carries what went wrong (``code``, ``message``) and where: the byte offset always, and the
/// file, line and column when they are known (a whole document, or a JSON Lines record). The
/// description reads `file:line:column: message`, so an operator can open the spot directly.
package struct JSONError: OperatorFacingError, Hashable {
    /// The kind of failure, stable for scripts and tests; the ``message`` says the particulars.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The text ended inside a value (or was empty).
        package static let unexpectedEndOfInput = Code("unexpected-end-of-input")
        /// A character that cannot start or continue what the grammar expects here.
        package static let unexpectedCharacter = Code("unexpected-character")
        /// A comma before `]` or `}`; RFC 8259 does not allow it.
        package static let trailingComma = Code("trailing-comma")
        /// A number that breaks the grammar: leading zeros, missing digits, a lone `-`.
        package static let invalidNumber = Code("invalid-number")
        /// A number too large for a `Double`.
        package static let numberOutOfRange = Code("number-out-of-range")
        /// A backslash escape that JSON does not define, or a malformed `\u` escape.
        package static let invalidEscape = Code("invalid-escape")
        /// A `\u` escape for half of a UTF-16 surrogate pair without its other half.
        package static let loneSurrogate = Code("lone-surrogate")
        /// An unescaped control character (U+0000 to U+001F) inside a string.
        package static let controlCharacterInString = Code("control-character-in-string")
        /// Bytes that are not valid UTF-8.
        package static let invalidUTF8 = Code("invalid-utf8")
        /// The same key twice in one object.
        package static let duplicateKey = Code("duplicate-key")
        /// Arrays and objects nested deeper than the configured limit.
        package static let nestingTooDeep = Code("nesting-too-deep")
        /// Something other than white space after the value.
        package static let trailingContent = Code("trailing-content")
        /// NaN or an infinity, which JSON cannot represent.
        package static let nonFiniteNumber = Code("non-finite-number")
        /// A JSON Lines line longer than the configured maximum.
        package static let lineTooLong = Code("line-too-long")
        /// The file could not be opened or read.
        package static let unreadableInput = Code("unreadable-input")

        /// The code's stable name, such as `trailing-comma`.
        package var description: String { name }
    }

    /// The kind of failure.
    package internal(set) var code: Code
    /// What went wrong, in words for the operator, with the offending text where it helps.
    package internal(set) var message: String
    /// Offset of the offending byte from the start of the document or file (0-based); `nil`
    /// for a value that could not be written.
    package internal(set) var byteOffset: Int?
    /// The file, when the text came from one.
    package internal(set) var file: String?
    /// 1-based line, when known.
    package internal(set) var line: Int?
    /// 1-based column in Unicode scalars, when known.
    package internal(set) var column: Int?
    /// Where in a value the writer stopped, as a path like `$.readings[3].t`; `nil` for reading.
    package internal(set) var valuePath: String?

    /// Creates an error; the reader and writers fill in what they know.
    init(
        code: Code,
        message: String,
        byteOffset: Int? = nil,
        file: String? = nil,
        line: Int? = nil,
        column: Int? = nil,
        valuePath: String? = nil
    ) {
        self.code = code
        self.message = message
        self.byteOffset = byteOffset
        self.file = file
        self.line = line
        self.column = column
        self.valuePath = valuePath
    }

    /// Malformed input data stops a command with "invalid input".
    package var exitStatus: ExitStatus { .invalidInput }

    /// `file:line:column` when the file and line are known.
    package var location: SourceLocation? {
        guard let file, let line else { return nil }
        return SourceLocation(file: file, line: line, column: column ?? 0)
    }

    /// `file:line:column (byte N): message [json.code]`, with whatever place is known.
    package var description: String {
        var place: String
        if let location {
            place = location.description
        } else if let file {
            place = file
        } else if let line {
            place = column.map { "line \(line), column \($0)" } ?? "line \(line)"
        } else if let valuePath {
            place = valuePath
        } else {
            place = "JSON"
        }
        if let byteOffset {
            place += " (byte \(byteOffset))"
        }
        return "\(place): \(message) [json.\(code)]"
    }
}
