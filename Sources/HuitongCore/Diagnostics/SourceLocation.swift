/// A place in a text file that a person can open: `file:line:column`, all 1-based.
///
/// Every error about a YAML file, a CSV row or a JSON Lines record carries one, so the
/// operator can go straight to the offending text.
package struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The path as the operator named it (not made absolute, so messages match what they typed).
    package var file: String
    /// 1-based line number.
    package var line: Int
    /// 1-based column, counted in Unicode scalars; 0 when only the line is known.
    package var column: Int

    package init(file: String, line: Int, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    package var description: String {
        column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}
