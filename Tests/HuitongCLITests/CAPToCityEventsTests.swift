import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongTestSupport
import Testing

/// CAP files → incident (source mapping) → city event (target mapping), on the Nantong samples
/// and on real CAP messages from other countries, which must never reach the city platform.
@Suite("CAP alerts to city events")
struct CAPToCityEventsTests {
    struct Outcomes {
        var events: [String: OrderedObject] = [:]
        var setAsideAtSource: [String: [String]] = [:]
        var setAsideForCity: [String: [String]] = [:]
        var skipped: [String] = []
    }

    static func run(_ directory: String) async throws -> Outcomes {
        let schema = try SchemaLoader.load(mappings: MappingsDirectory(path: RepositoryPaths.mappings))
        let compiler = MappingCompiler(schema: schema)
        let source = try compiler.compile(path: RepositoryPaths.path("mappings/sources/cap-alerts.yaml"))
        let target = try compiler.compile(path: RepositoryPaths.path("mappings/targets/city/events.yaml"))
        var run = MappingRun(context: MappingContext(testMode: true, clock: FixedWallClock(Timestamp(millisecondsSinceEpoch: 1_796_090_400_000))))
        var outcomes = Outcomes()
        _ = try await CAPDirectoryAdapter(directory: directory).read(since: nil) { batch in
            for item in batch {
                switch item {
                case let .unreadable(origin, reason):
                    outcomes.setAsideAtSource[origin.file] = [reason]
                case let .record(record, origin):
                    switch source.map(record, run: &run) {
                    case let .setAside(reasons, _):
                        outcomes.setAsideAtSource[origin.file] = reasons.map { "\($0.field) \($0.rule)" }
                    case .skipped:
                        outcomes.skipped.append(origin.file)
                    case let .mapped(incident, _):
                        switch target.map(incident, run: &run) {
                        case let .mapped(event, _): outcomes.events[origin.file] = event
                        case let .setAside(reasons, _): outcomes.setAsideForCity[origin.file] = reasons.map { "\($0.field) \($0.rule)" }
                        case .skipped: outcomes.skipped.append(origin.file)
                        }
                    }
                }
            }
        }
        return outcomes
    }

    @Test("every valid CAP message from abroad normalises and is then set aside for the city: its area lies outside Jiangsu")
    func capWorld() async throws {
        let outcomes = try await Self.run(Fixtures.path("sources/cap-world"))
        #expect(outcomes.events.isEmpty)
        #expect(!outcomes.setAsideForCity.isEmpty)
        for (file, reasons) in outcomes.setAsideForCity {
            #expect(reasons.contains { $0.hasPrefix("lng ") || $0.hasPrefix("lat ") }, "\(file): \(reasons)")
        }
        // The broken ones are set aside with their reason before any mapping.
        #expect(outcomes.setAsideAtSource["invalid.cap"] != nil)
        #expect(outcomes.setAsideAtSource["xee.cap"]?.first?.contains("DTD") == true)
    }

    @Test("the Nantong alerts become city events: GCJ-02, epoch milliseconds, the city's codes")
    func nantong() async throws {
        let outcomes = try await Self.run(Fixtures.path("sources/alerts"))
        let event = try #require(outcomes.events["cap-001.xml"])
        #expect(event["eventType"] == "TYPHOON" && event["level"] == 3 && event["status"] == "NEW")
        #expect(event["occurTime"] == .integer(1_795_161_600_000))  // 2026-11-20 16:00 Beijing: 756,000 s before 2026-11-29 10:00 (1,795,917,600)
        #expect(event["areaCode"] == "320685000000" && event["source"] == "RF")
        let lng = try #require(event["lng"]?.doubleValue)
        #expect(lng > 120.4375625 && lng < 120.45)  // GCJ-02 lies a few hundred metres east of WGS-84 here
        #expect(outcomes.setAsideForCity.isEmpty, "\(outcomes.setAsideForCity)")
    }
}
