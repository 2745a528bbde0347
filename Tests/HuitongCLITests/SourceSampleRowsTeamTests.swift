import HuitongCore
import Testing

/// Teams of the rescue team roster sample (`Tests/Fixtures/sources/teams.json`) against the
/// rescue_team records the mapping agreement gives them, worked out by hand. A team's origin is
/// the line its object opens on. The canonical record keeps the mobile number unmasked, spaces
/// and dashes removed; masking (138****5678) is the city target's business.
@Suite("Rescue team sample: hand-checked teams")
struct SourceSampleRowsTeamTests {
    static let outcomes = Task { try await SampleOutcomes.read("rescue-teams", "teams.json") }

    static let rows: [SampleRow] = [
        .mapped("teams.json:12", "医疗救护 → MEDICAL; a mobile written 176-9244-8123", [
            "id": "ZYD-320682-02", "name": "如皋市人防医疗救护专业队", "team_type": "MEDICAL", "district": "320682",
            "members": 50, "leader": "林强静", "mobile": "17692448123", "founded": "2023-07-16",
        ]),
        .mapped("teams.json:22", "消防 → FIREFIGHTING; founded absent", [
            "id": "ZYD-320681-03", "name": "启东市人防消防专业队", "team_type": "FIREFIGHTING", "district": "320681",
            "members": 34, "leader": "朱强敏", "mobile": "18997990669",
        ]),
        .mapped("teams.json:31", "防化防疫 → CHEMICAL_EPIDEMIC at 海安市", [
            "id": "ZYD-320685-04", "name": "海安市人防防化防疫专业队", "team_type": "CHEMICAL_EPIDEMIC", "district": "320685",
            "members": 62, "leader": "周霞", "mobile": "18392128419", "founded": "2020-07-15",
        ]),
        .mapped("teams.json:41", "通信 → COMMUNICATIONS; 199-8709-8682", [
            "id": "ZYD-320681-05", "name": "启东市人防通信专业队", "team_type": "COMMUNICATIONS", "district": "320681",
            "members": 70, "leader": "赵杰涛", "mobile": "19987098682", "founded": "2014-04-16",
        ]),
        .mapped("teams.json:51", "运输 → TRANSPORT at 如东县; 183-9783-4190", [
            "id": "ZYD-320623-06", "name": "如东县人防运输专业队", "team_type": "TRANSPORT", "district": "320623",
            "members": 62, "leader": "李杰娜", "mobile": "18397834190", "founded": "2023-07-29",
        ]),
        .mapped("teams.json:61", "治安 → PUBLIC_SECURITY", [
            "id": "ZYD-320682-07", "name": "如皋市人防治安专业队", "team_type": "PUBLIC_SECURITY", "district": "320682",
            "members": 68, "leader": "胡杰", "mobile": "15220410277", "founded": "2020-07-16",
        ]),
        .mapped("teams.json:90", "海门区 → 320614", [
            "id": "ZYD-320614-10", "name": "海门区人防消防专业队", "team_type": "FIREFIGHTING", "district": "320614",
            "members": 48, "leader": "徐涛芳", "mobile": "18462086237", "founded": "2018-05-01",
        ]),
        .mapped("teams.json:100", "a mobile written with spaces (188 3914 8819)", [
            "id": "ZYD-320682-11", "name": "如皋市人防防化防疫专业队", "team_type": "CHEMICAL_EPIDEMIC", "district": "320682",
            "members": 51, "leader": "朱刚", "mobile": "18839148819", "founded": "2023-09-09",
        ]),
        .mapped("teams.json:119", "a team of 9 (one digit, still at least 1)", [
            "id": "ZYD-320681-13", "name": "启东市人防运输专业队", "team_type": "TRANSPORT", "district": "320681",
            "members": 9, "leader": "王军敏", "mobile": "18885974151", "founded": "2024-06-29",
        ]),
        .mapped("teams.json:167", "崇川区 → 320613; 181-7755-7452", [
            "id": "ZYD-320613-18", "name": "崇川区人防防化防疫专业队", "team_type": "CHEMICAL_EPIDEMIC", "district": "320613",
            "members": 48, "leader": "陈敏洋", "mobile": "18177557452", "founded": "2012-02-06",
        ]),
        .mapped("teams.json:217", "the legacy 港闸区 is 崇川区 320613", [
            "id": "ZYD-320613-23", "name": "崇川区人防医疗救护专业队", "team_type": "MEDICAL", "district": "320613",
            "members": 24, "leader": "郭芳", "mobile": "13346345754", "founded": "2025-07-17",
        ]),
        .mapped("teams.json:325", "dashes and no founded date", [
            "id": "ZYD-320613-34", "name": "崇川区人防运输专业队", "team_type": "TRANSPORT", "district": "320613",
            "members": 48, "leader": "王娜刚", "mobile": "15733715229",
        ]),
        .mapped("teams.json:383", "spaces in the mobile (138 9907 7132)", [
            "id": "ZYD-320613-40", "name": "崇川区人防通信专业队", "team_type": "COMMUNICATIONS", "district": "320613",
            "members": 22, "leader": "胡杰", "mobile": "13899077132", "founded": "2017-08-17",
        ]),
        .setAside("teams.json:393", "a landline (0513-8512345) is no mobile number",
                  // mobile is personal in the schema: the reason shows it masked.
                  reason("mobile", "051******345", "mobile_cn",
                         "not a mainland mobile number: needs 11 digits starting 13–19, got 11 characters")),
        .setAside("teams.json:402", "a team of 0 members", reason("members", "0", "range", "0 is below the minimum 1")),
    ]

    @Test("each chosen team comes out as the agreement says: the whole record, or set aside with exactly its reason",
          arguments: rows)
    func team(_ row: SampleRow) async throws {
        try row.check(in: await Self.outcomes.value)
    }
}
