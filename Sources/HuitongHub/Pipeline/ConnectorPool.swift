import HuitongPlatforms
import Synchronization

/// The connectors of one `JobRunner`: one per platform, made when a job first needs it and
/// kept for the runner's life, so every job of one `huitong run` (and every run of
/// `huitong schedule`) shares the platform's token and its token-rate budget. The city allows
/// ten token requests a minute per client; a connector per job would spend one per target.
final class ConnectorPool: Sendable {
    private let make: @Sendable (HubConfiguration.Platform) throws -> PlatformConnector
    private let connectors = Mutex<[String: PlatformConnector]>([:])

    init(make: @escaping @Sendable (HubConfiguration.Platform) throws -> PlatformConnector) {
        self.make = make
    }

    /// The platform's connector, made on first use. A platform whose connector cannot be made
    /// (settings that do not fit the profile) throws every time it is asked for.
    func connector(for platform: HubConfiguration.Platform) throws -> PlatformConnector {
        try connectors.withLock { connectors in
            if let connector = connectors[platform.settings.name] { return connector }
            let connector = try make(platform)
            connectors[platform.settings.name] = connector
            return connector
        }
    }
}
