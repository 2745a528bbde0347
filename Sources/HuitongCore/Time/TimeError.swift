/// Why a date, time or offset was refused: text that does not follow the expected format, or
/// fields that name a moment that does not exist (30 February, hour 24).
///
/// Callers that read records add where the value came from (file, row, field); this error says
/// what was wrong with the value itself, where in it, and what was expected.
package struct TimeError: OperatorFacingError, Hashable {
    /// The kind of failure, stable for scripts and tests; ``detail`` says the particulars.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The text does not follow the format: a missing separator, a letter where a digit belongs.
        package static let malformed = Code("malformed")
        /// Every field is well formed, but the date, time or offset does not exist.
        package static let outOfRange = Code("out-of-range")
        /// A complete value is followed by more text.
        package static let trailingCharacters = Code("trailing-characters")

        package var description: String { name }
    }

    /// The kind of failure.
    package let code: Code
    /// The text being parsed; empty when the fields were given as numbers.
    package let input: String
    /// The 1-based column of the first offending character in ``input``, 0 when the fields were
    /// given as numbers. Everything before it matched the format, so it is ASCII, and the
    /// column is the same whether counted in bytes or in characters.
    package let column: Int
    /// What was wrong and what was expected, such as `day 29 does not exist in 2026-02, which has 28 days`.
    package let detail: String

    init(_ code: Code, input: String = "", column: Int = 0, detail: String) {
        self.code = code
        self.input = input
        self.column = column
        self.detail = detail
    }

    /// A time that cannot be read is bad input or configuration.
    package var exitStatus: ExitStatus { .invalidInput }

    /// One line for an operator: the value, where in it the problem starts, and what was expected.
    package var description: String {
        guard column > 0 else { return "invalid date or time: \(detail)" }
        return "invalid date or time \"\(input)\" at column \(column): \(detail)"
    }
}
