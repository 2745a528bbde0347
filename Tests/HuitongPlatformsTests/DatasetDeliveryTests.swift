import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongPlatforms

/// Every province dataset and city type, end to end: the office's sample files → source
/// mapping → target mapping → connector → sandbox, with the sandbox failing on purpose.
/// The platform must end up holding exactly the records the target mappings produced, take
/// every one of them (the target mappings set aside beforehand what it would refuse), and
/// never see an idempotency conflict.
@Suite struct DatasetDeliveryTests {
    struct Source: Sendable, CustomTestStringConvertible {
        let mapping: String
        let targets: [(platform: String, mapping: String)]
        let read: @Sendable () async throws -> [OrderedObject?]
        var testDescription: String { mapping }
    }

    static let sources: [Source] = [
        Source(mapping: "shelter-registry", targets: [("province", "province/rfgc"), ("city", "city/shelter")]) {
            try await MappingStage.read(CSVSourceAdapter(configuration: CSVConfiguration(path: Fixtures.path("sources/shelters.csv"))))
        },
        Source(mapping: "siren-tests", targets: [("province", "province/jbsm"), ("city", "city/siren")]) {
            try await MappingStage.read(CSVSourceAdapter(configuration: CSVConfiguration(path: Fixtures.path("sources/siren-tests.csv"))))
        },
        Source(mapping: "rescue-teams", targets: [("province", "province/zyd"), ("city", "city/team")]) {
            try await MappingStage.read(JSONArrayFileAdapter(path: Fixtures.path("sources/teams.json")))
        },
        Source(mapping: "command-facilities", targets: [("province", "province/zhss"), ("city", "city/facility")]) {
            try await MappingStage.read(JSONArrayFileAdapter(path: Fixtures.path("sources/facilities.json")))
        },
        Source(mapping: "sensor-readings", targets: [("province", "province/hjjc")]) {
            try await MappingStage.read(JSONLinesDirectoryAdapter(directory: Fixtures.path("sources/sensors")))
        },
        Source(mapping: "cap-alerts", targets: [("city", "city/events")]) {
            try await MappingStage.read(CAPDirectoryAdapter(directory: Fixtures.path("sources/alerts")))
        },
    ]

    /// Faults often enough that every dataset meets each kind, seldom enough that a batch does
    /// not exhaust its eight attempts by chance (a lost answer costs two requests: libcurl's own
    /// resend of the same bytes meets "nonce reused", then a re-signed attempt).
    static let faults: @Sendable () -> (province: FaultPlan, city: FaultPlan) = {
        let province = FaultPlan(rules: [
            FaultRule(kind: .status(500), selection: .share(0.15), paths: ["/batches"]),
            FaultRule(kind: .rateLimited(retryAfterSeconds: 1), selection: .sequence([3]), paths: ["/batches"]),
            FaultRule(kind: .dropAfterApply, selection: .every(7), paths: ["/batches"]),
        ], seed: 3)
        let city = FaultPlan(rules: [
            FaultRule(kind: .revokeTokens, selection: .sequence([2]), method: "POST"),
            FaultRule(kind: .status(503), selection: .share(0.15), method: "POST"),
            FaultRule(kind: .rateLimited(retryAfterSeconds: 1), selection: .sequence([4]), method: "POST"),
            FaultRule(kind: .dropAfterApply, selection: .every(7), method: "POST"),
        ], seed: 5)
        return (province, city)
    }

    @Test(arguments: sources)
    func theSandboxHoldsExactlyWhatTheTargetMappingsProduced(_ source: Source) async throws {
        let (provinceFaults, cityFaults) = Self.faults()
        let bed = try TestOffice(province: provinceFaults, city: cityFaults)
        let schema = try SchemaLoader.load(mappings: MappingsDirectory(path: RepositoryPaths.mappings))
        let compiler = MappingCompiler(schema: schema)
        let context = MappingContext(testMode: false, clock: SystemWallClock())
        let sourceMapping = try compiler.compile(path: RepositoryPaths.path("mappings/sources/\(source.mapping).yaml"))
        let normalised = try MappingStage.run(sourceMapping, try await source.read(), context: context).records
        #expect(!normalised.isEmpty)

        for (platform, path) in source.targets {
            let target = try compiler.compile(path: RepositoryPaths.path("mappings/targets/\(path).yaml"))
            let payloads = try MappingStage.run(target, normalised, context: context).records
            #expect(!payloads.isEmpty, "\(path) produced nothing")
            let connector = try bed.connector(platform)
            let dataset = target.output.name
            let datasetProfile = try #require(connector.profile.dataset(named: dataset))
            #expect(datasetProfile.key == target.output.key)
            let records = payloads.map { OutgoingRecord(key: datasetProfile.key(of: $0), payload: $0) }
            let report = try await connector.push(dataset: dataset, test: false, scope: "exchange-1", upserts: records)
            #expect(report.rejected == 0, "\(path): the platform refused what the target mapping let through: \(report.deliveries.filter { $0.fate != .accepted })")
            #expect(report.notSent == 0, "\(path): \(report.failures)")
            #expect(report.accepted == records.count)

            var stored: [String: Value] = [:]
            try await connector.readBack(dataset: dataset, test: false) { page in
                for case let .object(record) in page { stored[datasetProfile.key(of: record)] = .object(record) }
            }
            var expected: [String: Value] = [:]
            for record in records { expected[record.key] = .object(record.payload) }
            #expect(stored.count == expected.count, "\(path)")
            #expect(stored == expected, "\(path): the platform holds other records than were sent")
        }
        #expect(bed.provincePlatform.counters.conflicts == 0)
        #expect(bed.cityPlatform.counters.conflicts == 0)
    }
}
