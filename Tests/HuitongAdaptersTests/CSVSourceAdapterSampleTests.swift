import HuitongCore
import Testing
@testable import HuitongAdapters

/// The two real exports (contract sections 1 and 2), copied into `Tests/Fixtures/sources/`.
@Suite("CSV source adapter: sample exports")
struct CSVSourceAdapterSampleTests {
    static let shelterColumns = [
        "工程编号", "工程名称", "所属区县", "详细地址", "经度", "纬度", "建筑面积", "防护等级", "战时用途",
        "平时用途", "掩蔽人数", "停车位", "充电桩", "竣工时间", "维护单位", "统一社会信用代码", "状态", "更新时间",
    ]
    static let sirenColumns = ["警报器编号", "警报器名称", "所属区县", "经度", "纬度", "类型", "试鸣时间", "结果", "故障说明"]

    func shelters(_ encoding: CSVEncoding = .gb18030, chunkSize: Int = CSVConfiguration.defaultChunkSize) async throws -> CSVTesting.Reading {
        try await CSVTesting.read(CSVConfiguration(
            path: CSVTesting.sample("shelters.csv"), encoding: encoding, requiredColumns: Self.shelterColumns, chunkSize: chunkSize
        ))
    }

    @Test("the shelter registry export (GB18030, CRLF) reads as 314 records and nothing unreadable")
    func shelterCounts() async throws {
        let reading = try await shelters()
        #expect(reading.records.count == 314)
        #expect(reading.unreadable.isEmpty)
        #expect(reading.checkpoint == nil)
        #expect(reading.origins.first == RecordOrigin(file: "shelters.csv", line: 2))
        #expect(reading.origins.last == RecordOrigin(file: "shelters.csv", line: 320))
    }

    @Test("the first shelter row holds every column as written, in the configured order")
    func firstShelter() async throws {
        let first = try #require(try await shelters().records.first)
        #expect(first.line == 2)
        #expect(first.record.keys == Self.shelterColumns)
        let expected: [String] = [
            "320613-RF-0039", "任港路停车楼地下室人防工程", "崇川区", "南通市崇川区桃园路776号", "120.970823", "31.934518",
            "0.23万㎡", "核五级", "一等人员掩蔽所", "", "2601", "257个", "", "2005/12/19", "通州区人防设施管理站",
            "91320173L9C8WBFYXP", "在用", "2025-12-15 22:36:00",
        ]
        #expect(Self.shelterColumns.map { CSVTesting.string(first.record, $0) } == expected)
    }

    @Test("a shelter name with a quoted comma and doubled quotes is one field")
    func quotedName() async throws {
        let records = try await shelters().records
        let row = try #require(records.first { $0.line == 8 })
        #expect(CSVTesting.string(row.record, "工程编号") == "320685-RF-0215")
        #expect(CSVTesting.string(row.record, "工程名称") == "南通\"园林社区\",人民中路人防工程")
        #expect(CSVTesting.string(row.record, "建筑面积") == "10,691㎡")
    }

    @Test("rows with a quoted line break are at the line they start on, and later rows count both lines")
    func quotedLineBreaks() async throws {
        let records = try await shelters().records
        let multiLine = records.filter { CSVTesting.string($0.record, "详细地址")?.contains("\n") == true }
        #expect(multiLine.map(\.line) == [19, 77, 105, 191, 196])
        let row = try #require(records.first { $0.line == 19 })
        #expect(CSVTesting.string(row.record, "工程编号") == "  320623-RF-0053 ")
        #expect(CSVTesting.string(row.record, "详细地址") == "南通市钟秀路\n任港路停车楼旁")
        #expect(CSVTesting.string(row.record, "建筑面积") == "2,200㎡")
        let next = records.firstIndex { $0.line == 19 }.map { records[$0 + 1].line }
        #expect(next == 21)
    }

    @Test("the shelter export reads the same with auto detection and with tiny chunks")
    func shelterAutoAndChunks() async throws {
        let reference = try await shelters().records
        for reading in [try await shelters(.auto), try await shelters(.gb18030, chunkSize: 7)] {
            #expect(reading.records.map(\.line) == reference.map(\.line))
            #expect(reading.records.map(\.record) == reference.map(\.record))
        }
    }

    @Test("the siren test export (UTF-8 with a byte-order mark, LF) reads as 242 records")
    func sirens() async throws {
        let reading = try await CSVTesting.read(CSVConfiguration(
            path: CSVTesting.sample("siren-tests.csv"), encoding: .utf8, requiredColumns: Self.sirenColumns
        ))
        #expect(reading.records.count == 242)
        #expect(reading.unreadable.isEmpty)
        #expect(reading.origins.last == RecordOrigin(file: "siren-tests.csv", line: 243))
        let first = try #require(reading.records.first)
        #expect(first.line == 2)
        #expect(first.record.keys == Self.sirenColumns)
        #expect(Self.sirenColumns.map { CSVTesting.string(first.record, $0) } == [
            "JB-320614-014", "紫琅湖实验学校警报点", "海门区", "121.121836", "31.936848", "电声", "2026-09-18 10:01:00", "正常", "",
        ])
        let faults = reading.records.filter { CSVTesting.string($0.record, "结果") == "故障" }
        #expect(faults.count == 11)
        #expect(faults.first.map { CSVTesting.string($0.record, "故障说明") } == "无法远程启动")
        #expect(faults.first?.line == 11)
    }

    @Test("the siren export reads the same with auto detection and with all its columns unconfigured")
    func sirensAuto() async throws {
        let reading = try await CSVTesting.read(CSVConfiguration(path: CSVTesting.sample("siren-tests.csv"), chunkSize: 5))
        #expect(reading.records.count == 242)
        #expect(reading.records.first?.record.keys == Self.sirenColumns)
    }
}
