import HuitongCore
import HuitongPlatforms

/// One platform and dataset the `push` benchmark sends to: the bundled profile, the
/// credentials the sandbox accepts by default, a record generator its field rules accept,
/// and how to read its state.
struct PushCase: Sendable {
    /// The platform's name: its profile file and its entry in the sandbox's ports file.
    let platform: String
    let dataset: String
    let profile: PlatformProfile
    /// The sandbox's default credentials (see `SandboxConfiguration`).
    let credentials: [String: String]
    let record: @Sendable (Int) -> OutgoingRecord
    let tally: @Sendable (Value, String) -> SandboxTally?

    /// The province's `rfgc` (500 per batch) and the city's `shelter` (200 per batch), with the
    /// profiles read from `directory` (`plugins/platforms`, relative to the working directory).
    static func all(profilesDirectory directory: String) throws -> [PushCase] {
        [
            PushCase(
                platform: "province", dataset: "rfgc", profile: try profile("province", in: directory),
                credentials: ["app_key": "huitong-sandbox", "app_secret": "sandbox-province-secret"],
                record: PushRecords.rfgc, tally: SandboxTally.province
            ),
            PushCase(
                platform: "city", dataset: "shelter", profile: try profile("city", in: directory),
                credentials: ["client_id": "huitong-sandbox", "client_secret": "sandbox-city-secret"],
                record: PushRecords.shelter, tally: SandboxTally.city
            ),
        ]
    }

    /// A connector for the sandbox at `baseURL`; `concurrency` nil keeps the settings' default.
    func connector(baseURL: String, concurrency: Int? = nil) throws -> PlatformConnector {
        var settings = PlatformSettings(name: platform, baseURL: baseURL, credentials: credentials.mapValues(Secret.init))
        if let concurrency { settings.concurrency = concurrency }
        return try PlatformConnector(profile: profile, settings: settings)
    }

    /// Records `0..<count`, in the order they are pushed.
    func records(_ count: Int) -> [OutgoingRecord] {
        (0..<count).map(record)
    }

    /// The batches the connector's planner makes of `records`, as `push` makes them.
    func batches(of records: [OutgoingRecord], connector: PlatformConnector, scope: String) throws -> [OutgoingBatch] {
        var planner = try connector.planner(dataset: dataset, test: false, scope: scope)
        var batches: [OutgoingBatch] = []
        for record in records {
            switch planner.add(record) {
            case .added: break
            case let .sealed(batch): batches.append(batch)
            case let .refused(reason): throw BenchmarkFailure("the planner refused generated record \(record.key): \(reason)")
            }
        }
        if let last = planner.finish() { batches.append(last) }
        return batches
    }

    private static func profile(_ name: String, in directory: String) throws -> PlatformProfile {
        let path = directory + "/\(name).yaml"
        do {
            return try PlatformProfileLoader.load(path: path)
        } catch {
            throw BenchmarkFailure("cannot load the platform profile \(path) (run from the repository root):\n\(error)")
        }
    }
}
