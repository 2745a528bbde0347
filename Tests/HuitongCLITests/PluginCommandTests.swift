import Foundation
import HuitongCore
import HuitongTestSupport
import Testing

@Suite("huitong plugin: the installed source plugins and platform profiles")
struct PluginCommandTests {
    /// A plugins directory with the repository's profiles and the given manifests.
    func plugins(_ manifests: [String: String]) throws -> String {
        let directory = NSTemporaryDirectory() + "huitong-plugins-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/sources", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("plugins/platforms"), toPath: directory + "/platforms")
        for (name, text) in manifests {
            try FileManager.default.createDirectory(atPath: "\(directory)/sources/\(name)", withIntermediateDirectories: true)
            try text.write(toFile: "\(directory)/sources/\(name)/plugin.yaml", atomically: true, encoding: .utf8)
        }
        return directory
    }

    static let preset = try! String(contentsOfFile: RepositoryPaths.path("plugins/sources/shelter-registry-csv/plugin.yaml"), encoding: .utf8)

    @Test("list shows the built-in adapters, the installed plugins and the profiles in one table")
    func list() async throws {
        let result = await runHuitong(["plugin", "list", "--plugins", RepositoryPaths.path("plugins")])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME") == true)
        for (name, kind, runtime) in [
            ("csv", "source", "builtin csv"), ("jsonl", "source", "builtin jsonl"), ("http", "source", "builtin http"),
            ("shelter-registry-csv", "source", "builtin csv (installed)"), ("tap-shelter-register", "source", "process (singer)"), ("province", "platform", "profile"), ("city", "platform", "profile"),
        ] {
            #expect(lines.contains { $0.hasPrefix(name + " ") && $0.contains(" \(kind) ") && $0.contains(runtime) }, "\(name): \(result.output)")
        }
    }

    @Test("list --json gives every plugin with its options, for scripts")
    func listJSON() async throws {
        let result = await runHuitong(["plugin", "list", "--json", "--plugins", RepositoryPaths.path("plugins")])
        #expect(result.status == HuitongCore.ExitStatus.success)
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let sources = object?["sources"] as? [[String: Any]] ?? []
        #expect(sources.map { $0["name"] as? String } == ["cap", "csv", "http", "json", "jsonl", "shelter-registry-csv", "tap-shelter-register"])
        let preset = sources.first { $0["name"] as? String == "shelter-registry-csv" }
        #expect(preset?["entity"] as? String == "shelter")
        #expect(preset?["builtin"] as? Bool == false)
        let options = preset?["options"] as? [[String: Any]] ?? []
        #expect(options.map { $0["name"] as? String } == ["path", "encoding"])
        #expect(options.last?["default"] as? String == "gb18030")
        let platforms = object?["platforms"] as? [[String: Any]] ?? []
        #expect(Set(platforms.compactMap { $0["name"] as? String }) == ["city", "province"])
        #expect((object?["problems"] as? [Any])?.isEmpty == true)
    }

    @Test("a broken manifest is listed as invalid, its problem printed at its line, exit 3")
    func brokenManifest() async throws {
        let directory = try plugins(["register": Self.preset.replacingOccurrences(of: "{builtin: csv}", with: "{builtin: cvs}")])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = await runHuitong(["plugin", "list", "--plugins", directory])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("register") && result.output.contains("invalid"), "\(result.output)")
        #expect(result.errors.contains("sources/register/plugin.yaml:10:"), "\(result.errors)")
        #expect(result.errors.contains("no built-in adapter \"cvs\"; did you mean \"csv\"?"), "\(result.errors)")

        let checked = await runHuitong(["check", directory, "--mappings", RepositoryPaths.mappings])
        #expect(checked.status == HuitongCore.ExitStatus.invalidInput)
        #expect(checked.output.contains("sources/register/plugin.yaml:10:"), "check reports it too: \(checked.output)")
    }

    @Test("check holds a plugin's entity and default mapping against the schema and the mappings")
    func checkEntityAndMapping() async throws {
        let directory = try plugins([
            "a": Self.preset.replacingOccurrences(of: "entity: shelter", with: "entity: sheltr").replacingOccurrences(of: "plugin: shelter-registry-csv", with: "plugin: a"),
            "b": Self.preset.replacingOccurrences(of: "mapping: sources/shelter-registry.yaml", with: "mapping: sources/siren-tests.yaml").replacingOccurrences(of: "plugin: shelter-registry-csv", with: "plugin: b"),
            "c": Self.preset.replacingOccurrences(of: "mapping: sources/shelter-registry.yaml", with: "mapping: sources/nothing.yaml").replacingOccurrences(of: "plugin: shelter-registry-csv", with: "plugin: c"),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = await runHuitong(["check", directory, "--mappings", RepositoryPaths.mappings])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("the schema has no entity sheltr; did you mean \"shelter\"?"), "\(result.output)")
        #expect(result.output.contains("sources/siren-tests.yaml makes siren_test records, but the plugin says it feeds shelter"), "\(result.output)")
        #expect(result.output.contains("no mapping file") && result.output.contains("sources/nothing.yaml"), "\(result.output)")
        let clean = await runHuitong(["check", RepositoryPaths.path("plugins"), "--mappings", RepositoryPaths.mappings])
        #expect(clean.status == HuitongCore.ExitStatus.success, "the shipped preset checks clean: \(clean.output)")
    }

    @Test("show prints one plugin's options; an unknown name is refused with the nearest one")
    func show() async throws {
        let result = await runHuitong(["plugin", "show", "http", "--plugins", RepositoryPaths.path("plugins")])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.contains("bearer_token  (string; secret: ${env:NAME} or ${file:PATH})"), "\(result.output)")
        #expect(result.output.contains("max_pages  (integer; default 10000; at least 1)"), "\(result.output)")
        let unknown = await runHuitong(["plugin", "show", "jsnl", "--plugins", RepositoryPaths.path("plugins")])
        #expect(unknown.status == HuitongCore.ExitStatus.invalidInput)
        #expect(unknown.errors.contains("Did you mean jsonl?"), "\(unknown.errors)")
        let action = await runHuitong(["plugin", "lst"])
        #expect(action.status == HuitongCore.ExitStatus.usage)
        #expect(action.errors.contains("Did you mean 'list'?"), "\(action.errors)")
    }

    @Test("check finds two manifests claiming one name, and one taking a built-in adapter's")
    func checkFindsDuplicateNames() async throws {
        let one = Self.preset
        let directory = try plugins(["a": one, "b": one, "c": one.replacingOccurrences(of: "plugin: shelter-registry-csv", with: "plugin: csv")])
        let result = await runHuitong(["check", "--mappings", RepositoryPaths.path("mappings"), directory])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("sources/b/plugin.yaml") && result.output.contains("is taken by \(directory)/sources/a/plugin.yaml"), "\(result.output)")
        #expect(result.output.contains("the plugin name csv is taken by a built-in adapter"), "\(result.output)")
    }
}
