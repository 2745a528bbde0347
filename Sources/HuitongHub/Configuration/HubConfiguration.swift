import Foundation
import HuitongCore
import HuitongMapping
import HuitongPlatforms
import HuitongYAML

/// `huitong.yaml`: where the plugins, mappings, state and ledger are, how to reach each
/// platform, and the jobs. Documented in docs/configuration.md.
package struct HubConfiguration: Sendable {
    /// One configured platform with the profile it uses.
    package struct Platform: Sendable {
        package let settings: PlatformSettings
        package let profile: PlatformProfile
    }

    package static let defaultPath = "huitong.yaml"
    static let keys: Set<String> = ["version", "plugins", "mappings", "state", "ledger", "platforms", "jobs", "service", "joint_test"]

    package let file: String
    /// The directory relative paths are taken from.
    package let directory: String
    package let pluginsDirectory: String
    package let mappingsDirectory: String
    package let stateDirectory: String
    package let ledgerDirectory: String
    package let platforms: [Platform]
    package let jobs: [JobConfiguration]
    /// How `huitong serve` runs the scheduled jobs (`service:`).
    package let service: ServiceSettings
    /// Where joint-test reports go and what a pass demands (`joint_test:`).
    package let jointTest: JointTestSettings
    /// The schema the mappings were checked against (nil for a configuration without jobs).
    package let schema: Schema?
    /// SHA-256 of the configuration file's bytes, for the ledger.
    package let contentHash: String
    /// What every target mapping's output depends on besides its target, hashed before the
    /// mappings and profiles were read (``MappingMemo/inputs(mappings:plugins:)``): a run trusts
    /// its memos only while the files still hash the same, so a mapping edited after this
    /// configuration was compiled (a long-running scheduler) never vouches for what the old one
    /// made. Nil when the executable has no build ID.
    let memoInputs: ContentHash?
    /// Whether the references (credentials, base URLs, …) were read; `.skip` for commands
    /// that send nothing.
    package let credentials: CredentialResolution

    package func platform(named name: String) -> Platform? {
        platforms.first { $0.settings.name == name }
    }

    package func job(named name: String) -> JobConfiguration? {
        jobs.first { $0.name == name }
    }

    /// Reads and checks the whole file: every platform's profile is loaded and every setting
    /// checked against it; every job's mappings are compiled against the schema and held
    /// against the platform's profile. All problems are reported together, and none of them
    /// shows a secret's value (`redaction(forFileAt:)`).
    ///
    /// - Parameter credentials: `.resolve` (run, ping, schedule, check) reads every
    ///   `${env:…}` and `${file:…}` reference now and fails on one that cannot be read;
    ///   `.skip` (rejects, ledger) reads none, so those commands need no secrets.
    package static func load(
        path: String, credentials: CredentialResolution = .resolve,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationFailure) -> HubConfiguration {
        let root: YAMLNode
        do {
            root = try YAMLLoader.loadSingleDocument(path: path, redaction: redaction(forFileAt: path))
        } catch {
            throw ConfigurationFailure(errors: error.errors)
        }
        var errors = YAMLErrorCollector()
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        let top = root.entries(allowing: keys, what: "the configuration", into: &errors)
        if let version = top["version"], errors.attempt({ () throws(YAMLError) in try version.requireInt() }) != 1 {
            errors.add(version.error(.invalidValue, "this huitong reads configuration version 1"))
        }
        func directoryPath(_ key: String, default name: String) -> String {
            let text = top[key].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } } ?? name
            return resolve(text, besideConfigurationAt: path)
        }
        let plugins = directoryPath("plugins", default: "plugins")
        let mappings = directoryPath("mappings", default: "mappings")
        let state = directoryPath("state", default: ".huitong/state")
        let ledger = directoryPath("ledger", default: defaultLedger)
        let service = ServiceSettings.read(top["service"], configurationPath: path, directory: directory, environment: environment,
                                           resolution: credentials, into: &errors)
        let jointTest = JointTestSettings.read(top["joint_test"], stateDirectory: state, configurationPath: path, into: &errors)
        // Before any mapping or profile is read: see `memoInputs`.
        let memoInputs = MappingMemo.inputs(mappings: mappings, plugins: plugins)

        var platforms: [Platform] = []
        var fileErrors: [YAMLError] = []
        for entry in top["platforms"]?.mappingEntries ?? [] {
            let name = entry.key.scalar?.text ?? ""
            let profileName = PlatformSettings.profileName(of: entry.value, entryName: name)
            let profilePath = (plugins as NSString).appendingPathComponent("platforms/\(profileName).yaml")
            let profile: PlatformProfile
            do {
                profile = try PlatformProfileLoader.load(path: profilePath)
            } catch {
                if FileManager.default.fileExists(atPath: profilePath) {
                    fileErrors += error.errors
                } else {
                    errors.add((entry.value["profile"] ?? entry.key).error(
                        .unknownReference, "no platform profile \(profilePath); profiles live in PLUGINS/platforms/NAME.yaml"
                    ))
                }
                continue
            }
            if let settings = PlatformSettings.load(
                name: name, node: entry.value, profile: profile, baseDirectory: directory, environment: environment,
                resolution: credentials, into: &errors
            ) {
                platforms.append(Platform(settings: settings, profile: profile))
            }
        }
        if top["platforms"]?.mappingEntries == nil {
            errors.add((top["platforms"] ?? root).error(.missingKey, "the configuration needs platforms: (name → profile, base_url, credentials)"))
        }

        var jobs: [JobConfiguration] = []
        var schema: Schema?
        if let jobsNode = top["jobs"] {
            // Every installed source plugin is checked, used by a job or not.
            let (catalog, manifestErrors) = PluginCatalog.load(plugins: plugins)
            fileErrors += manifestErrors
            do {
                schema = try SchemaLoader.load(mappings: MappingsDirectory(path: mappings))
            } catch {
                fileErrors += error.errors
            }
            if let schema {
                var reader = JobReader(
                    directory: directory, mappings: mappings, compiler: MappingCompiler(schema: schema),
                    platforms: platforms, environment: environment, resolution: credentials, catalog: catalog
                )
                jobs = reader.read(jobsNode, into: &errors)
                fileErrors += reader.fileErrors
            }
        }
        let all = errors.errors + fileErrors
        guard all.isEmpty else { throw ConfigurationFailure(errors: all) }
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        return HubConfiguration(
            file: path, directory: directory, pluginsDirectory: plugins, mappingsDirectory: mappings,
            stateDirectory: state, ledgerDirectory: ledger, platforms: platforms, jobs: jobs, service: service, jointTest: jointTest, schema: schema,
            contentHash: SHA256.hash(bytes).hex, memoInputs: memoInputs, credentials: credentials
        )
    }
}

/// Every problem found in a configuration and the files it uses.
package struct ConfigurationFailure: OperatorFacingError, Sendable {
    package let errors: [YAMLError]
    package var exitStatus: ExitStatus { .invalidInput }
    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
