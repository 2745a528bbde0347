import HuitongCore
import Testing
@testable import HuitongMapping

/// rescue_team → province zyd (mappings/targets/province/zyd.yaml), phone unmasked, and city
/// team (mappings/targets/city/team.yaml), phone masked.
@Suite("Target mappings: rescue_team → province zyd, city team")
struct TargetTeamTests {
    static func zyd() throws -> TargetMapping { try TargetMapping("province", "zyd") }
    static func city() throws -> TargetMapping { try TargetMapping("city", "team") }

    static func team(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        SchemaRecords.changing(SchemaRecords.team, changes)
    }

    // MARK: province zyd

    @Test("zyd: a team becomes the §4.3 record with the whole phone number")
    func zydTeam() throws {
        #expect(try Self.zyd().payload(SchemaRecords.team) == [
            "dwbm": "ZYD-320613-03", "dwmc": "崇川区人防抢险抢修专业队", "dwlx": "QX", "xzqhdm": "320613", "rs": 36,
            "fzr": "张伟", "lxdh": "13812345678", "zjrq": "2021-05-12",
        ])
    }

    @Test("zyd: a team without a founding date leaves zjrq out")
    func zydWithoutFounded() throws {
        let payload = try Self.zyd().payload(SchemaRecords.unfoundedTeam)
        #expect(payload == [
            "dwbm": "ZYD-320681-03", "dwmc": "启东市人防消防专业队", "dwlx": "XF", "xzqhdm": "320681", "rs": 34,
            "fzr": "朱强敏", "lxdh": "18997990669",
        ])
        #expect(payload["zjrq"] == nil)
    }

    @Test("zyd: every team type maps to the province's", arguments: [
        ("RESCUE_REPAIR", "QX"), ("MEDICAL", "YL"), ("FIREFIGHTING", "XF"), ("CHEMICAL_EPIDEMIC", "FH"),
        ("COMMUNICATIONS", "TX"), ("TRANSPORT", "YS"), ("PUBLIC_SECURITY", "ZA"),
    ])
    func zydTeamTypes(code: String, expected: String) throws {
        #expect(try Self.zyd().payload(Self.team(["team_type": .string(code)]))["dwlx"] == .string(expected))
    }

    @Test("zyd: a record the province would refuse is set aside, naming the field", arguments: [
        (["id": nil], "dwbm required: required, but absent"),
        (["name": nil], "dwmc required: required, but absent"),
        (["team_type": "SEARCH"], #"dwlx lookup province.dwlx: unknown value "SEARCH" in code table province.dwlx"#),
        (["district": "320684"], #"xzqhdm lookup district: unknown value "320684" in code table district"#),
        (["members": 0], "rs zyd.rs: 0 is below the minimum 1"),
        (["leader": nil], "fzr required: required, but absent"),
        (["mobile": "051385123456"], #"lxdh zyd.lxdh: does not match the pattern 1[3-9][0-9]{9}: "051******456""#),  // personal: masked
        (["mobile": "12812345678"], #"lxdh zyd.lxdh: does not match the pattern 1[3-9][0-9]{9}: "12*******78""#),  // personal: masked
        (["mobile": "138****5678"], #"lxdh zyd.lxdh: does not match the pattern 1[3-9][0-9]{9}: "13*******78""#),  // personal: masked
        (["founded": "2021/5/12"], #"zjrq zyd.zjrq: expected a date yyyy-MM-dd, found "2021/5/12""#),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func zydRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.zyd().reasons(Self.team(changes)) == [reason])
    }

    // MARK: city team

    @Test("city: a team becomes the §3.4 resource with the middle four digits of the phone masked")
    func cityTeam() throws {
        let payload = try Self.city().payload(SchemaRecords.team)
        #expect(payload == [
            "id": "ZYD-320613-03", "name": "崇川区人防抢险抢修专业队", "teamType": "抢险抢修", "members": 36,
            "leader": "张伟", "phone": "138****5678",
        ])
        // The city resource has no district and no founding date.
        #expect(payload["areaCode"] == nil && payload["founded"] == nil)
    }

    @Test("city: the whole number never reaches the city payload")
    func cityNeverUnmasked() throws {
        let payload = try Self.city().payload(SchemaRecords.unfoundedTeam)
        #expect(payload["phone"] == "189****0669")
        let text = try #require(payload["phone"]?.stringValue)
        #expect(!text.contains("9799"))
    }

    @Test("city: every team type is the Chinese word", arguments: [
        ("RESCUE_REPAIR", "抢险抢修"), ("MEDICAL", "医疗救护"), ("FIREFIGHTING", "消防"), ("CHEMICAL_EPIDEMIC", "防化防疫"),
        ("COMMUNICATIONS", "通信"), ("TRANSPORT", "运输"), ("PUBLIC_SECURITY", "治安"),
    ])
    func cityTeamTypes(code: String, expected: String) throws {
        #expect(try Self.city().payload(Self.team(["team_type": .string(code)]))["teamType"] == .string(expected))
    }

    @Test("city: a record the city would refuse is set aside, naming the field", arguments: [
        (["id": nil], "id required: required, but absent"),
        (["team_type": "SEARCH"], #"teamType lookup city.teamType: unknown value "SEARCH" in code table city.teamType"#),
        (["members": 0], "members team.members: 0 is below the minimum 1"),
        (["leader": " "], "leader required: required, but absent"),
        (["mobile": nil], "phone required: required, but absent"),
        // Not a mobile number: masked, it is still no masked mobile number.
        (["mobile": "12812345678"], #"phone team.phone: does not match the pattern 1[3-9][0-9][*]{4}[0-9]{4}: "128****5678""#),
        // Ten digits: masking leaves three stars, which the city refuses.
        (["mobile": "1381234567"], #"phone team.phone: does not match the pattern 1[3-9][0-9][*]{4}[0-9]{4}: "138***4567""#),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func cityRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.city().reasons(Self.team(changes)) == [reason])
    }
}
