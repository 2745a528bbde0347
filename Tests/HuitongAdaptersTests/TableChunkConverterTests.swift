import HuitongCore
import Testing
@testable import HuitongAdapters

/// The tabled converter against iconv itself: the same bytes out, the same stops, on valid
/// text and on every kind of damage.
@Suite("Tabled GB18030 and GBK decoding")
struct TableChunkConverterTests {
    /// Converts `input` as the CSV decoder drives a converter: on an invalid sequence, a marker
    /// and one byte skipped; at an unfinished one, stop.
    private func stream(_ input: [UInt8], _ convert: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> (Int, IconvChunkConverter.Stop)) -> (output: [UInt8], stops: [String]) {
        var output: [UInt8] = []
        var stops: [String] = []
        var position = 0
        input.withUnsafeBufferPointer { buffer in
            while position < buffer.count {
                let (consumed, stop) = convert(UnsafeBufferPointer(rebasing: buffer[position...]), &output)
                position += consumed
                stops.append("\(stop)@\(position)")
                switch stop {
                case .endOfInput: position = buffer.count
                case .invalidSequence:
                    output.append(DecodedText.undecodableMarker)
                    position += 1
                case .incompleteSequence: return
                }
            }
        }
        return (output, stops)
    }

    /// Random text of ASCII, Chinese, rarer characters (four bytes in GB18030), the encodings'
    /// byte-order mark and lone and random bytes.
    private func sample(_ random: inout SeededRandom, encoding: String) -> [UInt8] {
        let pieces = ["工程编号", "南通市崇川区", ",\"\r\n", "320613-RF-0042", "𠀀", "€", "\u{3000}", "ｸ", "㎡", "\u{FEFF}", "é"]
        var bytes: [UInt8] = []
        for _ in 0..<40 {
            switch random.next() % 4 {
            case 0: bytes.append(UInt8(truncatingIfNeeded: random.next()))
            case 1: bytes += [0x81 + UInt8(random.next() % 126), UInt8(truncatingIfNeeded: random.next())]
            case 2: bytes += [0x81 + UInt8(random.next() % 126), 0x30 + UInt8(random.next() % 10), UInt8(truncatingIfNeeded: random.next()), 0x30 + UInt8(random.next() % 10)]
            default: bytes += CSVTesting.encoded(pieces[Int(random.next() % UInt64(pieces.count))], as: encoding)
            }
        }
        return bytes
    }

    @Test("gives iconv's bytes and stops on random input, whole and cut anywhere", arguments: ["GB18030", "GBK"])
    func sameAsIconv(encoding: String) throws {
        var random = SeededRandom(seed: 18030)
        for _ in 0..<300 {
            let input = sample(&random, encoding: encoding)
            for end in [input.count, Int(random.next() % UInt64(input.count + 1))] {
                let part = Array(input[..<end])
                let table = try #require(TableChunkConverter(from: encoding))
                let iconv = try #require(IconvChunkConverter(from: encoding))
                let tabled = stream(part) { table.convert($0, appendingTo: &$1) }
                let reference = stream(part) { iconv.convert($0, appendingTo: &$1) }
                #expect(tabled.output == reference.output, "\(part)")
                #expect(tabled.stops.last == reference.stops.last, "\(part)")
            }
        }
    }

    @Test("decodes every two-byte GB18030 character as iconv does")
    func everyPair() throws {
        var input: [UInt8] = []
        for lead in 0x81...0xFE {
            for second in 0x40...0xFE where second != 0x7F { input += [UInt8(lead), UInt8(second)] }
        }
        let table = try #require(TableChunkConverter(from: "GB18030"))
        let iconv = try #require(IconvChunkConverter(from: "GB18030"))
        #expect(stream(input) { table.convert($0, appendingTo: &$1) }.output == stream(input) { iconv.convert($0, appendingTo: &$1) }.output)
    }
}
