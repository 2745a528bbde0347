/// What glibc's iconv makes of every one- and two-byte sequence of a Chinese double-byte
/// encoding (GB18030, GBK), learned from iconv itself, so that ``TableChunkConverter`` can
/// decode the common characters with a table look-up instead of an iconv call.
///
/// The table is iconv's own answer, sequence by sequence, so decoding through it gives the
/// bytes iconv would give; what it does not hold (four-byte GB18030 sequences, invalid or
/// unfinished ones) is still handed to iconv. It is built once per process and encoding,
/// from about 32,000 one-sequence conversions (a few milliseconds).
final class DoubleByteTable: Sendable {
    /// For each byte: its UTF-8 when iconv converts it alone (ASCII), packed as in ``pairs``.
    private let singles: [UInt32]
    /// For each lead byte 0x81–0xFE and any second byte, at `(lead - 0x81) * 256 + second`:
    /// the UTF-8 iconv gives for the pair, up to 3 bytes in the low bytes, its length in the top
    /// byte; 0 when iconv does not convert the pair to at most 3 bytes.
    private let pairs: [UInt32]
    /// Whether every byte below 0x80 is itself (ASCII), so runs of them are copied as they are.
    let asciiIsIdentity: Bool

    /// The table of `encoding` (an iconv name), or nil when iconv does not know it.
    init?(encoding: String) {
        guard let converter = IconvChunkConverter(from: encoding) else { return nil }
        var output: [UInt8] = []
        func packed(_ sequence: [UInt8]) -> UInt32 {
            output.removeAll(keepingCapacity: true)
            let (consumed, stop) = sequence.withUnsafeBufferPointer { converter.convert($0, appendingTo: &output) }
            guard stop == .endOfInput, consumed == sequence.count, (1...3).contains(output.count) else { return 0 }
            var entry = UInt32(output.count) << 24
            for (index, byte) in output.enumerated() { entry |= UInt32(byte) << (8 * UInt32(index)) }
            return entry
        }
        // A lead byte is always looked up as the start of a pair (or left to iconv).
        let singles = (0...255).map { (0x81...0xFE).contains($0) ? 0 : packed([UInt8($0)]) }
        self.singles = singles
        var pairs = [UInt32](repeating: 0, count: 126 * 256)
        for lead in 0x81...0xFE {
            for second in 0...255 {
                pairs[(lead - 0x81) * 256 + second] = packed([UInt8(lead), UInt8(second)])
            }
        }
        self.pairs = pairs
        asciiIsIdentity = (0..<0x80).allSatisfy { singles[$0] == 1 << 24 | UInt32($0) }
    }

    /// The packed UTF-8 of the single byte `byte`, or 0.
    @inline(__always)
    func single(_ byte: UInt8) -> UInt32 {
        singles.withUnsafeBufferPointer { $0[Int(byte)] }
    }

    /// The packed UTF-8 of the pair `lead`, `second`, or 0.
    @inline(__always)
    func pair(_ lead: UInt8, _ second: UInt8) -> UInt32 {
        guard lead >= 0x81, lead <= 0xFE else { return 0 }
        return pairs.withUnsafeBufferPointer { $0[(Int(lead) - 0x81) << 8 | Int(second)] }
    }

    /// GB18030, made at first use.
    static let gb18030 = DoubleByteTable(encoding: "GB18030")
    /// GBK, made at first use.
    static let gbk = DoubleByteTable(encoding: "GBK")
}
