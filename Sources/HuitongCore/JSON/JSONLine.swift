/// One complete line of a JSON Lines file, with where it is: its content (the parsed ``Value``
/// or the raw bytes) or why that line could not be read.
///
/// A bad line is an item, not a thrown error, so a run can set it aside and go on with the next.
package struct JSONLine<Content: Sendable>: Sendable {
    /// 1-based line number in the file (counting blank lines, which are skipped).
    package var lineNumber: Int
    /// Byte offset of the line's first byte in the file.
    package var startOffset: Int
    /// Byte offset just after the line's newline: where a later run resumes to skip this line.
    package var endOffset: Int
    /// The line's content, or the error (with file, line and column) that kept it from being read.
    package var content: Result<Content, JSONError>

    /// Creates a line item.
    package init(lineNumber: Int, startOffset: Int, endOffset: Int, content: Result<Content, JSONError>) {
        self.lineNumber = lineNumber
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.content = content
    }
}
