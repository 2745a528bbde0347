import HuitongCore
import HuitongYAML
import Testing
@testable import HuitongMapping
import Foundation

@Suite("Schema loader")
struct SchemaLoaderTests {
    static let codes = [
        "shelter_status.yaml": "table: shelter_status\nlabel: 工程状态\nentries: [{code: IN_USE, label: 在用}, {code: DISABLED, label: 停用}]\n",
    ]

    static let schemaFile = """
        version: "1.0"
        label: 测试
        entities: [shelter]
        """

    static let shelter = """
        entity: shelter
        label: 人防工程
        description: A shelter.
        key: [id]
        parameters:
          id: {label: 工程编码, type: string, required: true, length: {min: 1, max: 32}, description: The id.}
          area: {label: 面积, type: decimal, unit: m², required: true, range: {min_exclusive: 0}, decimals: 2}
          status: {label: 状态, type: code, codes: shelter_status, required: true}
          updated_at: {label: 更新时间, type: datetime, required: false}
        """

    static func write(schema: [String: String], codes: [String: String] = codes) throws -> ScratchDirectory {
        var files: [String: String] = [:]
        for (name, text) in schema { files["schema/" + name] = text }
        for (name, text) in codes { files["codes/" + name] = text }
        return try ScratchDirectory(files)
    }

    static func load(_ directory: ScratchDirectory) throws -> Schema {
        try SchemaLoader.load(mappings: MappingsDirectory(path: directory.path))
    }

    @Test("a schema loads with its version, entities, parameters in file order, and code tables")
    func loads() throws {
        let directory = try Self.write(schema: ["schema.yaml": Self.schemaFile, "shelter.yaml": Self.shelter])
        let schema = try Self.load(directory)
        #expect(schema.version == "1.0")
        #expect(schema.label == "测试")
        let shelter = try #require(schema.entity(named: "shelter"))
        #expect(shelter.parameters.map(\.name) == ["id", "area", "status", "updated_at"])
        #expect(shelter.parameter(named: "area")?.rule.unit == "m²")
        #expect(shelter.parameter(named: "status")?.rule.codes == "shelter_status")
        #expect(shelter.codeTableNames == ["shelter_status"])
        #expect(shelter.file == directory.file("schema/shelter.yaml"))
        #expect(schema.codeTables["shelter_status"]?.codes == ["IN_USE", "DISABLED"])
    }

    @Test("every problem in the entity files is reported at once, each at its node")
    func everyProblem() throws {
        let broken = """
            entity: shelter
            label: 人防工程
            description: A shelter.
            key: [id, nmae]
            parameters:
              id: {label: 工程编码, type: text, required: true}
              name: {label: 名称, type: string, required: true, range: {min: 0}}
              status: {label: 状态, type: code, codes: shelter_state, required: true}
              kind: {label: 类型, type: code, required: true}
              area: {type: decimal, required: true, colour: red}
              note: {label: 备注, type: string, required: maybe, pattern: "([a-z"}
              Bad-Name: {label: 坏, type: boolean, required: false, decimals: 2}
            """
        let directory = try Self.write(schema: ["schema.yaml": Self.schemaFile, "shelter.yaml": broken])
        let failure = try #require(throws: SchemaLoadFailure.self) { try Self.load(directory) }
        let found = problems(of: failure, in: directory.file("schema/shelter.yaml"))
        #expect(found.count == 11)
        #expect(found.contains(#"6:27 unknown type "text"; use one of string, integer, decimal, boolean, date, datetime, code, point, area"#))
        #expect(found.contains("7:58 range applies to integer and decimal fields, not to a string field; remove it"))
        #expect(found.contains(#"8:42 no code table named "shelter_state" in mappings/codes; did you mean shelter_status? add the table or fix the name"#))
        #expect(found.contains(#"9:9 a code field names its code table with "codes", such as codes: district"#))
        #expect(found.contains(#"10:41 a schema parameter has no key "colour"; allowed: codes, decimals, description, label, length, pattern, personal, range, required, type, unit"#))
        #expect(found.contains(#"10:9 a schema parameter needs "label""#))
        #expect(found.contains { $0.hasPrefix("11:45 expected true or false here") })
        #expect(found.contains { $0.hasPrefix("11:61 invalid regular expression /([a-z/") })
        #expect(found.contains(#"12:3 parameter names are lower case ASCII words joined by _ (floor_area), not "Bad-Name""#))
        #expect(found.contains("12:66 decimals applies to decimal and point fields, not to a boolean field; remove it"))
        #expect(found.contains("4:11 key names nmae, which is not a parameter of this entity; did you mean name?"))
    }

    @Test("schema.yaml's version and entity list are checked against the files")
    func headerProblems() throws {
        let directory = try Self.write(schema: [
            "schema.yaml": "version: \"1\"\nlabel: 测试\nentities: [shelter, siren, shelter]\n",
            "shelter.yaml": Self.shelter.replacingOccurrences(of: "entity: shelter", with: "entity: shelters"),
            "sensor.yaml": "entity: sensor\n",
        ])
        let failure = try #require(throws: SchemaLoadFailure.self) { try Self.load(directory) }
        #expect(problems(of: failure, in: directory.file("schema/schema.yaml")) == [
            #"1:10 the schema version must be MAJOR.MINOR, such as "1.0", not "1""#,
            "3:28 entity shelter is listed twice (first at column 12)",
            "3:21 entity siren has no file siren.yaml in \(directory.path)/schema; add it or remove the name",
            "3:11 sensor.yaml is not listed in entities; add sensor here or remove the file",
        ])
        #expect(problems(of: failure, in: directory.file("schema/shelter.yaml")) == [
            "1:9 the entity in shelter.yaml must be named shelter, not shelters",
        ])
    }

    @Test("a key parameter must be required")
    func keyMustBeRequired() throws {
        let entity = Self.shelter.replacingOccurrences(of: "key: [id]", with: "key: [id, updated_at]")
        let directory = try Self.write(schema: ["schema.yaml": Self.schemaFile, "shelter.yaml": entity])
        let failure = try #require(throws: SchemaLoadFailure.self) { try Self.load(directory) }
        #expect(failure.errors.map(\.message) == ["key parameter updated_at must be required: true"])
    }

    @Test("code-table problems and schema problems come in one failure")
    func codeTableProblemsToo() throws {
        let directory = try Self.write(
            schema: ["schema.yaml": Self.schemaFile, "shelter.yaml": Self.shelter],
            codes: ["shelter_status.yaml": "table: shelter_status\nlabel: 状态\nentries: [{code: IN_USE, label: 在用}, {code: IN_USE, label: 使用}]\n"]
        )
        let failure = try #require(throws: SchemaLoadFailure.self) { try Self.load(directory) }
        #expect(failure.errors.count == 1)
        #expect(failure.errors.first?.location.file == directory.file("codes/shelter_status.yaml"))
        #expect(failure.description.hasSuffix("schema: 1 problem in the schema and its code tables; fix them and run again"))
    }

    @Test("a missing schema directory names the file it looked for")
    func missingDirectory() throws {
        let failure = try #require(throws: SchemaLoadFailure.self) {
            try SchemaLoader.load(schemaDirectory: "/nonexistent/schema", codesDirectory: "/nonexistent/codes")
        }
        #expect(failure.errors.map(\.location.file) == ["/nonexistent/codes", "/nonexistent/schema/schema.yaml"])
        #expect(failure.exitStatus == .invalidInput)
    }

    @Test("the content hash changes with any file's content or name, and not with the directory's place")
    func contentHash() throws {
        let files = ["schema.yaml": Self.schemaFile, "shelter.yaml": Self.shelter]
        let first = try Self.load(try Self.write(schema: files)).contentHash
        let second = try Self.load(try Self.write(schema: files)).contentHash
        #expect(first == second)
        let edited = try Self.load(try Self.write(schema: files.merging(["shelter.yaml": Self.shelter + "\n"]) { $1 })).contentHash
        #expect(edited != first)
        let renamedTable = SchemaContentHash.digest(of: [("codes/a.yaml", [1, 2]), ("codes/b.yaml", [3])])
        #expect(renamedTable != SchemaContentHash.digest(of: [("codes/a.yaml", [1]), ("codes/b.yaml", [2, 3])]))
        #expect(renamedTable == SchemaContentHash.digest(of: [("codes/b.yaml", [3]), ("codes/a.yaml", [1, 2])]))
    }
}
