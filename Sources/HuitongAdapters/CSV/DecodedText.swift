/// One chunk of a source file decoded to UTF-8, ready for ``CSVRowParser``.
///
/// Where source bytes could not be decoded, the text holds ``undecodableMarker`` (one per
/// skipped byte, or one for an unfinished character at the end of the file) and
/// ``undecodableOffsets`` holds each one's byte offset in the file, in order. The marker is a
/// byte that never occurs in UTF-8, so it cannot be confused with text, and the parser can
/// set aside just the row it falls in.
struct DecodedText {
    /// Stands for bytes that could not be decoded; `FF` is never part of well-formed UTF-8.
    static let undecodableMarker: UInt8 = 0xFF

    /// The decoded UTF-8, with markers.
    var bytes: [UInt8] = []
    /// The file offset of each marker in ``bytes``, in the same order.
    var undecodableOffsets: [Int] = []

    /// A position in the text: the next byte to read and the next marker's entry in ``undecodableOffsets``.
    struct Cursor {
        var byteIndex = 0
        var undecodableIndex = 0
    }

    /// Notes that the source byte at `sourceOffset` could not be decoded.
    mutating func appendUndecodable(atSourceOffset sourceOffset: Int) {
        bytes.append(Self.undecodableMarker)
        undecodableOffsets.append(sourceOffset)
    }
}

extension DecodedText {
    /// Text made of UTF-8 `text`, for tests and callers that already have a string.
    init(_ text: String) {
        bytes = Array(text.utf8)
    }
}
