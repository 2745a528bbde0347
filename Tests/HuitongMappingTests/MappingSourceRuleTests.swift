import HuitongCore
import HuitongMapping
import HuitongTestSupport
import Testing
@testable import HuitongMapping

/// Each set-aside (and skip) reason class the mapping agreement names for the sources other
/// than the shelter registry (MappingShelterTests covers that one), on the shipped mappings.
@Suite("Agreement rules of the siren, facility, team, alert and sensor mappings")
struct MappingSourceRuleTests {
    static func mapping(_ name: String) throws -> CompiledMapping {
        try MappingCompiler(schema: MappingTestSupport.realSchema.get())
            .compile(path: RepositoryPaths.path("mappings/sources/\(name).yaml"))
    }

    static func outcome(_ name: String, _ record: OrderedObject, testMode: Bool = false) throws -> MappingOutcome {
        var run = MappingTestSupport.run(testMode: testMode)
        return try mapping(name).map(record, run: &run)
    }

    static func reasonRules(_ name: String, _ record: OrderedObject) throws -> [String] {
        try outcome(name, record).reasons().map { "\($0.field) \($0.rule)" }
    }

    // MARK: siren tests

    static let siren: OrderedObject = [
        "警报器编号": "JB-320612-058", "警报器名称": "楼顶警报点", "所属区县": "通州区", "经度": "121.141004", "纬度": "32.142540",
        "类型": "电动", "试鸣时间": "2026-11-18 10:00:00", "结果": "正常", "故障说明": "",
    ]

    static func siren(_ changes: [String: String]) -> OrderedObject {
        var record = siren
        for (key, value) in changes { record[key] = .string(value) }
        return record
    }

    @Test("siren: a good row maps")
    func sirenMaps() throws {
        #expect(try Self.outcome("siren-tests", Self.siren).record()["siren_type"] == "ELECTRIC")
    }

    @Test("siren: absent coordinates, an unknown type, an unknown result, a fault without a description are set aside", arguments: [
        (["经度": ""] as [String: String], "location point"),
        (["经度": "", "纬度": ""], "location required"),
        (["类型": "气动"], "siren_type lookup siren_type"),
        (["结果": "未知"], "result lookup siren_test_result"),
        (["结果": "故障", "故障说明": " "], "fault_description require"),
    ])
    func sirenRejects(changes: [String: String], expected: String) throws {
        #expect(try Self.reasonRules("siren-tests", Self.siren(changes)) == [expected])
    }

    // MARK: command facilities

    static let post: OrderedObject = [
        "code": "ZH-320600-01", "name": "市人防指挥所", "kind": "post", "district": "320602",
        "gps": ["lon": 120.894, "lat": 31.981], "comm": "ok", "duty": "on-duty", "updated": "2026-11-28T01:12:00Z",
    ]

    @Test("facility: a retired district code maps to the current one, and Z times become Beijing time")
    func facilityMaps() throws {
        let record = try Self.outcome("command-facilities", Self.post).record()
        #expect(record["district"] == "320613")
        #expect(record["updated_at"] == "2026-11-28T09:12:00+08:00")
    }

    @Test("facility: gps null is set aside for a post, left out for a vehicle")
    func facilityGPS() throws {
        var post = Self.post
        post["gps"] = .null
        #expect(try Self.reasonRules("command-facilities", post) == ["location require"])
        post["kind"] = "vehicle"
        #expect(try Self.outcome("command-facilities", post).record()["location"] == nil)
    }

    @Test("facility: an unknown district code is set aside")
    func facilityDistrict() throws {
        var post = Self.post
        post["district"] = "320500"
        #expect(try Self.reasonRules("command-facilities", post) == ["district lookup district"])
    }

    // MARK: rescue teams

    static let team: OrderedObject = [
        "teamId": "ZYD-320613-03", "teamName": "崇川区人防抢险抢修专业队", "type": "抢险抢修", "district": "崇川区",
        "members": 36, "leader": "张伟", "mobile": "138-1234 5678",
    ]

    @Test("team: dashes and spaces leave the mobile number; founded may be absent")
    func teamMaps() throws {
        let record = try Self.outcome("rescue-teams", Self.team).record()
        #expect(record["mobile"] == "13812345678")
        #expect(record["founded"] == nil)
    }

    @Test("team: an unknown type, fewer than one member, a landline are set aside", arguments: [
        ("type", Value.string("民兵"), "team_type lookup team_type"),
        ("members", Value.integer(0), "members range"),
        ("mobile", Value.string("0513-8512345"), "mobile mobile_cn"),
    ])
    func teamRejects(field: String, value: Value, expected: String) throws {
        var team = Self.team
        team[field] = value
        #expect(try Self.reasonRules("rescue-teams", team) == [expected])
    }

    @Test("team: the schema marks mobile personal, so a reason shows it masked, in its value and its message")
    func personalValueIsMasked() throws {
        var team = Self.team
        team["mobile"] = "0513-85123456"
        let reasons = try Self.outcome("rescue-teams", team).reasons().filter { $0.field == "mobile" }
        #expect(reasons.count == 1)
        #expect(reasons.first?.value == FieldRule.masked("0513-85123456"))
        #expect(reasons.first?.value == "051*******456")
        for reason in reasons {
            #expect(!reason.message.contains("85123456") && !(reason.value ?? "").contains("85123456"))
        }
        // A field the schema does not mark keeps its value as read.
        team["mobile"] = Self.team["mobile"]
        team["members"] = 0
        #expect(try Self.outcome("rescue-teams", team).reasons().first { $0.field == "members" }?.value == "0")
    }

    @Test("masking keeps a quarter of the characters at each end, and hides a short value whole")
    func maskingShape() {
        #expect(FieldRule.masked("13800138000") == "13*******00")
        #expect(FieldRule.masked("张伟") == "**")
        #expect(FieldRule.masked("") == "")
    }

    // MARK: CAP alerts

    static let alert: OrderedObject = [
        "identifier": "A-1", "sender": "ntyj@nantong.gov.cn", "sent": "2026-11-20T08:00:00+08:00", "status": "Actual",
        "msgType": "Alert", "event": "暴雨橙色预警", "category": "Met", "severity": "Severe", "urgency": "Expected",
        "certainty": "Likely", "areaDesc": "南通市海门区", "circle": "31.87238,121.13858 10.0", "geocode_gb2260": "320614",
    ]

    @Test("alert: onset falls back to sent; 暴雨 → FLOOD; Severe → II; a circle's centre")
    func alertMaps() throws {
        let record = try Self.outcome("cap-alerts", Self.alert).record()
        #expect(record["onset"] == "2026-11-20T08:00:00+08:00")
        #expect(record["event_type"] == "FLOOD" && record["level"] == "II")
        #expect(record["location"] == ["lon": 121.13858, "lat": 31.87238])
    }

    @Test("alert: Exercise is skipped in production and kept in a joint test; System, Test, Draft are always skipped")
    func alertStatusFilter() throws {
        var alert = Self.alert
        alert["status"] = "Exercise"
        _ = try Self.outcome("cap-alerts", alert).skipReason()
        _ = try Self.outcome("cap-alerts", alert, testMode: true).record()
        for status in ["System", "Test", "Draft"] {
            alert["status"] = .string(status)
            _ = try Self.outcome("cap-alerts", alert, testMode: true).skipReason()
        }
    }

    @Test("alert: neither polygon nor circle is set aside")
    func alertWithoutArea() throws {
        var alert = Self.alert
        alert["circle"] = nil
        #expect(try Self.reasonRules("cap-alerts", alert) == ["area required", "location required"])
    }

    // MARK: sensor readings

    static let reading: OrderedObject = [
        "sensor": "S-320613-0042-01", "shelter": "320613-RF-0042", "ts": 1_764_379_800, "t": 18.45, "h": 72.5,
        "water": false, "door": "closed",
    ]

    @Test("reading: null t and h and an absent door are left out; temperatures round half away from zero")
    func readingMaps() throws {
        let record = try Self.outcome("sensor-readings", Self.reading).record()
        #expect(record["temperature"] == 18.5)
        var faulty = Self.reading
        faulty["t"] = .null
        faulty["h"] = .null
        faulty["door"] = nil
        let left = try Self.outcome("sensor-readings", faulty).record()
        #expect(left["temperature"] == nil && left["humidity"] == nil && left["door"] == nil)
    }

    @Test("reading: a temperature or humidity out of range is set aside", arguments: [
        ("t", Value.double(-40.5), "temperature range"), ("t", Value.double(80.1), "temperature range"),
        ("h", Value.double(100.5), "humidity range"), ("h", Value.integer(-1), "humidity range"),
    ])
    func readingRejects(field: String, value: Value, expected: String) throws {
        var reading = Self.reading
        reading[field] = value
        #expect(try Self.reasonRules("sensor-readings", reading) == [expected])
    }
}
