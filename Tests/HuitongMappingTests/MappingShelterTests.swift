import HuitongCore
import Testing
@testable import HuitongMapping

/// The shipped shelter-registry mapping (mappings/sources/shelter-registry.yaml) on
/// hand-written registry rows, one test per rule of the mapping agreement's shelter table.
@Suite("Mapping: the shelter registry")
struct MappingShelterTests {
    static func record(_ changes: KeyValuePairs<String, Value?> = [:]) throws -> OrderedObject {
        try ShelterRegistry.map(ShelterRegistry.row(changes)).record()
    }

    static func reasons(_ changes: KeyValuePairs<String, Value?>) throws -> [MappingIssue] {
        try ShelterRegistry.map(ShelterRegistry.row(changes)).reasons()
    }

    @Test("the shipped mapping compiles against the real schema")
    func compiles() throws {
        let mapping = try ShelterRegistry.mapping.get()
        #expect(mapping.name == "shelter-registry")
        #expect(mapping.output.name == "shelter")
        #expect(mapping.deduplication?.key == ["id"])
    }

    @Test("a good row maps to every shelter parameter, in the schema's order")
    func goodRow() throws {
        var record = try Self.record()
        let parameters = try MappingTestSupport.realSchema.get().entity(named: "shelter")?.parameters.map(\.name)
        #expect(record.keys == parameters)
        let location = record.removeValue(forKey: "location")
        #expect(ReferenceDatum.isPoint(location, near: ReferenceDatum.wgs84(fromBD09: 120.9035, 31.9862)))
        #expect(record == [
            "id": "320613-RF-0042", "name": "濠河人防工程", "district": "320613", "address": "南通市崇川区濠河路1号",
            "floor_area": 3315.5, "protection_class": "H6", "wartime_function": "PERSONNEL_2", "peacetime_use": "PARKING",
            "capacity": 1200, "parking_spaces": 86, "charging_piles": 12, "completion_date": "2019-07-01",
            "maintainer": "南通市人防办", "maintainer_credit_code": "91350100M000100Y43", "status": "IN_USE",
            "updated_at": "2026-11-28T09:30:00+08:00",
        ])
        #expect(try ShelterRegistry.map(ShelterRegistry.row).warnings.isEmpty)
    }

    // MARK: id, name, district

    @Test("a row without 工程编号 or 工程名称 is set aside")
    func idAndNameRequired() throws {
        #expect(try Self.reasons(["工程编号": nil]).map(\.field) == ["id"])
        #expect(try Self.reasons(["工程名称": "\u{3000}"]).map { "\($0.field) \($0.rule)" } == ["name required"])
    }

    @Test("district names and legacy names become current codes: 港闸区 → 320613, 海门市 → 320614")
    func districts() throws {
        #expect(try Self.record(["所属区县": "港闸区"])["district"] == "320613")
        #expect(try Self.record(["所属区县": "海门市"])["district"] == "320614")
        #expect(try Self.record(["所属区县": "海安市"])["district"] == "320685")
    }

    @Test("any other district is rejected and counted as unknown")
    func unknownDistrict() throws {
        var run = MappingTestSupport.run()
        let outcome = try ShelterRegistry.mapping.get().map(ShelterRegistry.row(["所属区县": "南京市"]), run: &run)
        #expect(try outcome.reasons() == [
            MappingIssue(field: "district", value: "南京市", rule: "lookup district", message: #"unknown value "南京市" in code table district"#),
        ])
        #expect(run.unknownValues == ["district": ["南京市": 1]])
    }

    // MARK: location

    @Test("BD-09 coordinates become WGS-84 within 1e-6 of an independent computation")
    func location() throws {
        let location = try Self.record(["经度": "120.8633", "纬度": "32.0147"])["location"]
        #expect(ReferenceDatum.isPoint(location, near: ReferenceDatum.wgs84(fromBD09: 120.8633, 32.0147)))
        // Not merely unconverted: BD-09 and WGS-84 differ by about 0.01° here.
        #expect(!ReferenceDatum.isPoint(location, near: (120.8633, 32.0147), tolerance: 1e-3))
    }

    @Test("an absent or non-numeric coordinate is rejected")
    func badCoordinates() throws {
        #expect(try Self.reasons(["经度": nil]).map(\.rule) == ["point"])
        #expect(try Self.reasons(["经度": nil, "纬度": ""]).map { "\($0.field) \($0.rule)" } == ["location required"])
        let notANumber = try Self.reasons(["纬度": "北纬32度"])
        #expect(notANumber.map(\.rule) == ["number"])
        #expect(notANumber.map(\.value) == ["120.9035,北纬32度"])
    }

    // MARK: floor area

    @Test("floor area: separators and units removed, 万 units multiply by 10,000",
          arguments: [("3,315.5㎡", 3315.5), ("0.33万㎡", 3300.0), ("1200平方米", 1200.0), ("86.5 m²", 86.5), ("1.2万平方米", 12000.0), ("520", 520.0)])
    func floorArea(text: String, expected: Double) throws {
        #expect(try Self.record(["建筑面积": .string(text)])["floor_area"] == .double(expected))
    }

    @Test("floor area is rounded to 2 decimals, half away from zero")
    func floorAreaRounded() throws {
        #expect(try Self.record(["建筑面积": "100.125㎡"])["floor_area"] == 100.13)
    }

    @Test("an unparsable floor area or one of 0 or less is rejected")
    func badFloorArea() throws {
        #expect(try Self.reasons(["建筑面积": "约3000㎡"]).map(\.rule) == ["number"])
        #expect(try Self.reasons(["建筑面积": "12亩"]).map(\.message) == [#"unknown unit "亩" (known: 万平方米, 平方米, 万㎡, ㎡, m²)"#])
        #expect(try Self.reasons(["建筑面积": "0㎡"]).map { "\($0.rule): \($0.message)" } == ["range: 0 is not above 0"])
        #expect(try Self.reasons(["建筑面积": "-5"]).map(\.rule) == ["range"])
    }

    // MARK: codes

    @Test("protection classes: every spelling of the agreement gives its code", arguments: [
        ("核5级", "H5"), ("核五级", "H5"), ("核6级", "H6"), ("核六级", "H6"), ("核6", "H6"), ("核6B级", "H6B"),
        ("常5级", "C5"), ("常五级", "C5"), ("常5", "C5"), ("常6级", "C6"), ("常六级", "C6"), ("常6", "C6"),
    ])
    func protectionClass(text: String, code: String) throws {
        #expect(try Self.record(["防护等级": .string(text)])["protection_class"] == .string(code))
    }

    @Test("any other protection class is rejected")
    func unknownProtectionClass() throws {
        #expect(try Self.reasons(["防护等级": "核7级"]).map(\.message) == [#"unknown value "核7级" in code table protection_class"#])
    }

    @Test("wartime functions: every spelling of the agreement gives its code", arguments: [
        ("一等人员掩蔽所", "PERSONNEL_1"), ("二等人员掩蔽所", "PERSONNEL_2"), ("医疗救护站", "MEDICAL"), ("急救医院", "MEDICAL"),
        ("专业队工程", "SPECIALIST_TEAM"), ("物资库", "MATERIEL"), ("指挥所", "COMMAND"), ("其他", "OTHER"),
    ])
    func wartimeFunction(text: String, code: String) throws {
        #expect(try Self.record(["战时用途": .string(text)])["wartime_function"] == .string(code))
    }

    @Test("any other wartime function is rejected")
    func unknownWartimeFunction() throws {
        #expect(try Self.reasons(["战时用途": "三等人员掩蔽所"]).map(\.rule) == ["lookup wartime_function"])
    }

    @Test("peacetime uses give their codes; any other is left out with a warning")
    func peacetimeUse() throws {
        for (text, code) in [("停车", "PARKING"), ("商业", "COMMERCE"), ("仓储", "STORAGE"), ("空置", "VACANT"), ("其他", "OTHER")] {
            #expect(try Self.record(["平时用途": .string(text)])["peacetime_use"] == .string(code))
        }
        let outcome = try ShelterRegistry.map(ShelterRegistry.row(["平时用途": "养殖"]))
        #expect(try outcome.record()["peacetime_use"] == nil)
        #expect(outcome.warnings.map(\.field) == ["peacetime_use"])
        #expect(outcome.warnings.map(\.message) == [#"unknown value "养殖" in code table peacetime_use"#])
    }

    @Test("status: 在用, 在建, 停用 give their codes; any other is rejected")
    func status() throws {
        #expect(try Self.record(["状态": "在建"])["status"] == "BUILDING")
        #expect(try Self.record(["状态": "停用"])["status"] == "DISABLED")
        #expect(try Self.reasons(["状态": "报废"]).map(\.rule) == ["lookup shelter_status"])
    }

    // MARK: counts

    @Test("capacity is an integer; a fraction or a negative number is rejected")
    func capacity() throws {
        #expect(try Self.record(["掩蔽人数": "1500"])["capacity"] == 1500)
        #expect(try Self.reasons(["掩蔽人数": "12.5"]).map(\.rule) == ["integer"])
        #expect(try Self.reasons(["掩蔽人数": "-1"]).map(\.message) == ["-1 is below the minimum 0"])
    }

    @Test("parking spaces: 86个 is 86; not an integer or negative is rejected")
    func parkingSpaces() throws {
        #expect(try Self.record(["停车位": "86个"])["parking_spaces"] == 86)
        #expect(try Self.record(["停车位": "86"])["parking_spaces"] == 86)
        #expect(try Self.reasons(["停车位": "约86个", "充电桩": nil]).map(\.rule) == ["integer"])
        #expect(try Self.reasons(["停车位": "-2个", "充电桩": nil]).map(\.rule) == ["range"])
    }

    @Test("more charging piles than parking spaces is rejected with the agreement's reason")
    func chargingPilesExceedParking() throws {
        #expect(try Self.record(["停车位": "12个", "充电桩": "12"])["charging_piles"] == 12)
        #expect(try Self.reasons(["停车位": "86个", "充电桩": "87"]) == [
            MappingIssue(field: "charging_piles", value: "87", rule: "compare", message: "充电桩数量多于停车位 (charging piles exceed parking spaces)"),
        ])
        #expect(try Self.record(["停车位": nil, "充电桩": "87"])["charging_piles"] == 87)
    }

    // MARK: dates

    @Test("completion dates in the three registry forms become yyyy-MM-dd",
          arguments: ["2019-07-01", "2019/7/1", "2019年7月1日"])
    func completionDate(text: String) throws {
        #expect(try Self.record(["竣工时间": .string(text)])["completion_date"] == "2019-07-01")
    }

    @Test("an unparsable completion date or one after today is rejected")
    func badCompletionDate() throws {
        #expect(try Self.reasons(["竣工时间": "2019.7.1"]).map(\.rule) == ["date"])
        #expect(try Self.reasons(["竣工时间": "2026/12/2"]).map(\.message) == ["date after today: 2026-12-02 (today is 2026-12-01)"])
    }

    @Test("update times in both registry forms become RFC 3339 Beijing time, seconds 0 when missing",
          arguments: ["2026-11-28 09:30:00", "2026/11/28 9:30"])
    func updatedAt(text: String) throws {
        #expect(try Self.record(["更新时间": .string(text)])["updated_at"] == "2026-11-28T09:30:00+08:00")
    }

    @Test("an unparsable update time is rejected")
    func badUpdatedAt() throws {
        #expect(try Self.reasons(["更新时间": "28/11/2026"]).map(\.rule) == ["datetime"])
    }

    // MARK: credit code

    @Test("the maintainer's credit code is upper-cased")
    func creditCodeUpperCased() throws {
        #expect(try Self.record(["统一社会信用代码": "91350100m000100y43"])["maintainer_credit_code"] == "91350100M000100Y43")
    }

    @Test("a credit code with a wrong check character or length is left out with a warning")
    func creditCodeWarns() throws {
        for code: Value in ["91350100M000100Y44", "9135010"] {
            let outcome = try ShelterRegistry.map(ShelterRegistry.row(["统一社会信用代码": code]))
            #expect(try outcome.record()["maintainer_credit_code"] == nil)
            #expect(outcome.warnings.map { "\($0.field) \($0.rule)" } == ["maintainer_credit_code gb32100"])
        }
    }

    // MARK: every problem at once, duplicates

    @Test("a row with several problems is set aside with all of them, in field order")
    func everyProblem() throws {
        let reasons = try Self.reasons(["所属区县": "南京市", "建筑面积": "0㎡", "防护等级": "核7级", "状态": "报废"])
        #expect(reasons.map(\.field) == ["district", "floor_area", "protection_class", "status"])
    }

    static func resolve(_ rows: [OrderedObject]) throws -> (winners: [Int], losers: [Int], reasons: [MappingIssue]) {
        let mapping = try ShelterRegistry.mapping.get()
        var resolver = DuplicateResolver<Int>(rule: try #require(mapping.deduplication))
        var run = MappingTestSupport.run()
        var losers: [Int] = [], reasons: [MappingIssue] = []
        for (index, row) in rows.enumerated() {
            if let loser = resolver.add(try mapping.map(row, run: &run).record(), reference: index) {
                losers.append(loser.reference)
                reasons.append(resolver.reason(for: loser.record))
            }
        }
        return (resolver.results.map(\.reference), losers, reasons)
    }

    @Test("of two rows with one 工程编号, the later update time wins, wherever it is read")
    func duplicateLaterUpdateWins() throws {
        let newer = ShelterRegistry.row(["更新时间": "2026/11/28 9:31", "工程名称": "新"])
        let older = ShelterRegistry.row(["更新时间": "2026-11-28 09:30:00", "工程名称": "旧"])
        #expect(try Self.resolve([newer, older]).winners == [0])
        let result = try Self.resolve([older, newer])
        #expect(result.winners == [1])
        #expect(result.losers == [0])
        #expect(result.reasons.map(\.rule) == ["duplicate"])
        #expect(result.reasons.map(\.value) == ["320613-RF-0042"])
    }

    @Test("of two rows with one 工程编号 and the same update time, the later row wins")
    func duplicateTieLaterRowWins() throws {
        let first = ShelterRegistry.row(["更新时间": "2026-11-28 09:30:00"])
        let second = ShelterRegistry.row(["更新时间": "2026/11/28 9:30"])
        let result = try Self.resolve([first, second, ShelterRegistry.row(["工程编号": "320612-RF-0001"])])
        #expect(result.winners == [1, 2])
        #expect(result.losers == [0])
    }
}
