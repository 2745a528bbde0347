/// Decodes a CSV file chunk by chunk into UTF-8, whatever the chunk boundaries.
///
/// - A character split across two chunks is finished with the next chunk: the unfinished
///   bytes wait (iconv's EINVAL; at most three bytes).
/// - A UTF-8 byte-order mark at the start of the file is dropped, and so is GB18030's own
///   (`84 31 95 33`, which decodes to U+FEFF). A UTF-8 mark on a file configured as GBK or
///   GB18030 is an error: the file is UTF-8, and reading it as GB18030 would garble every row.
/// - Bytes that are not valid in the encoding (iconv's EILSEQ) become a
///   ``DecodedText/undecodableMarker`` with their file offset, one byte at a time, and
///   decoding goes on with the next byte. The parser sets aside the row the marker falls in,
///   so one bad byte costs one row, not the file. Resynchronising a byte at a time is safe for
///   CSV: the quote, comma, CR and LF are never part of a multi-byte character in UTF-8, GBK
///   or GB18030, so row and field boundaries survive.
/// - With `.auto`, the rule in ``CSVEncodingDetection`` picks the encoding. When the pick was
///   UTF-8 because the sample was valid UTF-8 (not because of a byte-order mark), a later
///   invalid byte fails the source with a ``SourceError`` naming its offset, since the pick
///   was probably wrong.
final class CSVTextDecoder {
    private enum Mode {
        /// `.auto` before the first non-ASCII byte.
        case undecided
        /// UTF-8, checked by ``UTF8Validation``. `failsOnInvalid` when `.auto` guessed it from a sample.
        case utf8(failsOnInvalid: Bool)
        /// GB18030 or GBK through iconv's own answers, tabled (see ``TableChunkConverter``).
        case iconv(TableChunkConverter)
    }

    /// The file, for errors.
    let source: String
    /// The encoding the text is read as: `UTF-8`, `GB18030`, `GBK`, or `ASCII` while `.auto`
    /// has seen nothing else. For reasons and errors.
    private(set) var encodingName: String

    private let configured: CSVEncoding
    private var mode: Mode
    /// Bytes held over from the last chunk: an unfinished character, or the start of a
    /// sample `.auto` is still collecting.
    private var pending: [UInt8] = []
    /// The file offset of the first byte of the next input (of `pending`, when there is some).
    private var nextOffset = 0
    private var atStartOfFile = true
    private var atStartOfOutput = true
    /// How `.auto` decided, for the error when that decision proves wrong.
    private var detectionNote = ""

    /// A decoder for `encoding`; fails when glibc's iconv lacks the converter.
    init(encoding: CSVEncoding, source: String) throws(SourceError) {
        self.source = source
        self.configured = encoding
        switch encoding {
        case .utf8:
            mode = .utf8(failsOnInvalid: false)
            encodingName = "UTF-8"
        case .auto:
            mode = .undecided
            encodingName = "ASCII"
        case .gb18030, .gbk:
            let name = encoding == .gbk ? "GBK" : "GB18030"
            mode = .iconv(try Self.converter(from: name, source: source))
            encodingName = name
        }
    }

    /// Decodes the next chunk of the file; `isLast` says there is no more (`chunk` may then be empty).
    func decode(_ chunk: [UInt8], isLast: Bool) throws(SourceError) -> DecodedText {
        var input = chunk
        if !pending.isEmpty {
            input = pending + chunk
            pending.removeAll()
        }
        let base = nextOffset
        var text = DecodedText()
        text.bytes.reserveCapacity(input.count + input.count / 2)
        var start = 0

        if atStartOfFile {
            if !isLast && CSVEncodingDetection.mayBeStartOfByteOrderMark(input) {
                hold(input, from: 0, base: base)
                return text
            }
            atStartOfFile = false
            if input.starts(with: CSVEncodingDetection.utf8ByteOrderMark) {
                start = CSVEncodingDetection.utf8ByteOrderMark.count
                try acceptByteOrderMark()
            }
        }

        if case .undecided = mode {
            guard let firstNonASCII = input[start...].firstIndex(where: { $0 >= 0x80 }) else {
                // ASCII reads the same in every candidate encoding: pass it on undecided.
                text.bytes.append(contentsOf: input[start...])
                nextOffset = base + input.count
                return finished(text)
            }
            if !isLast && input.count - firstNonASCII < CSVEncodingDetection.minimumSample {
                text.bytes.append(contentsOf: input[start..<firstNonASCII])
                hold(input, from: firstNonASCII, base: base)
                return finished(text)
            }
            let decision = input[firstNonASCII...].withUnsafeBufferPointer {
                CSVEncodingDetection.decide(sample: $0, isEndOfInput: isLast)
            }
            try adopt(decision, sample: (base + firstNonASCII)..<(base + input.count))
        }

        try input.withUnsafeBufferPointer { (buffer) throws(SourceError) in
            try convert(buffer, from: start, base: base, isLast: isLast, into: &text)
        }
        return finished(text)
    }

    private func hold(_ input: [UInt8], from index: Int, base: Int) {
        pending = Array(input[index...])
        nextOffset = base + index
    }

    private func acceptByteOrderMark() throws(SourceError) {
        switch configured {
        case .gb18030, .gbk:
            throw SourceError(
                .encoding,
                source: source,
                message: "the file starts with a UTF-8 byte-order mark but is configured as \(encodingName); it is UTF-8: set its encoding to utf-8 (or auto)"
            )
        case .auto:
            mode = .utf8(failsOnInvalid: false)
            encodingName = "UTF-8"
        case .utf8:
            break
        }
    }

    private func adopt(_ decision: CSVEncodingDetection.Decision, sample: Range<Int>) throws(SourceError) {
        switch decision {
        case .utf8:
            mode = .utf8(failsOnInvalid: true)
            encodingName = "UTF-8"
        case .gb18030:
            mode = .iconv(try Self.converter(from: "GB18030", source: source))
            encodingName = "GB18030"
        }
        detectionNote = "encoding auto chose \(encodingName) from bytes \(sample.lowerBound)–\(sample.upperBound - 1)"
    }

    /// Converts `buffer[start...]`, holding back an unfinished last character unless `isLast`.
    private func convert(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, base: Int, isLast: Bool, into text: inout DecodedText
    ) throws(SourceError) {
        var position = start
        while position < buffer.count {
            let rest = UnsafeBufferPointer(rebasing: buffer[position...])
            let consumed: Int
            let stop: IconvChunkConverter.Stop
            switch mode {
            case .iconv(let converter):
                (consumed, stop) = converter.convert(rest, appendingTo: &text.bytes)
            case .utf8, .undecided:
                let (length, validationStop) = UTF8Validation.validPrefix(of: rest)
                text.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: rest[..<length]))
                consumed = length
                stop = switch validationStop {
                case .endOfInput: .endOfInput
                case .invalidSequence: .invalidSequence
                case .incompleteSequence: .incompleteSequence
                }
            }
            position += consumed
            switch stop {
            case .endOfInput:
                position = buffer.count
            case .incompleteSequence where !isLast:
                pending = Array(buffer[position...])
                nextOffset = base + position
                return
            case .incompleteSequence:
                // The file ends inside a character: one marker for the unfinished bytes.
                text.appendUndecodable(atSourceOffset: base + position)
                position = buffer.count
            case .invalidSequence:
                if case .utf8(failsOnInvalid: true) = mode {
                    throw SourceError(
                        .encoding,
                        source: source,
                        message: "byte offset \(base + position) is not valid UTF-8, but \(detectionNote); the file mixes encodings or is GB18030: set its encoding to gb18030 (or utf-8 to set aside only the rows that do not decode)"
                    )
                }
                text.appendUndecodable(atSourceOffset: base + position)
                position += 1
            }
        }
        nextOffset = base + buffer.count
    }

    /// Drops U+FEFF at the very start of the decoded text (GB18030's byte-order mark).
    private func finished(_ text: DecodedText) -> DecodedText {
        guard atStartOfOutput, !text.bytes.isEmpty else { return text }
        atStartOfOutput = false
        guard text.bytes.starts(with: CSVEncodingDetection.utf8ByteOrderMark) else { return text }
        var trimmed = text
        trimmed.bytes.removeFirst(CSVEncodingDetection.utf8ByteOrderMark.count)
        return trimmed
    }

    private static func converter(from name: String, source: String) throws(SourceError) -> TableChunkConverter {
        guard let converter = TableChunkConverter(from: name) else {
            throw SourceError(.encodingUnsupported, source: source, message: "this system's iconv cannot decode \(name); install the glibc converter modules (gconv)")
        }
        return converter
    }
}
