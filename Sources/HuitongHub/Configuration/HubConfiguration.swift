import Foundation
import HuitongCore
import HuitongPlatforms
import HuitongYAML

/// `huitong.yaml`: where the plugins and mappings are and how to reach each platform.
/// Documented in docs/configuration.md.
struct HuitongConfiguration: Sendable {
    /// One configured platform with the profile it uses.
    struct Platform: Sendable {
        let settings: PlatformSettings
        let profile: PlatformProfile
    }

    static let defaultPath = "huitong.yaml"
    static let keys: Set<String> = ["version", "plugins", "mappings", "platforms"]

    let file: String
    let pluginsDirectory: String
    let mappingsDirectory: String
    let platforms: [Platform]

    func platform(named name: String) -> Platform? {
        platforms.first { $0.settings.name == name }
    }

    /// Reads and checks the whole file: every platform's profile is loaded and every setting
    /// checked against it; all problems are reported together.
    static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationFailure) -> HuitongConfiguration {
        let root: YAMLNode
        do {
            root = try YAMLLoader.load(path: path).requireSingleDocument()
        } catch let failure as YAMLLoadFailure {
            throw ConfigurationFailure(errors: failure.errors)
        } catch let error as YAMLError {
            throw ConfigurationFailure(errors: [error])
        } catch {
            preconditionFailure("YAMLLoader threw \(error)")
        }
        var errors = YAMLErrorCollector()
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let top = root.entries(allowing: keys, what: "the configuration", into: &errors)
        if let version = top["version"], errors.attempt({ () throws(YAMLError) in try version.requireInt() }) != 1 {
            errors.add(version.error(.invalidValue, "this huitong reads configuration version 1"))
        }
        func directoryPath(_ key: String, default name: String) -> String {
            let text = top[key].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } } ?? name
            return text.hasPrefix("/") ? text : (directory as NSString).appendingPathComponent(text)
        }
        let plugins = directoryPath("plugins", default: "plugins")
        let mappings = directoryPath("mappings", default: "mappings")
        var platforms: [Platform] = []
        var profileErrors: [YAMLError] = []
        for entry in top["platforms"]?.mappingEntries ?? [] {
            let name = entry.key.scalar?.text ?? ""
            let profileName = PlatformSettings.profileName(of: entry.value, entryName: name)
            let profilePath = (plugins as NSString).appendingPathComponent("platforms/\(profileName).yaml")
            let profile: PlatformProfile
            do {
                profile = try PlatformProfileLoader.load(path: profilePath)
            } catch {
                if FileManager.default.fileExists(atPath: profilePath) {
                    profileErrors += error.errors
                } else {
                    errors.add((entry.value["profile"] ?? entry.key).error(
                        .unknownReference, "no platform profile \(profilePath); profiles live in PLUGINS/platforms/NAME.yaml"
                    ))
                }
                continue
            }
            if let settings = PlatformSettings.load(
                name: name, node: entry.value, profile: profile, baseDirectory: directory, environment: environment, into: &errors
            ) {
                platforms.append(Platform(settings: settings, profile: profile))
            }
        }
        if top["platforms"]?.mappingEntries == nil {
            errors.add((top["platforms"] ?? root).error(.missingKey, "the configuration needs platforms: (name → profile, base_url, credentials)"))
        }
        let all = errors.errors + profileErrors
        guard all.isEmpty else { throw ConfigurationFailure(errors: all) }
        return HuitongConfiguration(file: path, pluginsDirectory: plugins, mappingsDirectory: mappings, platforms: platforms)
    }
}

/// Every problem found in a configuration and the profiles it uses.
struct ConfigurationFailure: OperatorFacingError, Sendable {
    let errors: [YAMLError]
    var exitStatus: ExitStatus { .invalidInput }
    var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension OptionSpec {
    /// `--config FILE`, for commands that read `huitong.yaml`.
    static let config = OptionSpec(
        name: "config", kind: .value(placeholder: "FILE"),
        help: "the configuration file (default: ./\(HuitongConfiguration.defaultPath))"
    )
}

extension ParsedArguments {
    var configurationPath: String { value(OptionSpec.config.name) ?? HuitongConfiguration.defaultPath }
}
