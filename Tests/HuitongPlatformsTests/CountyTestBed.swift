import Foundation
import HuitongAdapters
import HuitongCore
import HuitongHTTPServer
import HuitongMapping
import HuitongTestSupport

@testable import HuitongPlatforms

/// The made-up county platform on a loopback ephemeral port, and connectors for it built from
/// the fixture profile alone. Retries wait no real time: the sleeper records the waits.
final class CountyTestBed: Sendable {
    static let profilePath = Fixtures.path("platforms/county.yaml")
    static let username = "nantong-hub"
    /// A colon inside: HTTP Basic splits at the first one.
    static let password = "s3cret:with-colon"
    static let keyId = "hub-key-1"
    static let signingSecret = "county-sign-secret"

    let platform: CountyTestPlatform
    let server: HTTPServer
    let waits = WaitRecorder()

    init(faults: [Int: CountyFault] = [:]) throws {
        let platform = CountyTestPlatform(
            users: [Self.username: Self.password], signingKeys: [Self.keyId: Self.signingSecret], faults: faults
        )
        self.platform = platform
        server = try HTTPServer { request in platform.handle(request) }
    }

    deinit { server.stop() }

    static func profile() throws -> PlatformProfile {
        try PlatformProfileLoader.load(path: profilePath)
    }

    func connector(password: String = CountyTestBed.password, concurrency: Int = 1) throws -> PlatformConnector {
        let settings = PlatformSettings(
            name: "county", baseURL: server.baseURL + CountyTestPlatform.basePath,
            credentials: [
                "username": Secret(Self.username), "password": Secret(password),
                "key_id": Secret(Self.keyId), "sign_secret": Secret(Self.signingSecret),
            ],
            concurrency: concurrency
        )
        return try PlatformConnector(profile: try Self.profile(), settings: settings) { [waits] seconds in waits.record(seconds) }
    }
}

/// The real chain for the county: the shelter registry's sample export, read by the CSV
/// adapter, normalised by the shipped source mapping (with its de-duplication), then mapped by
/// the county's target mapping. Compiled against the real schema and code tables plus the
/// county's own code lists.
enum CountyChain {
    static let targetMappingPath = Fixtures.path("platforms/mappings/county-refuges.yaml")
    /// "Now" for the mappings: 2026-12-01 10:00 Beijing time.
    static let now = Timestamp(millisecondsSinceEpoch: 1_796_090_400_000)

    /// The repository's schema, with `mappings/codes/` and the county's tables side by side in
    /// a scratch copy, so the county tables are checked against the canonical ones as shipped
    /// tables are.
    static let schema = Result { () throws -> Schema in
        let real = MappingsDirectory(path: RepositoryPaths.mappings)
        let codes = NSTemporaryDirectory() + "huitong-county-codes-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: codes) }
        try FileManager.default.copyItem(atPath: real.codesDirectory, toPath: codes)
        try FileManager.default.copyItem(atPath: Fixtures.path("platforms/codes/county"), toPath: codes + "/county")
        return try SchemaLoader.load(schemaDirectory: real.schemaDirectory, codesDirectory: codes)
    }

    static func targetMapping() throws -> CompiledMapping {
        try MappingCompiler(schema: schema.get()).compile(path: targetMappingPath)
    }

    /// Every shelter of `Tests/Fixtures/sources/shelters.csv` the source mapping keeps, in read
    /// order with de-duplication applied.
    static func shelters() async throws -> [OrderedObject] {
        let source = try MappingCompiler(schema: schema.get()).compile(path: RepositoryPaths.path("mappings/sources/shelter-registry.yaml"))
        let adapter = CSVSourceAdapter(path: Fixtures.path("sources/shelters.csv"), requiredColumns: source.inputFieldNames)
        var rows: [OrderedObject] = []
        _ = try await adapter.read(since: nil) { batch in
            for case let .record(row, _) in batch { rows.append(row) }
        }
        var run = MappingRun(context: MappingContext(clock: FixedWallClock(now)))
        var resolver = source.deduplication.map { DuplicateResolver<Int>(rule: $0) }
        var kept: [OrderedObject] = []
        for (index, row) in rows.enumerated() {
            guard case let .mapped(shelter, _) = source.map(row, run: &run) else { continue }
            if resolver == nil { kept.append(shelter) } else { _ = resolver!.add(shelter, reference: index) }
        }
        return resolver.map { $0.results.map(\.record) } ?? kept
    }

    /// What the county mapping makes of `shelters`: the records to send, and how many it skipped
    /// or set aside.
    static func refuges(from shelters: [OrderedObject]) throws -> (records: [OutgoingRecord], skipped: Int, setAside: [MappingOutcome]) {
        let mapping = try targetMapping()
        let separator = try CountyTestBed.profile().dataset(named: mapping.output.name)?.push.keySeparator ?? "|"
        var run = MappingRun(context: MappingContext(clock: FixedWallClock(now)))
        var records: [OutgoingRecord] = []
        var skipped = 0
        var setAside: [MappingOutcome] = []
        for shelter in shelters {
            switch mapping.map(shelter, run: &run) {
            case let .mapped(payload, _):
                let key = mapping.output.key.map { payload[$0].map(PlatformTemplate.text(of:)) ?? "" }.joined(separator: separator)
                records.append(OutgoingRecord(key: key, payload: payload))
            case .skipped:
                skipped += 1
            case let outcome:
                setAside.append(outcome)
            }
        }
        return (records, skipped, setAside)
    }

    static func refuges() async throws -> [OutgoingRecord] {
        try refuges(from: try await shelters()).records
    }
}
