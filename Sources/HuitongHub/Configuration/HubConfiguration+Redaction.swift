import Foundation
import HuitongPlatforms
import HuitongYAML

extension HubConfiguration {
    /// What no error about the configuration at `path` may show (`ConfigurationRedaction`):
    /// the secret credentials of the profiles under its plugins directory — the one a
    /// top-level `plugins:` line names, found in the text since the file may not parse —
    /// under the default `plugins` next to it, and under `./plugins`.
    package static func redaction(forFileAt path: String) -> YAMLRedaction {
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        var plugins = [(directory as NSString).appendingPathComponent("plugins"), "plugins"]
        if let data = FileManager.default.contents(atPath: path), let named = topLevelValue("plugins", in: String(decoding: data, as: UTF8.self)) {
            plugins.insert(named.hasPrefix("/") ? named : (directory as NSString).appendingPathComponent(named), at: 0)
        }
        return ConfigurationRedaction.redaction(
            profileDirectories: plugins.map { ($0 as NSString).appendingPathComponent("platforms") },
            secretKeys: secretOptionNames(pluginDirectories: plugins)
        )
    }

    /// The secret options of every source plugin: the built-in adapters' and those the
    /// manifests under each `PLUGINS/sources/` declare (read loosely, so a manifest with errors
    /// elsewhere still names its secrets).
    static func secretOptionNames(pluginDirectories: [String]) -> Set<String> {
        var names = Set(PluginCatalog().sources.values.flatMap { $0.options.filter(\.secret).map(\.name) })
        for plugins in Set(pluginDirectories) {
            for file in PluginCatalog.manifestFiles(under: plugins) {
                guard let root = try? YAMLLoader.loadSingleDocument(path: file) else { continue }
                for entry in root["options"]?.mappingEntries ?? [] {
                    if case .bool(true)? = entry.value["secret"]?.scalar?.resolution, let name = entry.key.scalar?.text { names.insert(name) }
                }
            }
        }
        return names
    }

    /// Whether the file at `path` reads like a configuration, without parsing it: a
    /// top-level `platforms:` or `jobs:` key. `huitong check` loads such a file redacted
    /// from the first byte, even when it is broken.
    package static func looksLikeConfiguration(path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        let text = String(decoding: data, as: UTF8.self)
        return topLevelKeys(in: text).contains { $0 == "platforms" || $0 == "jobs" }
    }

    /// The keys written at the start of a line (`name:` or `"name":`), in order.
    private static func topLevelKeys(in text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard let first = line.first, first != " ", first != "\t", first != "#", let colon = line.firstIndex(of: ":") else { return nil }
            return line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
        }
    }

    /// The plain text after a top-level `key:`, without a comment or quotes.
    private static func topLevelValue(_ key: String, in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            guard line.first != " ", line.first != "\t", let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")) == key else { continue }
            var value = line[line.index(after: colon)...]
            if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
            let trimmed = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
            return trimmed.isEmpty ? nil : trimmed
        }
        return nil
    }
}
