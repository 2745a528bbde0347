import HuitongCore
import HuitongTransport

/// One configured platform: which profile, where it is, and the credentials and options
/// this office uses with it. Built from the `platforms:` section of `huitong.yaml`.
package struct PlatformSettings: Sendable {
    /// The name jobs refer to (usually the profile's name).
    package var name: String
    package var baseURL: String
    /// Used instead of `baseURL` in joint-test runs, when the platform has a test endpoint.
    package var testBaseURL: String?
    package var credentials: [String: Secret]
    package var options: [String: String]
    package var transport: HTTPClientConfiguration
    /// Batches in flight at once for one dataset.
    package var concurrency: Int
    /// False when the configuration was loaded without reading its references
    /// (`CredentialResolution.skip`): the settings name the platform but cannot authenticate,
    /// and no connector is built from them.
    package var credentialsResolved = true

    package init(
        name: String, baseURL: String, testBaseURL: String? = nil, credentials: [String: Secret] = [:],
        options: [String: String] = [:], transport: HTTPClientConfiguration = HTTPClientConfiguration(),
        concurrency: Int = 4
    ) {
        self.name = name
        self.baseURL = baseURL
        self.testBaseURL = testBaseURL
        self.credentials = credentials
        self.options = options
        self.transport = transport
        self.concurrency = concurrency
    }

    /// The base URL for a run, without a trailing slash.
    func base(test: Bool) -> String {
        var url = (test ? testBaseURL : nil) ?? baseURL
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// Settings that do not fit the profile they are used with.
package struct PlatformSettingsError: OperatorFacingError, Sendable {
    package let platform: String
    package let problems: [String]
    package var exitStatus: ExitStatus { .invalidInput }
    package var description: String {
        URLRedaction.removingUserInfo(from: "platform \(platform): " + problems.joined(separator: "; "))
    }
}

extension PlatformSettings {
    /// Checks the settings against what the profile needs: every credential present, options
    /// known and allowed, a base URL that is http(s).
    package func check(against profile: PlatformProfile) throws(PlatformSettingsError) {
        var problems: [String] = []
        for requirement in profile.credentials where credentials[requirement.name] == nil {
            problems.append("the profile \(profile.name) needs the credential \(requirement.name) (\(requirement.description)); add it under credentials:")
        }
        for name in credentials.keys.sorted() where profile.credential(named: name) == nil {
            problems.append("credential \(name) is not one the profile \(profile.name) uses (\(profile.credentials.map(\.name).joined(separator: ", ")))")
        }
        for (name, value) in options.sorted(by: { $0.key < $1.key }) {
            guard let option = profile.options.first(where: { $0.name == name }) else {
                problems.append("the profile \(profile.name) has no option \(name)")
                continue
            }
            if let allowed = option.allowed, !allowed.contains(value) {
                problems.append("option \(name) is \"\(value)\"; allowed: \(allowed.joined(separator: ", "))")
            }
        }
        for url in [baseURL] + (testBaseURL.map { [$0] } ?? []) where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            problems.append("the base URL \"\(URLRedaction.removingUserInfo(from: url))\" must start with http:// or https://")
        }
        if !problems.isEmpty { throw PlatformSettingsError(platform: name, problems: problems) }
    }

    /// The option's configured value or the profile's default.
    func option(_ name: String, in profile: PlatformProfile) -> String? {
        options[name] ?? profile.options.first { $0.name == name }?.defaultValue
    }
}
