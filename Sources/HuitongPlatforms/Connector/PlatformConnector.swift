import HuitongCore
import HuitongTransport

/// Speaks to one platform as its profile describes: authenticates, signs, sends batches,
/// retries what is transient, reads answers into per-record fates, reads back what the
/// platform holds. The same type serves the province, the city and any platform added with
/// a YAML profile.
///
/// Safe to use from many tasks at once: the token cache is an actor, everything else is
/// immutable.
package final class PlatformConnector: Sendable {
    package let profile: PlatformProfile
    package let settings: PlatformSettings
    /// Sends each attempt: the libcurl `HTTPClient`, or a scripted stand-in in tests.
    let transport: any HTTPTransport
    let clock: any WallClock
    let sleep: @Sendable (Double) async -> Void
    let signingAlgorithm: SigningAlgorithm?
    let tokens: TokenCache?
    /// Resolves `{credential.x}` and `{option.x}`; built once, used by every request.
    let lookup: @Sendable (String) -> Value?

    /// - Parameters:
    ///   - client: the libcurl client to send with; nil: one made from the settings' transport.
    ///   - clock: the time used for timestamps, token expiry and time limits.
    ///   - sleep: waits between attempts (tests pass one that records instead of waiting).
    package convenience init(
        profile: PlatformProfile, settings: PlatformSettings, client: HTTPClient? = nil,
        clock: any WallClock = SystemWallClock(),
        sleep: @escaping @Sendable (Double) async -> Void = { seconds in
            try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
        }
    ) throws(PlatformSettingsError) {
        try self.init(
            profile: profile, settings: settings, transport: client ?? HTTPClient(configuration: settings.transport),
            clock: clock, sleep: sleep
        )
    }

    /// A connector that sends through `transport` (tests pass a scripted one).
    package init(
        profile: PlatformProfile, settings: PlatformSettings, transport: any HTTPTransport,
        clock: any WallClock, sleep: @escaping @Sendable (Double) async -> Void
    ) throws(PlatformSettingsError) {
        guard settings.credentialsResolved else {
            throw PlatformSettingsError(platform: settings.name, problems: [
                "its credentials were not read (the configuration was loaded without them, as huitong rejects and ledger load it); load it with its credentials to send",
            ])
        }
        try settings.check(against: profile)
        self.profile = profile
        self.settings = settings
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
        let lookup = Self.configuredLookup(profile: profile, settings: settings)
        self.lookup = lookup
        if let signing = profile.signing {
            let name = (try? signing.algorithm.renderText(lookup)) ?? ""
            guard let algorithm = SigningAlgorithm(rawValue: name) else {
                throw PlatformSettingsError(platform: settings.name, problems: ["signing algorithm \"\(name)\" is neither HMAC-SHA256 nor HMAC-SM3"])
            }
            signingAlgorithm = algorithm
        } else {
            signingAlgorithm = nil
        }
        if case let .tokenEndpoint(endpoint) = profile.authentication {
            tokens = TokenCache(clock: clock, sleep: sleep, rateLimit: endpoint.rateLimit)
        } else {
            tokens = nil
        }
    }

    /// Resolves `{credential.x}` and `{option.x}`.
    static func configuredLookup(profile: PlatformProfile, settings: PlatformSettings) -> @Sendable (String) -> Value? {
        let credentials = settings.credentials
        var options: [String: String] = [:]
        for option in profile.options { options[option.name] = settings.options[option.name] ?? option.defaultValue }
        let resolved = options
        return { name in
            if name.hasPrefix("credential.") { return credentials[String(name.dropFirst(11))].map { .string($0.reveal()) } }
            if name.hasPrefix("option.") { return resolved[String(name.dropFirst(7))].map { .string($0) } }
            return nil
        }
    }

    /// Tokens fetched so far (token-endpoint platforms).
    package var tokenRequests: Int {
        get async { await tokens?.fetchCount ?? 0 }
    }

    /// `POST http://host/exchange/api/v1/…` for messages: no query, no userinfo.
    func describe(_ request: PlannedRequest) -> String {
        URLRedaction.removingUserInfo(from: "\(request.method) \(settings.base(test: request.test))\(request.path)")
    }
}
