/// Converts GB18030 or GBK to UTF-8 chunk by chunk as ``IconvChunkConverter`` does, with the
/// same results and the same stops, but through a ``DoubleByteTable`` for the sequences iconv
/// converts one by one to at most three bytes (ASCII and the two-byte characters, which is
/// nearly all Chinese text) and through iconv, one sequence at a time, for the rest.
///
/// iconv per chunk costs a call through glibc's converter module and an internal UCS-4 step
/// per character; the table costs a load. The encodings are stateless, so a sequence converts
/// the same alone as amid others, and a sequence the table does not hold — a four-byte GB18030
/// character, an invalid byte, a character cut by the chunk's end — is converted, refused or
/// left for the next chunk by iconv exactly as in a whole-chunk conversion.
final class TableChunkConverter {
    private let table: DoubleByteTable
    private let iconv: IconvChunkConverter
    /// Whether the encoding has GB18030's four-byte sequences (a second byte 0x30–0x39).
    private let hasFourByteSequences: Bool
    private let scratch: UnsafeMutablePointer<UInt8>
    private static let scratchSize = 16 * 1024

    /// A converter from `encoding` (`GB18030` or `GBK`), or nil when iconv does not know it.
    init?(from encoding: String) {
        let table: DoubleByteTable?
        switch encoding {
        case "GB18030": table = DoubleByteTable.gb18030
        case "GBK": table = DoubleByteTable.gbk
        default: table = nil
        }
        guard let table, let iconv = IconvChunkConverter(from: encoding) else { return nil }
        self.table = table
        self.iconv = iconv
        hasFourByteSequences = encoding == "GB18030"
        scratch = .allocate(capacity: Self.scratchSize)
    }

    deinit {
        scratch.deallocate()
    }

    /// Converts `input` from its start, appending the result to `output`, as
    /// ``IconvChunkConverter/convert(_:appendingTo:)`` does.
    func convert(_ input: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) -> (consumed: Int, stop: IconvChunkConverter.Stop) {
        var position = 0
        var staged = 0
        defer { output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: staged)) }
        while position < input.count {
            // Room for the longest table entry; the iconv path appends to `output` itself.
            if staged > Self.scratchSize - 4 {
                output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: staged))
                staged = 0
            }
            let byte = input[position]
            if byte < 0x80 && table.asciiIsIdentity {
                scratch[staged] = byte
                staged += 1
                position += 1
                continue
            }
            var entry = table.single(byte)
            var length = 1
            if entry == 0, position + 1 < input.count {
                entry = table.pair(byte, input[position + 1])
                length = 2
            }
            if entry != 0 {
                scratch[staged] = UInt8(truncatingIfNeeded: entry)
                scratch[staged + 1] = UInt8(truncatingIfNeeded: entry >> 8)
                scratch[staged + 2] = UInt8(truncatingIfNeeded: entry >> 16)
                staged += Int(entry >> 24)
                position += length
                continue
            }
            // One sequence for iconv: what comes before it must be in `output` first.
            output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: staged))
            staged = 0
            let sequence = sequenceLength(in: input, at: position)
            let available = min(sequence, input.count - position)
            let (consumed, stop) = iconv.convert(UnsafeBufferPointer(rebasing: input[position..<(position + available)]), appendingTo: &output)
            switch stop {
            case .endOfInput where consumed == available:
                position += consumed
            case .incompleteSequence where available == sequence:
                // The sequence is longer than its bytes say: let iconv take the rest as a whole.
                let rest = iconv.convert(UnsafeBufferPointer(rebasing: input[(position + consumed)...]), appendingTo: &output)
                return (position + consumed + rest.consumed, rest.stop)
            case .endOfInput, .incompleteSequence, .invalidSequence:
                return (position + consumed, stop == .endOfInput ? .incompleteSequence : stop)
            }
        }
        return (position, .endOfInput)
    }

    /// How many bytes the sequence starting at `position` has, by its first two bytes.
    private func sequenceLength(in input: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        let lead = input[position]
        guard lead >= 0x81, lead <= 0xFE else { return 1 }
        if hasFourByteSequences, position + 1 < input.count, (0x30...0x39).contains(input[position + 1]) { return 4 }
        return 2
    }
}
