import HuitongCore
import Testing
@testable import HuitongMapping
import FoundationEssentials

/// siren_test → province jbsm (mappings/targets/province/jbsm.yaml), every test, and city siren
/// (mappings/targets/city/siren.yaml), one siren per id from its latest test.
@Suite("Target mappings: siren_test → province jbsm, city siren")
struct TargetSirenTests {
    static func jbsm() throws -> TargetMapping { try TargetMapping("province", "jbsm") }
    static func city() throws -> TargetMapping { try TargetMapping("city", "siren") }

    static func normal(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        SchemaRecords.changing(SchemaRecords.normalTest, changes)
    }

    static func fault(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        SchemaRecords.changing(SchemaRecords.faultTest, changes)
    }

    // MARK: province jbsm

    @Test("jbsm: a normal test becomes the §4.2 record without gzms; WGS-84 as is")
    func jbsmNormal() throws {
        #expect(try Self.jbsm().payload(SchemaRecords.normalTest) == [
            "jbqbm": "JB-320612-058", "jbqmc": "张謇企业家学院楼顶警报点", "xzqhdm": "320612", "jd": 121.141004, "wd": 32.14254,
            "jbqlx": "DS", "smrq": "2026-11-18", "smsj": "2026-11-18 10:00:00", "smjg": "1",
        ])
    }

    @Test("jbsm: a faulty test carries its description; a siren without a name leaves jbqmc out")
    func jbsmFault() throws {
        let payload = try Self.jbsm().payload(SchemaRecords.faultTest)
        #expect(payload == [
            "jbqbm": "JB-320614-014", "xzqhdm": "320614", "jd": 121.121836, "wd": 31.936848, "jbqlx": "DMT",
            "smrq": "2026-09-18", "smsj": "2026-09-18 10:01:00", "smjg": "2", "gzms": "喇叭无声",
        ])
        #expect(payload["jbqmc"] == nil)
    }

    @Test("jbsm: the compound key is jbqbm and smrq; every test is sent, so there is no dedupe")
    func jbsmKey() throws {
        let mapping = try Self.jbsm().mapping
        #expect(mapping.output.key == ["jbqbm", "smrq"])
        #expect(mapping.deduplication == nil)
    }

    @Test("jbsm: smsj is Beijing time, and a test at 00:30 Beijing is on that Beijing day")
    func jbsmBeijingDay() throws {
        let payload = try Self.jbsm().payload(Self.normal(["tested_at": "2026-11-17T16:30:00Z", "test_date": "2026-11-18"]))
        #expect(payload["smsj"] == "2026-11-18 00:30:00")
        #expect(payload["smrq"] == "2026-11-18")
    }

    @Test("jbsm: a record the province would refuse is set aside, naming the field", arguments: [
        (["siren_id": nil], "jbqbm required: required, but absent"),
        (["district": "320611"], #"xzqhdm lookup district: unknown value "320611" in code table district"#),
        (["location": SchemaRecords.point(122.0, 32.1)], "jd jbsm.jd: 122 is above the maximum 121.95"),
        (["location": SchemaRecords.point(121.1, 30.7)], "wd jbsm.wd: 30.7 is below the minimum 30.75"),
        (["siren_type": "PNEUMATIC"], #"jbqlx lookup province.jbqlx: unknown value "PNEUMATIC" in code table province.jbqlx"#),
        (["result": "UNKNOWN"], #"smjg lookup province.smjg: unknown value "UNKNOWN" in code table province.smjg"#),
        (["test_date": nil], "smrq required: required, but absent"),
        (["test_date": "2026/11/18"], #"smrq jbsm.smrq: expected a date yyyy-MM-dd, found "2026/11/18""#),
        (["test_date": "2026-11-19"], "smsj compare: smsj 试鸣时间不在 smrq 试鸣日期当天 (the test time's date must be the test date)"),
        (["tested_at": "2026-11-18T16:00:00Z"], "smsj compare: smsj 试鸣时间不在 smrq 试鸣日期当天 (the test time's date must be the test date)"),
        (["fault_description": "多余的说明"], "gzms forbid: smjg 不为 2 (故障) 时不得有 gzms 故障描述 (only a fault has a description)"),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func jbsmRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.jbsm().reasons(Self.normal(changes)) == [reason])
    }

    @Test("jbsm: a fault without its description is set aside")
    func jbsmFaultNeedsDescription() throws {
        #expect(try Self.jbsm().reasons(Self.fault(["fault_description": nil])) == [
            "gzms require: smjg 为 2 (故障) 时须有 gzms 故障描述 (a fault needs its description)",
        ])
    }

    @Test("jbsm: a test without a location is set aside for both coordinates")
    func jbsmNoLocation() throws {
        #expect(try Self.jbsm().reasons(Self.normal(["location": nil])) == [
            "jd required: required, but absent", "wd required: required, but absent",
        ])
    }

    // MARK: city siren

    @Test("city: a test becomes the §3.4 siren, coordinates GCJ-02, lastTestAt epoch ms")
    func cityNormal() throws {
        #expect(try Self.city().payload(SchemaRecords.normalTest) == [
            "id": "JB-320612-058", "name": "张謇企业家学院楼顶警报点", "areaCode": "320612000000",
            // WGS-84 (121.141004, 32.14254) → GCJ-02 (121.14566643684438, 32.14067219707028), by an independent
            // Python implementation of the published algorithm.
            "lng": 121.145666, "lat": 32.140672,
            "sirenType": "ELECTROACOUSTIC",
            // 2026-11-18 10:00:00 Beijing = 02:00:00 UTC.
            "lastTestAt": 1_794_967_200_000,
            "lastTestResult": "NORMAL",
        ])
    }

    @Test("city: a faulty test without a name; the city has no field for the description")
    func cityFault() throws {
        let payload = try Self.city().payload(SchemaRecords.faultTest)
        #expect(payload == [
            "id": "JB-320614-014", "areaCode": "320614000000",
            // WGS-84 (121.121836, 31.936848) → GCJ-02 (121.12650509993735, 31.93504863348346).
            "lng": 121.126505, "lat": 31.935049,
            "sirenType": "MULTIMEDIA",
            // 2026-09-18 10:01:00 Beijing = 02:01:00 UTC.
            "lastTestAt": 1_789_696_860_000,
            "lastTestResult": "FAULT",
        ])
        #expect(payload["name"] == nil)
    }

    @Test("city: sirenType covers the three kinds", arguments: [("ELECTRIC", "ELECTRIC"), ("MULTIMEDIA", "MULTIMEDIA")])
    func citySirenTypes(code: String, expected: String) throws {
        #expect(try Self.city().payload(Self.normal(["siren_type": .string(code)]))["sirenType"] == .string(expected))
    }

    @Test("city: a record the city would refuse is set aside, naming the field", arguments: [
        (["siren_id": nil], "id required: required, but absent"),
        (["district": "3206"], #"areaCode siren.areaCode: does not match the pattern [0-9]{12}: "3206000000""#),
        (["siren_type": "PNEUMATIC"], #"sirenType lookup city.sirenType: unknown value "PNEUMATIC" in code table city.sirenType"#),
        (["result": "UNKNOWN"], #"lastTestResult lookup city.lastTestResult: unknown value "UNKNOWN" in code table city.lastTestResult"#),
        (["tested_at": nil], "lastTestAt required: required, but absent"),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func cityRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.city().reasons(Self.normal(changes)) == [reason])
    }

    @Test("city: a siren whose GCJ-02 coordinates lie outside the province's extent (§3.4) is set aside")
    func cityExtent() throws {
        #expect(try Self.city().reasons(Self.normal(["location": SchemaRecords.point(121.947, 31.5)])) == [
            "lng siren.lng: 121.951164 is above the maximum 121.95",
        ])
        #expect(try Self.city().reasons(Self.normal(["location": SchemaRecords.point(120.0, 35.3)])).map { $0.components(separatedBy: ":")[0] } == [
            "lat siren.lat",
        ])
    }

    /// The tests of one read through the city mapping and its dedupe rule, as the pipeline runs
    /// them: the ids and test times of the sirens kept, and the positions of the tests displaced.
    static func sirens(from tests: [OrderedObject]) throws -> (kept: [String], displaced: [Int]) {
        let city = try Self.city()
        let rule = try #require(city.mapping.deduplication)
        var resolver = DuplicateResolver<Int>(rule: rule)
        var displaced: [Int] = []
        for (index, test) in tests.enumerated() {
            if let loser = resolver.add(try city.payload(test), reference: index) { displaced.append(loser.reference) }
        }
        let kept = resolver.results.map { "\($0.record["id"]?.stringValue ?? "?") \($0.record["lastTestAt"]?.integerValue ?? 0)" }
        return (kept, displaced.sorted())
    }

    @Test("city: one siren per id, from the test with the latest test time, in whatever order the tests are read")
    func cityLatestTestWins() throws {
        let september = Self.normal(["tested_at": "2026-09-18T10:00:00+08:00", "test_date": "2026-09-18"])
        let november = Self.normal(["tested_at": "2026-11-18T10:00:00+08:00", "test_date": "2026-11-18", "result": "FAULT"])
        let october = Self.normal(["tested_at": "2026-10-18T10:00:00+08:00", "test_date": "2026-10-18"])
        let other = SchemaRecords.faultTest
        let result = try Self.sirens(from: [september, november, other, october])
        // 2026-11-18 10:00 Beijing = 1,794,967,200,000 ms; the September and October tests are displaced.
        #expect(result.kept == ["JB-320612-058 1794967200000", "JB-320614-014 1789696860000"])
        #expect(result.displaced == [0, 3])
    }

    @Test("city: a superseded test is skipped, not an error for the city")
    func citySupersededIsSkipped() throws {
        let rule = try #require(try Self.city().mapping.deduplication)
        #expect(rule.key == ["id"])
        #expect(rule.orderBy == "lastTestAt")
        #expect(rule.keep == .latest)
        #expect(rule.loser == .skip)
    }
}
