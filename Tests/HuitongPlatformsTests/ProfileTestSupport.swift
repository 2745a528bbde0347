import HuitongCore
import HuitongTransport
import HuitongYAML

@testable import HuitongPlatforms

/// Every error loading `text` reports, as `file:line:col: message`; none when it loads.
func profileErrors(_ text: String, fileName: String = "broken.yaml") -> [String] {
    do {
        _ = try PlatformProfileLoader.load(text: text, fileName: fileName)
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

/// A connector for the profile `text` that sends through `transport` and nothing else: no
/// socket is opened, so a test can look at requests as values.
func scriptedConnector(
    _ text: String, credentials: [String: Secret] = [:], transport: ScriptedTransport = ScriptedTransport([])
) throws -> PlatformConnector {
    let profile = try PlatformProfileLoader.load(text: text, fileName: "scripted.yaml")
    let settings = PlatformSettings(name: profile.name, baseURL: "http://\(profile.name).invalid/base", credentials: credentials)
    return try PlatformConnector(profile: profile, settings: settings, transport: transport, clock: SystemWallClock()) { _ in }
}
