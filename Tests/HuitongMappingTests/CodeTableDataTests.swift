import HuitongCore
import Testing
@testable import HuitongMapping

/// The real code tables under `mappings/codes/` say what the mapping agreement says.
@Suite("Code table data")
struct CodeTableDataTests {
    static func table(_ name: String) throws -> CodeTable {
        try #require(try SchemaDataTests.loadSchema().codeTables[name], "table \(name)")
    }

    static let sourceColumns: MatchColumns = [.code, .label, .alias, .retired]

    @Test("district names, legacy names and retired codes give the current GB/T 2260 code", arguments: [
        ("崇川区", "320613"), ("港闸区", "320613"), ("通州区", "320612"), ("海门区", "320614"), ("海门市", "320614"),
        ("如东县", "320623"), ("启东市", "320681"), ("如皋市", "320682"), ("海安市", "320685"),
        ("320602", "320613"), ("320611", "320613"), ("320684", "320614"), ("320613", "320613"),
    ])
    func districts(_ text: String, _ code: String) throws {
        #expect(try Self.table("district").lookup(text, matching: Self.sourceColumns)?.code == code)
    }

    @Test("the district table holds exactly Nantong's seven current codes, and nothing else matches")
    func districtCodes() throws {
        let district = try Self.table("district")
        #expect(district.codes == ["320613", "320612", "320614", "320623", "320681", "320682", "320685"])
        for unknown in ["南通市", "崇川", "320600", "320601"] {
            #expect(district.lookup(unknown, matching: Self.sourceColumns) == nil, "\(unknown)")
        }
        #expect(district.entry(code: "320613")?.history.isEmpty == false)
    }

    @Test("source spellings of the mapping agreement are aliases of the canonical codes", arguments: [
        ("protection_class", "核5级", "H5"), ("protection_class", "核五级", "H5"), ("protection_class", "核6级", "H6"),
        ("protection_class", "核六级", "H6"), ("protection_class", "核6", "H6"), ("protection_class", "核6B级", "H6B"),
        ("protection_class", "常5级", "C5"), ("protection_class", "常五级", "C5"), ("protection_class", "常5", "C5"),
        ("protection_class", "常6级", "C6"), ("protection_class", "常六级", "C6"), ("protection_class", "常6", "C6"),
        ("wartime_function", "一等人员掩蔽所", "PERSONNEL_1"), ("wartime_function", "二等人员掩蔽所", "PERSONNEL_2"),
        ("wartime_function", "医疗救护站", "MEDICAL"), ("wartime_function", "急救医院", "MEDICAL"),
        ("wartime_function", "专业队工程", "SPECIALIST_TEAM"), ("wartime_function", "物资库", "MATERIEL"),
        ("wartime_function", "指挥所", "COMMAND"), ("wartime_function", "其他", "OTHER"),
        ("peacetime_use", "停车", "PARKING"), ("peacetime_use", "空置", "VACANT"),
        ("shelter_status", "在用", "IN_USE"), ("shelter_status", "在建", "BUILDING"), ("shelter_status", "停用", "DISABLED"),
        ("siren_type", "电动", "ELECTRIC"), ("siren_type", "电声", "ELECTROACOUSTIC"), ("siren_type", "多媒体", "MULTIMEDIA"),
        ("siren_test_result", "正常", "NORMAL"), ("siren_test_result", "故障", "FAULT"),
        ("facility_type", "post", "FIXED"), ("facility_type", "vehicle", "MOBILE"),
        ("comm_state", "ok", "NORMAL"), ("comm_state", "degraded", "DEGRADED"), ("comm_state", "down", "DOWN"),
        ("readiness", "on-duty", "ON_DUTY"), ("readiness", "standby", "STANDBY"), ("readiness", "maintenance", "MAINTENANCE"),
        ("team_type", "抢险抢修", "RESCUE_REPAIR"), ("team_type", "防化防疫", "CHEMICAL_EPIDEMIC"), ("team_type", "治安", "PUBLIC_SECURITY"),
        ("door_state", "closed", "CLOSED"), ("door_state", "open", "OPEN"),
        ("event_level", "Extreme", "I"), ("event_level", "Severe", "II"), ("event_level", "Moderate", "III"),
        ("event_level", "Minor", "IV"), ("event_level", "Unknown", "IV"),
        ("cap_certainty", "Very Likely", "Likely"),
    ])
    func sourceSpellings(_ table: String, _ text: String, _ code: String) throws {
        #expect(try Self.table(table).lookup(text, matching: Self.sourceColumns)?.code == code)
    }

    @Test("spellings the agreement does not list are unknown")
    func unknownSpellings() throws {
        #expect(try Self.table("protection_class").lookup("核7级", matching: Self.sourceColumns) == nil)
        #expect(try Self.table("protection_class").lookup("核5", matching: Self.sourceColumns) == nil)
        #expect(try Self.table("wartime_function").lookup("防空洞", matching: Self.sourceColumns) == nil)
    }

    @Test("each platform code stands for a canonical code, and each canonical code has a platform code")
    func platformTablesCoverCanonicalTables() throws {
        let tables = try SchemaDataTests.loadSchema().codeTables
        // Ack and Error messages are never sent to the city, so they have no city status.
        let uncovered: [String: Set<String>] = ["city.eventStatus": ["Ack", "Error"]]
        let platformTables = tables.tables.filter { $0.platform != nil }
        #expect(platformTables.count == 24)
        for table in platformTables {
            let canonical = try #require(table.canonicalTable.flatMap { tables[$0] }, "\(table.name) names its canonical table")
            #expect(table.entries.allSatisfy { $0.canonical.count == 1 }, "\(table.name): one canonical code per platform code")
            let covered = Set(table.entries.flatMap(\.canonical))
            let missing = Set(canonical.codes).subtracting(covered).subtracting(uncovered[table.name] ?? [])
            #expect(missing.isEmpty, "\(table.name) has no code for \(missing.sorted())")
        }
    }

    @Test("a canonical code turns into each platform's code", arguments: [
        ("province.kljb", "H6B", "H6B"), ("city.protectLevel", "H6B", "3"), ("province.zszn", "MEDICAL", "YL"),
        ("city.wartimeUse", "MEDICAL", "医疗救护工程"), ("province.psyt", "VACANT", "KZ"), ("city.peacetimeUse", "VACANT", "空置"),
        ("province.zt", "DISABLED", "3"), ("city.status", "DISABLED", "DISABLED"), ("province.jbqlx", "MULTIMEDIA", "DMT"),
        ("province.smjg", "FAULT", "2"), ("city.lastTestResult", "FAULT", "FAULT"), ("province.dwlx", "CHEMICAL_EPIDEMIC", "FH"),
        ("city.teamType", "CHEMICAL_EPIDEMIC", "防化防疫"), ("province.sslx", "MOBILE", "JD"), ("province.txzt", "DEGRADED", "2"),
        ("province.zbzt", "MAINTENANCE", "3"), ("province.mczt", "OPEN", "1"), ("city.level", "III", "3"),
        ("city.eventType", "PUBLIC_HEALTH", "PUBLIC_HEALTH"), ("city.eventStatus", "Cancel", "CANCEL"),
    ])
    func canonicalToPlatform(_ table: String, _ canonical: String, _ code: String) throws {
        #expect(try Self.table(table).lookup(canonical, matching: .canonical)?.code == code)
    }

    @Test("canonical codes are upper-case ASCII mnemonics, except CAP's own spellings and district numbers")
    func canonicalCodeShape() throws {
        let tables = try SchemaDataTests.loadSchema().codeTables.tables.filter { $0.platform == nil }
        for table in tables where !table.name.hasPrefix("cap_") && table.name != "district" {
            for code in table.codes {
                let shape = code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
                #expect(shape, "\(table.name).\(code)")
            }
        }
        #expect(try Self.table("cap_status").codes == ["Actual", "Exercise", "System", "Test", "Draft"])
        #expect(try Self.table("cap_msg_type").codes == ["Alert", "Update", "Cancel", "Ack", "Error"])
        #expect(try Self.table("cap_severity").codes == ["Extreme", "Severe", "Moderate", "Minor", "Unknown"])
    }
}
