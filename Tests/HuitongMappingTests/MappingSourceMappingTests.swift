import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongMapping

/// The `each` step, de-duplication without an ordering field, and every shipped source
/// mapping compiling against the real schema.
@Suite("Source mappings and the steps they need")
struct MappingSourceMappingTests {
    @Test("each runs the n-th step list on the n-th item, so a polygon or a circle becomes an area")
    func eachStep() throws {
        let probe = try StepProbe("zone", from: "[a, b]", steps: "- each: [[polygon], [circle]]\n- coalesce")
        let polygon = try #require(try probe.value(record: ["a": "32.0,120.0 32.0,121.0 33.0,121.0 32.0,120.0"]))
        #expect(polygon["type"] == "polygon")
        let circle = try #require(try probe.value(record: ["b": "32.0,120.9 5"]))
        #expect(circle["type"] == "circle")
        #expect(circle["radius_km"] == .double(5))
    }

    @Test("each fails with the inner step's message")
    func eachFailure() throws {
        let probe = try StepProbe("zone", from: "[a, b]", steps: "- each: [[polygon], [circle]]\n- coalesce")
        #expect(try probe.failure(record: ["a": "32.0,120.0 32.1,121.0"]).message.contains("at least 4"))
    }

    @Test("without order_by, the later of two records with one key wins")
    func dedupeWithoutOrder() {
        let rule = DeduplicationRule(key: ["id"], orderBy: nil, keep: .latest, loser: .setAside)
        var resolver = DuplicateResolver<Int>(rule: rule)
        #expect(resolver.add(["id": "A", "n": 1], reference: 1) == nil)
        let loser = resolver.add(["id": "A", "n": 2], reference: 2)
        #expect(loser?.reference == 1)
        #expect(resolver.results.map(\.reference) == [2])
        #expect(resolver.reason(for: ["id": "A"]).message.contains("read later"))
    }

    @Test("every shipped source mapping compiles against the real schema", arguments: [
        "shelter-registry", "siren-tests", "command-facilities", "rescue-teams", "cap-alerts", "sensor-readings",
    ])
    func shippedMappingCompiles(name: String) throws {
        let schema = try MappingTestSupport.realSchema.get()
        let mapping = try MappingCompiler(schema: schema).compile(path: RepositoryPaths.path("mappings/sources/\(name).yaml"))
        #expect(mapping.kind == .source)
    }
}
