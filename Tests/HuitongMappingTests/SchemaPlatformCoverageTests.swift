import HuitongTestSupport
import Testing
@testable import HuitongMapping

/// Every field of every dataset both platforms take (province exchange v1 §4, city open API
/// v2 §3.4 and §4.1), with the schema parameter(s) it is made from: the schema must carry
/// everything a platform asks for, or a target mapping would have nothing to read.
@Suite("Schema covers the platforms")
struct SchemaPlatformCoverageTests {
    /// Where one platform field's value comes from.
    enum Origin {
        /// One or more parameters of the entity the dataset is fed from.
        case parameters([String])
        /// A constant the target mapping writes, not data (the city's `source: RF`).
        case constant(String)
    }

    struct PlatformField: CustomTestStringConvertible {
        let platform: String
        let dataset: String
        let field: String
        let entity: String
        let origin: Origin

        var testDescription: String { "\(platform) \(dataset).\(field)" }
    }

    static func fields(_ platform: String, _ dataset: String, from entity: String, _ rows: [(String, Origin)]) -> [PlatformField] {
        rows.map { PlatformField(platform: platform, dataset: dataset, field: $0.0, entity: entity, origin: $0.1) }
    }

    static func p(_ names: String...) -> Origin { .parameters(names) }

    static let platformFields: [PlatformField] =
        fields("province", "rfgc", from: "shelter", [
            ("gcbm", p("id")), ("gcmc", p("name")), ("xzqhdm", p("district")), ("dz", p("address")),
            ("jd", p("location")), ("wd", p("location")), ("jzmj", p("floor_area")), ("kljb", p("protection_class")),
            ("zszn", p("wartime_function")), ("psyt", p("peacetime_use")), ("ybrs", p("capacity")),
            ("cwsl", p("parking_spaces")), ("cdzsl", p("charging_piles")), ("jgrq", p("completion_date")),
            ("whdw", p("maintainer")), ("whdwxydm", p("maintainer_credit_code")), ("zt", p("status")),
            ("gxsj", p("updated_at")),
        ])
        + fields("province", "jbsm", from: "siren_test", [
            ("jbqbm", p("siren_id")), ("jbqmc", p("siren_name")), ("xzqhdm", p("district")), ("jd", p("location")),
            ("wd", p("location")), ("jbqlx", p("siren_type")), ("smrq", p("test_date")), ("smsj", p("tested_at")),
            ("smjg", p("result")), ("gzms", p("fault_description")),
        ])
        + fields("province", "zyd", from: "rescue_team", [
            ("dwbm", p("id")), ("dwmc", p("name")), ("dwlx", p("team_type")), ("xzqhdm", p("district")),
            ("rs", p("members")), ("fzr", p("leader")), ("lxdh", p("mobile")), ("zjrq", p("founded")),
        ])
        + fields("province", "zhss", from: "command_facility", [
            ("ssbm", p("id")), ("ssmc", p("name")), ("sslx", p("facility_type")), ("xzqhdm", p("district")),
            ("jd", p("location")), ("wd", p("location")), ("txzt", p("comm_state")), ("zbzt", p("readiness")),
            ("gxsj", p("updated_at")),
        ])
        + fields("province", "hjjc", from: "sensor_reading", [
            ("gcbm", p("shelter_id")), ("cgqbm", p("sensor_id")), ("cjsj", p("measured_at")), ("wdz", p("temperature")),
            ("sdz", p("humidity")), ("jsbj", p("water_alarm")), ("mczt", p("door")),
        ])
        + fields("city", "shelter", from: "shelter", [
            ("id", p("id")), ("name", p("name")), ("areaCode", p("district")), ("address", p("address")),
            ("lng", p("location")), ("lat", p("location")), ("protectLevel", p("protection_class")),
            ("wartimeUse", p("wartime_function")), ("peacetimeUse", p("peacetime_use")), ("capacity", p("capacity")),
            ("parkingSpaces", p("parking_spaces")), ("chargingPiles", p("charging_piles")), ("status", p("status")),
            ("updatedAt", p("updated_at")),
        ])
        + fields("city", "siren", from: "siren", [
            ("id", p("id")), ("name", p("name")), ("areaCode", p("district")), ("lng", p("location")),
            ("lat", p("location")), ("sirenType", p("siren_type")), ("lastTestAt", p("last_test_at")),
            ("lastTestResult", p("last_test_result")),
        ])
        + fields("city", "team", from: "rescue_team", [
            ("id", p("id")), ("name", p("name")), ("teamType", p("team_type")), ("members", p("members")),
            ("leader", p("leader")), ("phone", p("mobile")),
        ])
        + fields("city", "facility", from: "command_facility", [
            ("id", p("id")), ("name", p("name")), ("facilityType", p("facility_type")), ("lng", p("location")),
            ("lat", p("location")), ("commState", p("comm_state")), ("readiness", p("readiness")),
            ("updatedAt", p("updated_at")),
        ])
        + fields("city", "events", from: "incident", [
            ("eventId", p("id")), ("title", p("headline", "event")), ("eventType", p("event_type")), ("level", p("level")),
            ("status", p("msg_type")), ("occurTime", p("onset")), ("lng", p("location")), ("lat", p("location")),
            ("address", p("area_description")), ("areaCode", p("district")), ("description", p("description")),
            ("source", .constant("RF")),
        ])

    @Test("each platform field is made from parameters the schema has", arguments: platformFields)
    func fieldHasItsParameter(_ field: PlatformField) throws {
        let schema = try SchemaDataTests.loadSchema()
        let entity = try #require(schema.entity(named: field.entity))
        switch field.origin {
        case .parameters(let names):
            for name in names {
                #expect(entity.parameter(named: name) != nil, "\(field.platform) \(field.dataset).\(field.field) needs \(field.entity).\(name)")
            }
        case .constant(let value):
            #expect(!value.isEmpty)
        }
    }

    @Test("the table lists every field of the ten platform datasets")
    func tableIsComplete() {
        let counts = Dictionary(grouping: Self.platformFields, by: { "\($0.platform).\($0.dataset)" }).mapValues(\.count)
        #expect(counts == [
            "province.rfgc": 18, "province.jbsm": 10, "province.zyd": 8, "province.zhss": 9, "province.hjjc": 7,
            "city.shelter": 14, "city.siren": 8, "city.team": 6, "city.facility": 8, "city.events": 12,
        ])
    }

    @Test("a required platform field is never fed only from an optional parameter")
    func requiredFieldsHaveRequiredSources() throws {
        let schema = try SchemaDataTests.loadSchema()
        // The platforms' optional fields (contracts: rule column "optional"); every other field is required.
        let optional: Set<String> = [
            "province rfgc.dz", "province rfgc.psyt", "province rfgc.ybrs", "province rfgc.cwsl", "province rfgc.cdzsl",
            "province rfgc.jgrq", "province rfgc.whdw", "province rfgc.whdwxydm", "province jbsm.jbqmc",
            "province jbsm.gzms", "province zyd.zjrq", "province zhss.jd", "province zhss.wd", "province hjjc.wdz",
            "province hjjc.sdz", "province hjjc.mczt", "city shelter.address", "city shelter.peacetimeUse",
            "city shelter.capacity", "city shelter.parkingSpaces", "city shelter.chargingPiles", "city siren.name",
            "city facility.lng", "city facility.lat", "city events.address", "city events.areaCode",
            "city events.description",
        ]
        for field in Self.platformFields where !optional.contains(field.testDescription) {
            guard case .parameters(let names) = field.origin else { continue }
            let entity = try #require(schema.entity(named: field.entity))
            let required = names.contains { entity.parameter(named: $0)?.rule.required == true }
            #expect(required, "\(field.testDescription) is required but \(field.entity).\(names) is optional")
        }
    }
}
