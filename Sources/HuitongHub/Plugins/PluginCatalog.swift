import Foundation
import HuitongYAML

/// Every source plugin a configuration can name: the built-in adapters (``AdapterRegistry``)
/// and the manifests installed under `PLUGINS/sources/NAME/plugin.yaml`. An installed plugin
/// may not take a name already used, by a built-in adapter or another manifest.
package struct PluginCatalog: Sendable {
    /// By name.
    package private(set) var sources: [String: PluginManifest] = [:]

    /// Where installed source plugins live under a plugins directory.
    package static func sourcesDirectory(under plugins: String) -> String {
        (plugins as NSString).appendingPathComponent("sources")
    }

    /// The built-in adapters alone.
    package init(registry: AdapterRegistry = .builtin) {
        for name in registry.names { sources[name] = registry.adapter(named: name)!.manifest }
    }

    /// The built-in adapters and every manifest under `plugins/sources/`; the problems of the
    /// manifests (each at its `file:line:col`) are returned beside the plugins that loaded.
    package static func load(plugins: String, registry: AdapterRegistry = .builtin) -> (catalog: PluginCatalog, errors: [YAMLError]) {
        var catalog = PluginCatalog(registry: registry)
        var errors: [YAMLError] = []
        for file in manifestFiles(under: plugins) {
            let root: YAMLNode
            do {
                root = try YAMLLoader.loadSingleDocument(path: file)
            } catch {
                errors += error.errors
                continue
            }
            do {
                let manifest = try PluginManifestLoader.load(root: root, file: file, registry: registry)
                if let existing = catalog.sources[manifest.name] {
                    let owner = existing.file == "built-in" ? "a built-in adapter" : existing.file
                    errors.append((root["plugin"] ?? root).error(.invalidValue, "the plugin name \(manifest.name) is taken by \(owner); give this plugin another name"))
                    continue
                }
                catalog.sources[manifest.name] = manifest
            } catch {
                errors += error.errors
            }
        }
        return (catalog, errors)
    }

    /// `PLUGINS/sources/*/plugin.yaml`, in name order.
    package static func manifestFiles(under plugins: String) -> [String] {
        let directory = sourcesDirectory(under: plugins)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { name in
            let file = (directory as NSString).appendingPathComponent(name + "/plugin.yaml")
            return FileManager.default.fileExists(atPath: file) ? file : nil
        }
    }

    package func source(named name: String) -> PluginManifest? { sources[name] }

    package var names: [String] { sources.keys.sorted() }
}
