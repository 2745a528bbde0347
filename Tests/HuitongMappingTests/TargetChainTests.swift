import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongMapping

/// Each sample source of the office (Tests/Fixtures/sources) → its source mapping → every
/// target mapping fed from its entity, each stage with its de-duplication rule over the whole
/// read, as the pipeline runs them. The source counts are the adapters' (SourceSampleGoldenTests);
/// the target counts show that every record the sources let through is one both platforms take,
/// and that the city gets one siren per siren.
@Suite("Sample sources through source and target mappings")
struct TargetChainTests {
    /// The fates a stage counted, as the expectations state them.
    struct Counts: Equatable, CustomStringConvertible {
        var mapped = 0, setAside = 0, skipped = 0
        var description: String { "\(mapped) mapped, \(setAside) set aside, \(skipped) skipped" }
    }

    /// One stage over one read, the pipeline's `MappingStage` with its de-duplication;
    /// unreadable items are set aside.
    static func stage(_ mapping: CompiledMapping, _ items: [SourceFiles.Item], testMode: Bool = false) throws -> (records: [OrderedObject], counts: Counts) {
        let records: [OrderedObject?] = items.map { if case let .record(record) = $0 { record } else { nil } }
        let result = try MappingStage.run(mapping, records, context: MappingTestSupport.context(testMode: testMode))
        return (result.records, Counts(mapped: result.counts.mapped, setAside: result.counts.setAside, skipped: result.counts.skipped))
    }

    static func mapping(_ path: String) throws -> CompiledMapping {
        try MappingCompiler(schema: MappingTestSupport.realSchema.get()).compile(path: RepositoryPaths.path("mappings/\(path).yaml"))
    }

    /// The source stage, then each target stage on what it let through.
    static func chain(
        _ items: [SourceFiles.Item], source: String, targets: [String], testMode: Bool = false
    ) throws -> (source: Counts, targets: [String: Counts], outputs: [String: [OrderedObject]]) {
        let normalised = try stage(try mapping("sources/\(source)"), items, testMode: testMode)
        var counts: [String: Counts] = [:]
        var outputs: [String: [OrderedObject]] = [:]
        for target in targets {
            let result = try stage(try mapping("targets/\(target)"), normalised.records.map(SourceFiles.Item.record), testMode: testMode)
            counts[target] = result.counts
            outputs[target] = result.records
        }
        return (normalised.counts, counts, outputs)
    }

    static func counts(_ mapped: Int, _ setAside: Int, _ skipped: Int) -> Counts {
        Counts(mapped: mapped, setAside: setAside, skipped: skipped)
    }

    @Test("shelter registry (GB18030 CSV) → shelter → rfgc and city shelter: all 300 normalised shelters go to both")
    func shelters() async throws {
        let result = try Self.chain(
            try await SourceFiles.csv(Fixtures.path("sources/shelters.csv"), gb18030: true),
            source: "shelter-registry", targets: ["province/rfgc", "city/shelter"]
        )
        #expect(result.source == Self.counts(300, 14, 0))
        #expect(result.targets == ["province/rfgc": Self.counts(300, 0, 0), "city/shelter": Self.counts(300, 0, 0)])
    }

    @Test("siren tests (UTF-8 CSV) → siren_test → jbsm (every test) and city siren (the latest test of each of 80 sirens)")
    func sirens() async throws {
        let result = try Self.chain(
            try await SourceFiles.csv(Fixtures.path("sources/siren-tests.csv")),
            source: "siren-tests", targets: ["province/jbsm", "city/siren"]
        )
        #expect(result.source == Self.counts(240, 2, 0))
        #expect(result.targets == ["province/jbsm": Self.counts(240, 0, 0), "city/siren": Self.counts(80, 0, 160)])

        // Each city siren is its siren's latest test among those the province got.
        var latest: [String: Int64] = [:]
        for record in result.outputs["province/jbsm"] ?? [] {
            let id = try #require(record["jbqbm"]?.stringValue), time = try #require(record["smsj"]?.stringValue)
            let milliseconds = try Timestamp(parsing: time, as: .dateTime).millisecondsSinceEpoch
            latest[id] = max(latest[id] ?? .min, milliseconds)
        }
        let sirens = result.outputs["city/siren"] ?? []
        #expect(sirens.count == latest.count)
        for siren in sirens {
            let id = try #require(siren["id"]?.stringValue)
            #expect(siren["lastTestAt"]?.integerValue == latest[id], "\(id)")
        }
    }

    @Test("rescue teams (JSON array) → rescue_team → zyd and city team")
    func teams() async throws {
        let result = try Self.chain(
            try await SourceFiles.jsonArray(Fixtures.path("sources/teams.json")),
            source: "rescue-teams", targets: ["province/zyd", "city/team"]
        )
        #expect(result.source == Self.counts(40, 2, 0))
        #expect(result.targets == ["province/zyd": Self.counts(40, 0, 0), "city/team": Self.counts(40, 0, 0)])
        // The same teams, the phone whole for the province and masked for the city.
        let province = result.outputs["province/zyd"] ?? [], city = result.outputs["city/team"] ?? []
        for (team, resource) in zip(province, city) {
            let whole = try #require(team["lxdh"]?.stringValue)
            #expect(resource["phone"]?.stringValue == String(whole.prefix(3)) + "****" + String(whole.suffix(4)))
        }
    }

    @Test("command facilities (API items) → command_facility → zhss and city facility; vehicles out of coverage without coordinates")
    func facilities() async throws {
        let result = try Self.chain(
            try await SourceFiles.jsonArray(Fixtures.path("sources/facilities.json")),
            source: "command-facilities", targets: ["province/zhss", "city/facility"]
        )
        #expect(result.source == Self.counts(24, 1, 0))
        #expect(result.targets == ["province/zhss": Self.counts(24, 0, 0), "city/facility": Self.counts(24, 0, 0)])
        for resource in result.outputs["city/facility"] ?? [] {
            #expect((resource["lng"] == nil) == (resource["lat"] == nil))
        }
    }

    @Test("sensor readings (JSON Lines) → sensor_reading → hjjc: every normalised reading, none de-duplicated")
    func sensors() async throws {
        let result = try Self.chain(
            try await SourceFiles.jsonLines(directory: Fixtures.path("sources/sensors")),
            source: "sensor-readings", targets: ["province/hjjc"]
        )
        #expect(result.source == Self.counts(11_991, 9, 0))
        #expect(result.targets == ["province/hjjc": Self.counts(11_991, 0, 0)])
    }

    @Test("CAP alerts → incident → city events: production and joint-test runs")
    func alerts() async throws {
        let items = try await SourceFiles.capAlerts(directory: Fixtures.path("sources/alerts"))
        let production = try Self.chain(items, source: "cap-alerts", targets: ["city/events"])
        #expect(production.source == Self.counts(12, 2, 2))
        #expect(production.targets == ["city/events": Self.counts(12, 0, 0)])
        let jointTest = try Self.chain(items, source: "cap-alerts", targets: ["city/events"], testMode: true)
        #expect(jointTest.source == Self.counts(13, 2, 1))
        #expect(jointTest.targets == ["city/events": Self.counts(13, 0, 0)])
    }
}
