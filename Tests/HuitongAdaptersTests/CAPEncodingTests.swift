import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

@Suite("CAP reader: character encodings")
struct CAPEncodingTests {
    private static let chinese = "<info><event>暴雨橙色预警</event><area><areaDesc>南通市</areaDesc></area></info>"

    private func alert(declaring encoding: String?) -> String {
        let text = CAPFixtures.alert(info: Self.chinese)
        guard let encoding else { return text.replacingOccurrences(of: " encoding=\"UTF-8\"", with: "") }
        return text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"\(encoding)\"")
    }

    private func encode(_ text: String, as name: String) throws -> [UInt8] {
        try CAPTestEncoder.encode(text, to: name)
    }

    @Test("GB18030 and GB2312 files that declare their encoding are decoded", arguments: ["GB18030", "GB2312", "gbk"])
    func chineseEncodings(name: String) throws {
        let bytes = try encode(alert(declaring: name), as: name)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let record = try CAPFixtures.read(bytes).get()
        #expect(record["event"] == "暴雨橙色预警")
    }

    @Test("UTF-16 with a byte-order mark, in either byte order, is decoded", arguments: ["UTF-16LE", "UTF-16BE"])
    func utf16(name: String) throws {
        let bom: [UInt8] = name == "UTF-16LE" ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let bytes = bom + (try encode(alert(declaring: "UTF-16"), as: name))
        let record = try CAPFixtures.read(bytes).get()
        #expect(record["areaDesc"] == "南通市")
    }

    @Test("UTF-8 with a byte-order mark and no declaration is read")
    func utf8ByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(alert(declaring: nil).utf8)
        #expect(try CAPFixtures.read(bytes).get()["event"] == "暴雨橙色预警")
    }

    @Test("GBK bytes without a declaration are not UTF-8: set aside with the place and a hint")
    func undeclaredGBK() throws {
        let bytes = try encode(alert(declaring: nil), as: "GBK")
        guard case .failure(.encoding(let message)) = CAPFixtures.read(bytes) else {
            Issue.record("undeclared GBK was read")
            return
        }
        #expect(message.hasPrefix("the bytes at line 2, byte offset "))
        #expect(message.hasSuffix("are not valid UTF-8; a file in another encoding must name it in its XML declaration, "
            + "e.g. <?xml version=\"1.0\" encoding=\"GB18030\"?>"))
    }

    @Test("a declared encoding the bytes do not follow is set aside with the offset")
    func invalidForDeclaredEncoding() {
        let bytes = Array(alert(declaring: "US-ASCII").utf8)
        guard case .failure(.encoding(let message)) = CAPFixtures.read(bytes) else {
            Issue.record("UTF-8 bytes were read as ASCII")
            return
        }
        #expect(message.hasPrefix("the bytes at line 2, byte offset "))
        #expect(message.hasSuffix(" are not valid US-ASCII"))
    }

    @Test("an unknown encoding name is set aside, naming it")
    func unknownEncoding() {
        #expect(CAPFixtures.read(alert(declaring: "KLINGON-8"))
            == .failure(.encoding("\"KLINGON-8\" is not an encoding this system can decode")))
    }

    @Test("an encoding name that is not an XML EncName (an iconv suffix) is refused")
    func encodingNameWithSuffix() {
        #expect(CAPFixtures.read(alert(declaring: "UTF-8//IGNORE"))
            == .failure(.malformedDeclaration("\"UTF-8//IGNORE\" is not an encoding name")))
    }

    @Test("a file that declares UTF-16 but is written in single bytes is refused")
    func declaredUTF16InSingleBytes() {
        guard case .failure(.encoding(let message)) = CAPFixtures.read(alert(declaring: "UTF-16")) else {
            Issue.record("a mislabelled file was read")
            return
        }
        #expect(message.hasPrefix("the file declares \"UTF-16\" but is not written in it"))
    }

    @Test("a UTF-8 byte-order mark with another declared encoding is refused")
    func byteOrderMarkContradicted() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(alert(declaring: "ISO-8859-1").utf8)
        #expect(CAPFixtures.read(bytes)
            == .failure(.encoding("the file starts with a UTF-8 byte-order mark but declares \"ISO-8859-1\"")))
    }

    @Test("an XML declaration without its closing ?> is refused")
    func unclosedDeclaration() {
        #expect(CAPFixtures.read("<?xml version=\"1.0\" encoding=\"UTF-8\"")
            == .failure(.malformedDeclaration("it has no closing ?> (the file may be cut short)")))
    }

    @Test("declarations written with single quotes and spaces around = are read")
    func declarationSpelling() throws {
        let text = alert(declaring: nil).replacingOccurrences(
            of: "<?xml version=\"1.0\"?>", with: "<?xml version = '1.0' encoding = 'ISO-8859-1' standalone = 'yes'?>"
        )
        let bytes = try encode(text, as: "UTF-8")
        // UTF-8 Chinese read as Latin-1 is mojibake, but it decodes: this is only about the declaration.
        #expect(try CAPFixtures.read(bytes).get()["identifier"] == "T-1")
    }
}

/// Encodes test text with iconv (the reverse direction of ``IconvConverter``).
enum CAPTestEncoder {
    struct Failure: Error {}

    static func encode(_ text: String, to name: String) throws -> [UInt8] {
        let descriptor = iconv_open(name, "UTF-8")
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { throw Failure() }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let written = input.withUnsafeMutableBytes { inputBytes in
            output.withUnsafeMutableBytes { outputBytes in
                var inputPointer = inputBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inputLeft = inputBytes.count
                var outputPointer = outputBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outputLeft = outputBytes.count
                let status = iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                return status == -1 ? -1 : outputBytes.count - outputLeft
            }
        }
        guard written >= 0 else { throw Failure() }
        return Array(output[..<written])
    }
}
