import HuitongCore
import Testing
@testable import HuitongAdapters

/// The adapter on generated files: encodings, column layouts, awkward rows and errors.
@Suite("CSV source adapter")
struct CSVSourceAdapterTests {
    /// A registry export with its columns shuffled, an extra column (备注), a quoted comma,
    /// doubled quotes and a quoted line break, as CRLF text.
    static let shuffledExport = """
        备注,状态,工程名称, 工程编号 ,详细地址\r
        无,在用,"南通""园林社区"",人民中路人防工程",320685-RF-0215,"南通市钟秀路\r
        任港路停车楼旁"\r
        ,停用,崇川区人防指挥所, 320613-RF-0001 ,南通市崇川区\r

        """
    static let shuffledColumns = ["工程编号", "工程名称", "详细地址", "状态"]

    func read(_ bytes: [UInt8], _ encoding: CSVEncoding, required: [String] = [], chunkSize: Int = 64 * 1024) async throws -> CSVTesting.Reading {
        let path = try CSVTesting.file(bytes)
        defer { CSVTesting.remove(path) }
        return try await CSVTesting.read(CSVConfiguration(path: path, encoding: encoding, requiredColumns: required, chunkSize: chunkSize))
    }

    func error(_ bytes: [UInt8], _ configuration: (String) -> CSVConfiguration) async throws -> SourceError? {
        let path = try CSVTesting.file(bytes)
        defer { CSVTesting.remove(path) }
        return await CSVTesting.readError(configuration(path))
    }

    func expectShuffledExport(_ reading: CSVTesting.Reading) {
        #expect(reading.unreadable.isEmpty)
        #expect(reading.records.map(\.line) == [2, 4])
        #expect(reading.records.map(\.record) == [
            ["工程编号": "320685-RF-0215", "工程名称": "南通\"园林社区\",人民中路人防工程", "详细地址": "南通市钟秀路\r\n任港路停车楼旁", "状态": "在用"],
            ["工程编号": " 320613-RF-0001 ", "工程名称": "崇川区人防指挥所", "详细地址": "南通市崇川区", "状态": "停用"],
        ])
        #expect(reading.records.first?.record.keys == Self.shuffledColumns)
    }

    @Test("a GBK export with shuffled columns, an extra column and a quoted line break reads by header name")
    func gbkShuffled() async throws {
        let bytes = CSVTesting.encoded(Self.shuffledExport, as: "GBK")
        #expect(!bytes.isEmpty)
        expectShuffledExport(try await read(bytes, .gbk, required: Self.shuffledColumns))
    }

    @Test("a character split across the read boundary reads the same for every chunk size")
    func splitAcrossChunks() async throws {
        let bytes = CSVTesting.encoded(Self.shuffledExport, as: "GBK")
        for chunkSize in 1...6 {
            expectShuffledExport(try await read(bytes, .gbk, required: Self.shuffledColumns, chunkSize: chunkSize))
        }
    }

    @Test("a UTF-8 export with a byte-order mark reads, the mark not part of the first column's name")
    func utf8WithByteOrderMark() async throws {
        let bytes = CSVEncodingDetection.utf8ByteOrderMark + Array(Self.shuffledExport.utf8)
        expectShuffledExport(try await read(bytes, .utf8, required: Self.shuffledColumns))
        let all = try await read(bytes, .utf8)
        #expect(all.records.first?.record.keys == ["备注", "状态", "工程名称", "工程编号", "详细地址"])
    }

    @Test("auto reads UTF-8, UTF-8 with a byte-order mark, GB18030 and GBK exports alike")
    func autoForEachEncoding() async throws {
        let variants: [(String, [UInt8])] = [
            ("UTF-8", Array(Self.shuffledExport.utf8)),
            ("UTF-8 with BOM", CSVEncodingDetection.utf8ByteOrderMark + Array(Self.shuffledExport.utf8)),
            ("GB18030", CSVTesting.encoded(Self.shuffledExport, as: "GB18030")),
            ("GBK", CSVTesting.encoded(Self.shuffledExport, as: "GBK")),
        ]
        for (name, bytes) in variants {
            #expect(!bytes.isEmpty, "\(name)")
            expectShuffledExport(try await read(bytes, .auto, required: Self.shuffledColumns))
        }
    }

    @Test("rows with too few or too many fields, or broken quoting, are set aside at their physical line")
    func awkwardRows() async throws {
        let text = "a,b,c\n1,2,3\n\"x\ny\",2\n\n1,2,3,4\n\"q\"w,2,3\n4,5,6\n"
        let reading = try await read(Array(text.utf8), .utf8)
        #expect(reading.records.map(\.line) == [2, 8])
        #expect(reading.unreadable.map(\.line) == [3, 6, 7])
        let reasons = reading.unreadable.map(\.reason)
        #expect(reasons[0].hasPrefix("too few fields: 2 found, the header has 3 (the row spans lines 3–4)"))
        #expect(reasons[1].hasPrefix("too many fields: 4 found, the header has 3"))
        #expect(reasons[2].hasPrefix("field 1 has text after its closing quote on line 7"))
        #expect(reading.result == .complete(), "bad rows inside a file read to its end leave the read complete")
    }

    @Test("an invalid byte sets aside only its row, with the file offset, and the rest is read")
    func invalidByte() async throws {
        let header = CSVTesting.encoded("编号,名称\r\n", as: "GB18030")
        let bad = Array("2,".utf8) + [0x81, 0x22] + CSVTesting.encoded("南通\r\n", as: "GB18030")
        let good = CSVTesting.encoded("3,崇川\r\n", as: "GB18030")
        let reading = try await read(header + bad + good, .gb18030, chunkSize: 3)
        #expect(reading.records.map(\.line) == [3])
        #expect(reading.unreadable.map(\.line) == [2])
        #expect(reading.unreadable.first?.reason.hasPrefix("the byte at file offset \(header.count + 2) is not valid GB18030") == true)
    }

    @Test("a missing required column fails the source, naming the missing and the found columns")
    func missingColumn() async throws {
        let error = try await error(Array(Self.shuffledExport.utf8)) {
            CSVConfiguration(path: $0, requiredColumns: ["工程编号", "所属区县", "状态", "更新时间"])
        }
        #expect(error?.message.contains("lacks the required columns 所属区县, 更新时间") == true)
        #expect(error?.message.contains("it has: 备注, 状态, 工程名称, 工程编号, 详细地址") == true)
    }

    @Test("a header naming a column twice fails the source")
    func duplicateHeader() async throws {
        let error = try await error(Array("a,b,a\n1,2,3\n".utf8)) { CSVConfiguration(path: $0) }
        #expect(error?.code == .duplicateColumn)
    }

    @Test("an empty file, a missing file and a bad delimiter fail the source with the path")
    func sourceErrors() async throws {
        let empty = try await error(Array("\r\n\n".utf8)) { CSVConfiguration(path: $0) }
        #expect(empty?.code == .missingHeader)
        let missing = await CSVTesting.readError(CSVConfiguration(path: "/nonexistent/shelters.csv"))
        #expect(missing?.source == "/nonexistent/shelters.csv")
        #expect(missing?.code == .unreadable)
        let delimiter = try await error(Array("a\n".utf8)) { CSVConfiguration(path: $0, delimiter: "\"") }
        #expect(delimiter?.code == .configuration)
        let twice = try await error(Array("a\n".utf8)) { CSVConfiguration(path: $0, requiredColumns: ["a", "a"]) }
        #expect(twice?.code == .configuration)
    }

    @Test("a header alone gives no items, and the checkpoint is ignored and nil")
    func headerOnly() async throws {
        let reading = try await read(Array("a,b".utf8), .auto)
        #expect(reading.items.isEmpty)
        #expect(reading.batches.isEmpty)
        #expect(reading.checkpoint == nil)
    }

    @Test("a semicolon-delimited export reads with the delimiter configured")
    func semicolons() async throws {
        let path = try CSVTesting.file("id;name\n1;\"a;b\"\n")
        defer { CSVTesting.remove(path) }
        let reading = try await CSVTesting.read(CSVConfiguration(path: path, delimiter: ";"))
        #expect(reading.records.map(\.record) == [["id": "1", "name": "a;b"]])
    }

    @Test("origins name the file, not the directory it was read from")
    func originFileName() {
        #expect(CSVSourceAdapter.fileName(of: "/srv/exports/shelters.csv") == "shelters.csv")
        #expect(CSVSourceAdapter.fileName(of: "shelters.csv") == "shelters.csv")
    }
}
