import Foundation
import HuitongCore
import HuitongHub
import HuitongMapping
import HuitongTestSupport
import Testing

/// The scaffold's files as values: for every entity of the schema, the fixture maps through the
/// mapping with no set-aside row, and the manifest names what it writes.
@Suite("plugin new: the scaffold")
struct PluginScaffoldTests {
    static let schema = try! SchemaLoader.load(mappings: MappingsDirectory(path: RepositoryPaths.path("mappings")))

    @Test("every entity's fixture maps through its scaffolded mapping", arguments: PluginScaffoldTests.schema.entityNames)
    func everyEntityMaps(entity name: String) throws {
        let entity = try #require(Self.schema.entity(named: name))
        let scaffold = PluginScaffold(name: "tap-x", language: .python, entity: entity, codeTables: Self.schema.codeTables)
        #expect(scaffold.unresolved.isEmpty, "\(scaffold.unresolved)")
        let files = Dictionary(uniqueKeysWithValues: scaffold.files.map { ($0.path, $0) })
        let mappingText = try #require(files["sources/tap-x.yaml"]?.text)
        #expect(files["sources/tap-x.yaml"]?.root == .mappings)
        let mapping = try MappingCompiler(schema: Self.schema).compile(text: mappingText, fileName: "tap-x.yaml")
        let fixture = try #require(files["sources/tap-x/fixture.jsonl"]?.text)
        var run = MappingRun()
        var keys: Set<String> = []
        for line in fixture.split(separator: "\n") {
            guard case let .object(record) = try JSONReader().value(from: String(line)) else { Issue.record("not an object: \(line)"); continue }
            guard case let .mapped(output, _) = mapping.map(record, run: &run) else {
                Issue.record("\(name): \(line) → \(mapping.map(record, run: &run))")
                continue
            }
            keys.insert(entity.key.map { output[$0].map { "\($0)" } ?? "" }.joined(separator: "|"))
            for parameter in scaffold.fields {
                #expect(output[parameter.name] != nil, "\(name).\(parameter.name) is mapped")
            }
        }
        #expect(keys.count == 3, "three records with distinct keys: \(keys)")
        #expect(files["sources/tap-x/plugin.yaml"]?.text.contains("entity: \(name)\nmapping: sources/tap-x.yaml") == true)
        #expect(files["sources/tap-x/tap.py"]?.executable == true)
    }

    @Test("a plugin name is lower-case letters, digits and hyphens")
    func names() {
        #expect(PluginScaffold.nameProblem("tap-teams-db2") == nil)
        for bad in ["", "Tap", "2tap", "tap_x", "tap x", "../x", String(repeating: "a", count: 65)] {
            #expect(PluginScaffold.nameProblem(bad) != nil, "\(bad)")
        }
    }
}
