/// A 1-based line and column (in Unicode scalars) computed from a byte offset, only when an
/// error is reported: the parser itself tracks nothing but the offset.
struct TextPosition: Equatable {
    var line: Int
    var column: Int

    /// The position of byte `offset` within `text`; lines end at LF (a CR before it is part of the line).
    init(of offset: Int, in text: UnsafeBufferPointer<UInt8>) {
        let end = min(offset, text.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where text[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<end where text[index] & 0xC0 != 0x80 {
            column += 1
        }
        self.line = line
        self.column = column
    }
}
