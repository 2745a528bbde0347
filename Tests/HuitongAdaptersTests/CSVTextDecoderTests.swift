import Testing
@testable import HuitongAdapters

/// Decoding chunk by chunk: split characters, byte-order marks, invalid bytes and `auto`.
@Suite("CSV text decoder")
struct CSVTextDecoderTests {
    /// All of `bytes` decoded in chunks of `chunkSize`, the chunks' text joined.
    func decode(_ bytes: [UInt8], as encoding: CSVEncoding, chunkSize: Int = 64 * 1024) throws(SourceError) -> DecodedText {
        let decoder = try CSVTextDecoder(encoding: encoding, source: "x.csv")
        var joined = DecodedText()
        var start = 0
        repeat {
            let end = min(start + chunkSize, bytes.count)
            let part = try decoder.decode(Array(bytes[start..<end]), isLast: false)
            joined.bytes += part.bytes
            joined.undecodableOffsets += part.undecodableOffsets
            start = end
        } while start < bytes.count
        let last = try decoder.decode([], isLast: true)
        joined.bytes += last.bytes
        joined.undecodableOffsets += last.undecodableOffsets
        return joined
    }

    func text(_ decoded: DecodedText) -> String {
        String(decoding: decoded.bytes, as: UTF8.self)
    }

    let chinese = "工程编号,名称\r\n320613-RF-0042,\"南通\"\"园林\"\",𠀀\"\r\n"

    @Test("a multi-byte character split across chunks is decoded whole, for every chunk size")
    func splitCharacters() throws {
        let gb18030 = CSVTesting.encoded(chinese, as: "GB18030")
        let utf8 = Array(chinese.utf8)
        #expect(gb18030.count > 0)
        for chunkSize in 1...9 {
            #expect(text(try decode(gb18030, as: .gb18030, chunkSize: chunkSize)) == chinese, "GB18030 in chunks of \(chunkSize)")
            #expect(text(try decode(utf8, as: .utf8, chunkSize: chunkSize)) == chinese, "UTF-8 in chunks of \(chunkSize)")
            #expect(text(try decode(gb18030, as: .auto, chunkSize: chunkSize)) == chinese, "auto GB18030 in chunks of \(chunkSize)")
        }
    }

    @Test("GBK text decodes with the GBK converter")
    func gbk() throws {
        let bytes = CSVTesting.encoded("防护等级,核6B级\n", as: "GBK")
        #expect(text(try decode(bytes, as: .gbk)) == "防护等级,核6B级\n")
    }

    @Test("an invalid byte becomes a marker with its file offset, and decoding goes on")
    func invalidByte() throws {
        let bytes = Array("a,".utf8) + [0xFF] + CSVTesting.encoded("南通\n", as: "GB18030")
        let decoded = try decode(bytes, as: .gb18030, chunkSize: 2)
        #expect(decoded.bytes == Array("a,".utf8) + [DecodedText.undecodableMarker] + Array("南通\n".utf8))
        #expect(decoded.undecodableOffsets == [2])
        let utf8 = try decode(Array("ab".utf8) + [0xC0, 0x80] + Array("c".utf8), as: .utf8)
        #expect(utf8.undecodableOffsets == [2, 3])
        #expect(text(utf8) == "ab\u{FFFD}\u{FFFD}c")
    }

    @Test("a file that ends inside a character gets one marker where the character starts")
    func truncatedCharacter() throws {
        let bytes = Array("ab".utf8) + Array(CSVTesting.encoded("南", as: "GB18030").prefix(1))
        #expect(try decode(bytes, as: .gb18030, chunkSize: 1).undecodableOffsets == [2])
        #expect(try decode(Array("ab".utf8) + [0xE5, 0x8D], as: .utf8).undecodableOffsets == [2])
    }

    @Test("a UTF-8 byte-order mark is dropped, even when split across chunks")
    func byteOrderMark() throws {
        let bytes = CSVEncodingDetection.utf8ByteOrderMark + Array("名称\n".utf8)
        for chunkSize in 1...4 {
            #expect(text(try decode(bytes, as: .utf8, chunkSize: chunkSize)) == "名称\n")
            #expect(text(try decode(bytes, as: .auto, chunkSize: chunkSize)) == "名称\n")
        }
    }

    @Test("GB18030's own byte-order mark is dropped too")
    func gb18030ByteOrderMark() throws {
        let bytes: [UInt8] = [0x84, 0x31, 0x95, 0x33] + CSVTesting.encoded("名称\n", as: "GB18030")
        #expect(text(try decode(bytes, as: .gb18030, chunkSize: 3)) == "名称\n")
    }

    @Test("a UTF-8 byte-order mark on a file configured as GB18030 is an error saying to use utf-8")
    func byteOrderMarkOnGB18030() {
        let error = #expect(throws: SourceError.self) {
            try decode(CSVEncodingDetection.utf8ByteOrderMark + Array("a\n".utf8), as: .gb18030)
        }
        #expect(error?.code == .encoding)
        #expect(error?.message.contains("set its encoding to utf-8") == true)
    }

    @Test("auto reads UTF-8, GB18030 and GBK files without being told")
    func autoDetection() throws {
        let ascii = String(repeating: "id,name\n", count: 20)
        #expect(text(try decode(Array((ascii + chinese).utf8), as: .auto, chunkSize: 16)) == ascii + chinese)
        #expect(text(try decode(CSVTesting.encoded(ascii + chinese, as: "GB18030"), as: .auto, chunkSize: 16)) == ascii + chinese)
        let gbkText = ascii + "工程编号,防护等级\r\n核6B级,一等人员掩蔽所\r\n"
        #expect(text(try decode(CSVTesting.encoded(gbkText, as: "GBK"), as: .auto)) == gbkText)
        #expect(text(try decode(Array(ascii.utf8), as: .auto)) == ascii)
    }

    @Test("auto detection decides on a sample of at least a kilobyte, not on the first non-ASCII bytes")
    func detectionSample() throws {
        // "通住址" in GB18030 is CD A8 D7 A1 D6 B7, which is also valid UTF-8 ("ͨסַ").
        let text = "通住址" + String(repeating: "人防", count: 300)
        let bytes = CSVTesting.encoded(text, as: "GB18030")
        #expect(Array(bytes.prefix(6)) == [0xCD, 0xA8, 0xD7, 0xA1, 0xD6, 0xB7])
        #expect(self.text(try decode(bytes, as: .auto, chunkSize: 2)) == text)
    }

    @Test("when auto chose UTF-8 from a valid sample, a later invalid byte fails the source with its offset")
    func lateInvalidByteAfterAutoUTF8() {
        let start = Array(String(repeating: "名称,", count: 400).utf8)
        let bytes = start + [0xB9, 0xA4, 0x0A]
        let error = #expect(throws: SourceError.self) {
            try decode(bytes, as: .auto, chunkSize: 2048)
        }
        #expect(error?.code == .encoding)
        #expect(error?.message.hasPrefix("byte offset \(start.count) is not valid UTF-8, but encoding auto chose UTF-8 from bytes 0–2047") == true)
        #expect(error?.message.contains("set its encoding to gb18030") == true)
    }

    @Test("with utf-8 configured, a late invalid byte is only a marker")
    func lateInvalidByteWithUTF8() throws {
        let start = Array(String(repeating: "名称,", count: 400).utf8)
        #expect(try decode(start + [0xB9, 0x0A], as: .utf8, chunkSize: 2048).undecodableOffsets == [start.count])
    }

    @Test("UTF-8 validation follows RFC 3629: no overlongs, surrogates or code points above U+10FFFF")
    func utf8Validation() {
        func stop(_ bytes: [UInt8]) -> UTF8Validation.Stop {
            bytes.withUnsafeBufferPointer { UTF8Validation.validPrefix(of: $0).stop }
        }
        #expect(stop(Array("a名𠀀".utf8)) == .endOfInput)
        #expect(stop([0xC0, 0x80]) == .invalidSequence)
        #expect(stop([0xED, 0xA0, 0x80]) == .invalidSequence)
        #expect(stop([0xF4, 0x90, 0x80, 0x80]) == .invalidSequence)
        #expect(stop([0xF4, 0x8F, 0xBF, 0xBF]) == .endOfInput)
        #expect(stop([0xE5, 0x90]) == .incompleteSequence)
        #expect(stop([0xE5, 0x41]) == .invalidSequence)
        #expect([0x41, 0xE5, 0x90].withUnsafeBufferPointer { UTF8Validation.validPrefix(of: $0).length } == 1)
    }
}
