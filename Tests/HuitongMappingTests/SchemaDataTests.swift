import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongMapping

/// The real schema under `mappings/`: it loads, and it has exactly the entities and
/// parameters the mappings written against it use.
@Suite("Schema data")
struct SchemaDataTests {
    /// Loaded once for every test that reads the real files.
    static let repositorySchema = Result { () throws(SchemaLoadFailure) in
        try SchemaLoader.load(mappings: MappingsDirectory(path: RepositoryPaths.mappings))
    }

    static func loadSchema() throws -> Schema {
        try repositorySchema.get()
    }

    @Test("the repository's schema and code tables load without a problem")
    func loads() throws {
        do {
            _ = try Self.loadSchema()
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("the schema is version 1.0 and lists its seven entities in order")
    func versionAndEntities() throws {
        let schema = try Self.loadSchema()
        #expect(schema.version == "1.0")
        #expect(schema.entityNames == [
            "shelter", "siren", "siren_test", "command_facility", "rescue_team", "incident", "sensor_reading",
        ])
    }

    @Test("each entity has exactly the agreed parameters, in order, and its key")
    func parameterNames() throws {
        let schema = try Self.loadSchema()
        let expected: [String: (key: [String], parameters: [String])] = [
            "shelter": (["id"], [
                "id", "name", "district", "address", "location", "floor_area", "protection_class", "wartime_function",
                "peacetime_use", "capacity", "parking_spaces", "charging_piles", "completion_date", "maintainer",
                "maintainer_credit_code", "status", "updated_at",
            ]),
            "siren": (["id"], ["id", "name", "district", "location", "siren_type", "last_test_at", "last_test_result"]),
            "siren_test": (["siren_id", "test_date"], [
                "siren_id", "siren_name", "district", "location", "siren_type", "tested_at", "test_date", "result",
                "fault_description",
            ]),
            "command_facility": (["id"], [
                "id", "name", "facility_type", "district", "location", "comm_state", "readiness", "updated_at",
            ]),
            "rescue_team": (["id"], ["id", "name", "team_type", "district", "members", "leader", "mobile", "founded"]),
            "incident": (["id"], [
                "id", "sender", "sent", "status", "msg_type", "event", "category", "severity", "urgency", "certainty",
                "onset", "headline", "description", "area_description", "area", "location", "district", "event_type",
                "level",
            ]),
            "sensor_reading": (["sensor_id", "measured_at"], [
                "sensor_id", "shelter_id", "measured_at", "temperature", "humidity", "water_alarm", "door",
            ]),
        ]
        for (name, shape) in expected {
            let entity = try #require(schema.entity(named: name))
            #expect(entity.key == shape.key, "key of \(name)")
            #expect(entity.parameters.map(\.name) == shape.parameters, "parameters of \(name)")
        }
    }

    @Test("parameters have the agreed types, code tables and optionality")
    func typesAndTables() throws {
        let schema = try Self.loadSchema()
        func rule(_ entity: String, _ parameter: String) throws -> FieldRule {
            try #require(schema.entity(named: entity)?.parameter(named: parameter)?.rule, "\(entity).\(parameter)")
        }
        #expect(try rule("shelter", "floor_area").type == .decimal)
        #expect(try rule("shelter", "floor_area").unit == "m²")
        #expect(try rule("shelter", "floor_area").decimals == 2)
        #expect(try rule("shelter", "status").codes == "shelter_status")
        #expect(try rule("shelter", "maintainer_credit_code").length == LengthLimits(min: 18, max: 18))
        #expect(try rule("shelter", "location").type == .point)
        #expect(try rule("command_facility", "location").required == false)
        #expect(try rule("rescue_team", "mobile").pattern == "^1[3-9][0-9]{9}$")
        #expect(try rule("rescue_team", "founded").required == false)
        #expect(try rule("incident", "area").type == .area)
        #expect(try rule("incident", "district").required == false)
        #expect(try rule("incident", "status").codes == "cap_status")
        #expect(try rule("incident", "level").codes == "event_level")
        #expect(try rule("sensor_reading", "water_alarm").type == .boolean)
        #expect(try rule("sensor_reading", "door").codes == "door_state")
        #expect(try rule("siren_test", "result").codes == "siren_test_result")
    }

    @Test("every parameter has a Chinese label and a description")
    func labelsAndDescriptions() throws {
        let schema = try Self.loadSchema()
        for entity in schema.entities {
            #expect(!entity.label.isEmpty && !entity.description.isEmpty, "\(entity.name)")
            for parameter in entity.parameters {
                let label = parameter.rule.label ?? ""
                #expect(label.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "label of \(entity.name).\(parameter.name)")
                #expect(!(parameter.rule.description ?? "").isEmpty, "description of \(entity.name).\(parameter.name)")
            }
        }
    }

    @Test("the content hash is a SHA-256 digest that does not depend on where the checkout lives")
    func contentHash() throws {
        let schema = try Self.loadSchema()
        #expect(schema.contentHash.bytes.count == 32)
        let again = try SchemaLoader.load(
            schemaDirectory: RepositoryPaths.mappings + "/schema/", codesDirectory: RepositoryPaths.mappings + "/codes/"
        )
        #expect(again.contentHash == schema.contentHash)
    }
}
