import Foundation
import HuitongYAML

extension HubConfiguration {
    /// The ledger directory the configuration at `path` names (`ledger:`, relative to the
    /// file's directory; `.huitong/ledger` beside it by default), read from its top-level
    /// `version` and `ledger` keys only: an auditor's `huitong ledger` must not depend on the
    /// profiles, the schema or the mappings, nor fail on one of them that is broken.
    package static func ledgerDirectory(configuredIn path: String) throws(ConfigurationFailure) -> String {
        try directory("ledger", default: defaultLedger, configuredIn: path)
    }

    /// The plugins directory the configuration at `path` names (default `plugins` beside it),
    /// read as ``ledgerDirectory(configuredIn:)`` reads the ledger's: no credential, profile or
    /// mapping is read.
    package static func pluginsDirectory(configuredIn path: String) throws(ConfigurationFailure) -> String {
        try directory("plugins", default: "plugins", configuredIn: path)
    }

    private static func directory(_ key: String, default name: String, configuredIn path: String) throws(ConfigurationFailure) -> String {
        let root: YAMLNode
        do {
            root = try YAMLLoader.loadSingleDocument(path: path, redaction: redaction(forFileAt: path))
        } catch {
            throw ConfigurationFailure(errors: error.errors)
        }
        var errors = YAMLErrorCollector()
        _ = errors.attempt { () throws(YAMLError) in try root.requireMapping() }
        if let version = root["version"], errors.attempt({ () throws(YAMLError) in try version.requireInt() }) != 1 {
            errors.add(version.error(.invalidValue, "this huitong reads configuration version 1"))
        }
        let text = root[key].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        guard errors.errors.isEmpty else { throw ConfigurationFailure(errors: errors.errors) }
        return resolve(text ?? name, besideConfigurationAt: path)
    }

    static let defaultLedger = ".huitong/ledger"

    /// A directory the configuration at `path` names: absolute as written, else relative to
    /// the configuration file's directory.
    static func resolve(_ text: String, besideConfigurationAt path: String) -> String {
        guard !text.hasPrefix("/") else { return text }
        let parent = (path as NSString).deletingLastPathComponent
        return ((parent.isEmpty ? "." : parent) as NSString).appendingPathComponent(text)
    }
}
