/// The rule `encoding: auto` follows to choose between UTF-8 and GB18030.
///
/// 1. A file that starts with the UTF-8 byte-order mark (`EF BB BF`) is UTF-8.
/// 2. Otherwise nothing is decided while the bytes are ASCII, which reads the same in UTF-8,
///    GBK and GB18030.
/// 3. At the first non-ASCII byte, the bytes from there to the end of the chunk that holds it
///    (and on, chunk by chunk, until at least ``minimumSample`` bytes or the end of the file)
///    decide: valid UTF-8 means UTF-8, anything else GB18030 (a superset of GBK).
///
/// Chinese text in GB18030 is almost never valid UTF-8 for more than a few characters, so a
/// sample of a kilobyte or more decides reliably. A file that is valid UTF-8 at the start and
/// not later mixes encodings or is GB18030 with a misleading start; reading it as UTF-8 would
/// set aside every later row, so the adapter fails the source instead and says which encoding
/// to configure.
enum CSVEncodingDetection {
    /// The encodings `auto` chooses between.
    enum Decision: Equatable {
        case utf8
        case gb18030
    }

    /// The UTF-8 byte-order mark.
    static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// How many bytes from the first non-ASCII byte on the decision waits for, unless the file
    /// ends sooner.
    static let minimumSample = 1024

    /// The encoding of a sample that starts at the file's first non-ASCII byte.
    ///
    /// - Parameter isEndOfInput: whether the sample runs to the end of the file; if not, an
    ///   unfinished UTF-8 character at its end still counts as valid.
    static func decide(sample: UnsafeBufferPointer<UInt8>, isEndOfInput: Bool) -> Decision {
        UTF8Validation.isValid(sample, moreInputFollows: !isEndOfInput) ? .utf8 : .gb18030
    }

    /// Whether the bytes so far could still be the start of a byte-order mark (too few to tell).
    static func mayBeStartOfByteOrderMark(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count < utf8ByteOrderMark.count && utf8ByteOrderMark.starts(with: bytes)
    }
}
