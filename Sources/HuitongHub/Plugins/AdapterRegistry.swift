import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongPlatforms

/// The hub's built-in source adapters, by name, each with its manifest: the same YAML an
/// installed plugin writes, checked by the same loader, so `huitong plugin list` shows them
/// beside the installed ones and a job's options are held against them in one way.
///
/// A second adapter with a name already registered is a programming error, as in the mapping
/// language's `StepRegistry`.
package struct AdapterRegistry: Sendable {
    package struct Adapter: Sendable {
        package let manifest: PluginManifest
        /// Makes the adapter for one read, from the job's checked options and its source mapping.
        let make: @Sendable (SourceOptions, CompiledMapping) -> any SourceAdapter
    }

    private(set) var adapters: [String: Adapter] = [:]

    init() {}

    /// Registers a built-in adapter under the name its manifest gives.
    mutating func register(manifest text: String, make: @escaping @Sendable (SourceOptions, CompiledMapping) -> any SourceAdapter) {
        let manifest: PluginManifest
        do {
            manifest = try PluginManifestLoader.load(text: text, fileName: "built-in", registry: nil)
        } catch {
            preconditionFailure("a built-in adapter's manifest does not load: \(error)")
        }
        precondition(adapters[manifest.name] == nil, "source adapter \(manifest.name) registered twice")
        adapters[manifest.name] = Adapter(manifest: manifest, make: make)
    }

    package func adapter(named name: String) -> Adapter? { adapters[name] }

    /// The registered names, sorted.
    package var names: [String] { adapters.keys.sorted() }

    /// Every built-in adapter of this version.
    package static let builtin: AdapterRegistry = {
        var registry = AdapterRegistry()
        registry.register(manifest: BuiltinManifests.csv) { options, mapping in
            CSVSourceAdapter(
                path: options.string("path") ?? "", encoding: CSVEncoding(rawValue: options.string("encoding") ?? "auto") ?? .auto,
                requiredColumns: mapping.inputFieldNames
            )
        }
        registry.register(manifest: BuiltinManifests.json) { options, _ in
            JSONArrayFileAdapter(path: options.string("path") ?? "")
        }
        registry.register(manifest: BuiltinManifests.jsonl) { options, _ in
            JSONLinesDirectoryAdapter(directory: options.string("path") ?? "")
        }
        registry.register(manifest: BuiltinManifests.cap) { options, _ in
            CAPDirectoryAdapter(directory: options.string("path") ?? "")
        }
        registry.register(manifest: BuiltinManifests.http) { options, _ in
            let url = URL(string: options.string("url") ?? "")
            let base = "\(url?.scheme ?? "http")://\(url?.host ?? "")\(url?.port.map { ":\($0)" } ?? "")"
            let path = url.map(\.path).flatMap { $0.isEmpty ? nil : $0 } ?? "/api/facilities"
            return PagedAPIAdapter(
                baseURL: base, path: path, bearerToken: options.secret("bearer_token")?.reveal(),
                maximumPages: options.integer("max_pages") ?? PagedAPIAdapter.defaultMaximumPages
            )
        }
        return registry
    }()
}

/// The manifests of the built-in adapters, in the format of `plugins/sources/NAME/plugin.yaml`.
enum BuiltinManifests {
    static let csv = """
        plugin: csv
        kind: source
        version: "\(HuitongVersion.current)"
        description: A CSV export with a header line (UTF-8, GB18030 or GBK; the encoding found from the bytes by default).
        runtime: {builtin: csv}
        options:
          path: {type: path, required: true, description: "the CSV file, relative to huitong.yaml"}
          encoding: {type: string, default: auto, allowed: [auto, utf-8, gb18030, gbk], description: "the file's encoding; auto finds it from the bytes"}
        """

    static let json = """
        plugin: json
        kind: source
        version: "\(HuitongVersion.current)"
        description: A JSON file holding one array of records, read as a stream.
        runtime: {builtin: json}
        options:
          path: {type: path, required: true, description: "the JSON file, relative to huitong.yaml"}
        """

    static let jsonl = """
        plugin: jsonl
        kind: source
        version: "\(HuitongVersion.current)"
        description: A directory of JSON Lines files (one record per line), read incrementally - each run reads the files and lines added since the last.
        runtime: {builtin: jsonl}
        incremental: true
        options:
          path: {type: path, required: true, description: "the directory, relative to huitong.yaml"}
        """

    static let cap = """
        plugin: cap
        kind: source
        version: "\(HuitongVersion.current)"
        description: A directory of CAP 1.2 alert files (XML), read incrementally - each run reads the files new or changed since the last.
        runtime: {builtin: cap}
        incremental: true
        options:
          path: {type: path, required: true, description: "the directory, relative to huitong.yaml"}
        """

    static let http = """
        plugin: http
        kind: source
        version: "\(HuitongVersion.current)"
        description: A paged HTTP JSON API (sources.md section 3), read whole on every run.
        runtime: {builtin: http}
        options:
          url: {type: url, required: true, description: "base URL and path of the paged API; may be a ${env:} or ${file:} reference"}
          bearer_token: {type: string, secret: true, description: "the API's bearer token, as ${env:NAME} or ${file:PATH}"}
          max_pages: {type: integer, default: \(PagedAPIAdapter.defaultMaximumPages), minimum: 1, description: "the most pages one read may take; more is an incomplete read"}
        """
}
