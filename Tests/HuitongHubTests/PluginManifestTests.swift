import Foundation
import HuitongCore
import HuitongHub
import HuitongMapping
import HuitongTestSupport
import HuitongYAML
import Testing

/// Plugin manifests, the built-in adapters' registry and the catalog, without I/O but for the
/// temporary plugins directories the catalog reads.
@Suite struct PluginManifestTests {
    static func problems(_ text: String) -> [String] {
        do {
            _ = try PluginManifestLoader.load(text: text, fileName: "plugin.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    static let preset = """
        plugin: register-csv
        kind: source
        version: "1.0"
        description: a preset of the csv adapter
        runtime: {builtin: csv}
        entity: shelter
        mapping: sources/shelter-registry.yaml
        options:
          encoding: {type: string, default: gb18030, allowed: [auto, gb18030]}

        """

    @Test func theBuiltInAdaptersAreRegisteredByNameWithTheirOwnManifests() throws {
        let registry = AdapterRegistry.builtin
        #expect(registry.names == ["cap", "csv", "http", "json", "jsonl"])
        for name in registry.names {
            let manifest = try #require(registry.adapter(named: name)?.manifest)
            #expect(manifest.name == name)
            #expect(manifest.runtime == .builtin(name))
            #expect(manifest.file == "built-in")
            #expect(!manifest.description.isEmpty)
        }
        #expect(registry.adapter(named: "jsonl")?.manifest.incremental == true)
        #expect(registry.adapter(named: "csv")?.manifest.incremental == false)
        let http = try #require(registry.adapter(named: "http")?.manifest)
        #expect(http.option(named: "bearer_token")?.secret == true)
        #expect(http.option(named: "max_pages")?.defaultValue == .integer(10_000))
        #expect(http.option(named: "url")?.required == true)
    }

    @Test func aPresetTakesTheBuiltInAdaptersOptionsWithItsOwnDefaults() throws {
        let manifest = try PluginManifestLoader.load(text: Self.preset, fileName: "plugin.yaml")
        #expect(manifest.optionNames == ["path", "encoding"], "the adapter's options, in its order")
        #expect(manifest.option(named: "path")?.required == true, "inherited as the adapter declares it")
        #expect(manifest.option(named: "encoding")?.defaultValue == .string("gb18030"))
        #expect(manifest.option(named: "encoding")?.allowed == ["auto", "gb18030"])
        #expect(manifest.entity == "shelter")
        #expect(manifest.mapping == "sources/shelter-registry.yaml")
    }

    @Test func aPresetRedeclaringAnOptionKeepsWhatItLeavesOutAsTheAdapterHasIt() throws {
        let text = Self.preset.replacingOccurrences(of: "{type: string, default: gb18030, allowed: [auto, gb18030]}", with: "{type: string, default: gbk}")
        let manifest = try PluginManifestLoader.load(text: text, fileName: "plugin.yaml")
        let encoding = try #require(manifest.option(named: "encoding"))
        #expect(encoding.defaultValue == .string("gbk"))
        #expect(encoding.allowed == ["auto", "utf-8", "gb18030", "gbk"], "the adapter's allowed values stay")
        #expect(encoding.description.contains("auto finds it"), "and its description")
        let http = """
            plugin: teams-api
            kind: source
            version: "1.0"
            description: a preset of the http adapter
            runtime: {builtin: http}
            options:
              max_pages: {type: integer, default: 50}

            """
        #expect(try PluginManifestLoader.load(text: http, fileName: "plugin.yaml").option(named: "max_pages")?.minimum == 1)
        // A default the adapter's rule refuses is refused at the preset's line.
        let problems = Self.problems(Self.preset.replacingOccurrences(of: "{type: string, default: gb18030, allowed: [auto, gb18030]}", with: "{type: string, default: latin1}"))
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("plugin.yaml:9:") == true && problems.first?.contains("latin1") == true, "\(problems)")
        // Narrowing allowed under the adapter's default ("auto"), or making a needed option optional with no default: refused.
        let narrowed = Self.problems(Self.preset.replacingOccurrences(of: "{type: string, default: gb18030, allowed: [auto, gb18030]}", with: "{type: string, allowed: [gb18030]}"))
        #expect(narrowed.count == 1 && narrowed.first?.contains("the built-in adapter csv's default") == true, "\(narrowed)")
        let optional = Self.problems(Self.preset.replacingOccurrences(of: "options:\n", with: "options:\n  path: {type: path, required: false}\n"))
        #expect(optional.count == 1 && optional.first?.contains("gives it a default") == true, "\(optional)")
    }

    @Test func eachMistakeInAManifestIsNamedAtItsLineAndColumn() {
        let cases: [(String, String, String)] = [
            (Self.preset.replacingOccurrences(of: "options:", with: "optons:"), "plugin.yaml:8:1", "did you mean \"options\"?"),
            (Self.preset.replacingOccurrences(of: "{builtin: csv}", with: "{builtin: cvs}"), "plugin.yaml:5:20", "no built-in adapter \"cvs\"; did you mean \"csv\"?"),
            (Self.preset.replacingOccurrences(of: "type: string", with: "type: strin"), "plugin.yaml:9:20", "no option type \"strin\"; did you mean \"string\"?"),
            (Self.preset.replacingOccurrences(of: "encoding: {", with: "encodng: {"), "plugin.yaml:9:3", "the built-in adapter csv has no option encodng; did you mean \"encoding\"?"),
            (Self.preset.replacingOccurrences(of: "type: string, default: gb18030, ", with: "type: integer, "), "plugin.yaml:9:", "allowed lists the values of a string option"),
            (Self.preset.replacingOccurrences(of: "default: gb18030", with: "default: gb2312"), "plugin.yaml:9:", "the default of encoding is \"gb2312\"; it is one of auto, gb18030"),
            (Self.preset.replacingOccurrences(of: "kind: source", with: "kind: platform"), "plugin.yaml:2:7", "a platform is described by its profile"),
            (Self.preset.replacingOccurrences(of: "plugin: register-csv", with: "plugin: 9register"), "plugin.yaml:1:9", "a plugin name uses ASCII letters"),
            (Self.preset.replacingOccurrences(of: "version: \"1.0\"\n", with: ""), "plugin.yaml:1:1", "a plugin manifest needs version:"),
            (Self.preset.replacingOccurrences(of: "mapping: sources/", with: "mapping: ../"), "plugin.yaml:7:10", "mapping names a file under the mappings directory"),
            (Self.preset.replacingOccurrences(of: "runtime: {builtin: csv}", with: "runtime: {builtin: csv}\nincremental: true"), "plugin.yaml:6:14", "the built-in adapter csv reads the whole source every run"),
        ]
        for (text, place, words) in cases {
            let found = Self.problems(text)
            #expect((1...2).contains(found.count), "\(words): \(found)")
            #expect(found.contains { $0.contains(place) && $0.contains(words) }, "\(place) \(words): \(found)")
        }
    }

    @Test func optionDeclarationsAreCheckedForWhatTheyCannotBe() {
        let base = """
            plugin: x
            kind: source
            version: "1"
            description: d
            runtime: {builtin: http}
            options:

            """
        let cases: [(String, String)] = [
            ("  url: {type: url, required: true, default: \"http://a\"}\n", "a required option has no default"),
            ("  bearer_token: {type: string, secret: true, default: abc}\n", "a secret option has no default"),
            ("  max_pages: {type: integer, default: 0, minimum: 1}\n", "the default of max_pages is 0; it is at least 1"),
            ("  max_pages: {type: string}\n", "the option max_pages of the built-in adapter http is integer; declare it so"),
            ("  bearer_token: {type: string}\n", "is a secret string; declare it so"),
            ("  Max: {type: string}\n", "an option name uses lower-case ASCII letters"),
            ("  url: {type: url, requird: true}\n", "did you mean \"required\"?"),
        ]
        for (option, words) in cases {
            let found = Self.problems(base + option)
            #expect(found.contains { $0.contains(words) }, "\(words): \(found)")
        }
    }

    @Test func anInstalledPluginMayNotTakeANameAlreadyUsed() throws {
        let plugins = NSTemporaryDirectory() + "huitong-plugins-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: plugins) }
        for (directory, name) in [("a", "csv"), ("b", "register"), ("c", "register")] {
            try FileManager.default.createDirectory(atPath: "\(plugins)/sources/\(directory)", withIntermediateDirectories: true)
            try Self.preset.replacingOccurrences(of: "plugin: register-csv", with: "plugin: \(name)")
                .write(toFile: "\(plugins)/sources/\(directory)/plugin.yaml", atomically: true, encoding: .utf8)
        }
        let (catalog, errors) = PluginCatalog.load(plugins: plugins)
        #expect(catalog.names == ["cap", "csv", "http", "json", "jsonl", "register"])
        #expect(catalog.source(named: "csv")?.file == "built-in", "the built-in adapter keeps its name")
        #expect(catalog.source(named: "register")?.file == "\(plugins)/sources/b/plugin.yaml", "the first in name order keeps it")
        let messages = errors.map(\.description)
        #expect(messages.count == 2, "\(messages)")
        #expect(messages.contains { $0.contains("sources/a/plugin.yaml:1:9") && $0.contains("the plugin name csv is taken by a built-in adapter") })
        #expect(messages.contains { $0.contains("sources/c/plugin.yaml:1:9") && $0.contains("is taken by \(plugins)/sources/b/plugin.yaml") })
    }
}

/// A job's `source:` held against its plugin's manifest when the configuration loads.
@Suite struct SourceOptionsConfigurationTests {
    static let shelters = "source: {adapter: csv, path: sources/shelters.csv}"

    /// The sample office with its shelters source replaced; installed plugins in a plugins
    /// directory of the office's own (with the repository's profiles).
    func load(source: String, mapping: String? = "mapping: sources/shelter-registry.yaml", installing manifests: [String: String] = [:]) throws -> (configuration: HubConfiguration?, problems: [String]) {
        let bed = try TestOffice.withSamples()
        var file = bed.sampleConfigurationFile
        if !manifests.isEmpty {
            let plugins = bed.path("plugins")
            try FileManager.default.createDirectory(atPath: plugins + "/sources", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: RepositoryPaths.path("plugins/platforms"), toPath: plugins + "/platforms")
            for (name, text) in manifests {
                try FileManager.default.createDirectory(atPath: "\(plugins)/sources/\(name)", withIntermediateDirectories: true)
                try text.write(toFile: "\(plugins)/sources/\(name)/plugin.yaml", atomically: true, encoding: .utf8)
            }
            file.plugins = plugins
        }
        var text = file.text.replacingOccurrences(of: Self.shelters, with: source)
        if mapping != "mapping: sources/shelter-registry.yaml" {
            text = text.replacingOccurrences(of: "    mapping: sources/shelter-registry.yaml\n", with: mapping.map { "    \($0)\n" } ?? "")
        }
        try text.write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        do {
            return (try HubConfiguration.load(path: bed.configurationPath), [])
        } catch {
            return (nil, error.errors.map(\.description))
        }
    }

    @Test func theOptionsOfABuiltInAdapterAreCheckedWithTheNearestNameSuggested() throws {
        let cases: [(String, String)] = [
            ("source: {adapter: csv, path: sources/shelters.csv, encodng: gbk}", "the source plugin csv has no option \"encodng\"; did you mean \"encoding\"? it takes path, encoding"),
            ("source: {adapter: csv, path: sources/shelters.csv, encoding: gb2312}", "encoding is \"gb2312\"; it is one of auto, utf-8, gb18030, gbk"),
            ("source: {adapter: csv}", "the source plugin csv needs path:"),
            ("source: {adapter: csv, path: sources/missing.csv}", "no such file or directory"),
            ("source: {adapter: cvs, path: sources/shelters.csv}", "unknown adapter \"cvs\"; did you mean \"csv\"?"),
            ("source: {adapter: csv, path: [a, b]}", "path must be a file or directory, relative to huitong.yaml"),
        ]
        for (source, words) in cases {
            let found = try load(source: source).problems
            #expect(found.count == 1, "\(words): \(found)")
            #expect(found.first?.contains("huitong.yaml:") == true, "\(found)")
            #expect(found.first?.contains(words) == true, "\(words): \(found)")
        }
    }

    @Test func theCheckedOptionsReachTheSourceWithTheirDefaults() throws {
        let loaded = try load(source: Self.shelters)
        let source = try #require(loaded.configuration?.job(named: "shelters")?.source, "\(loaded.problems)")
        #expect(source.plugin.name == "csv")
        #expect(source.options.string("encoding") == "auto", "the manifest's default")
        #expect(source.options.string("path")?.hasSuffix("/sources/shelters.csv") == true)
        #expect(source.options.string("path")?.hasPrefix("/") == true, "made absolute beside huitong.yaml")
        #expect(source.description.hasPrefix("csv (path="))
    }

    @Test func aPresetSuppliesItsMappingAndHoldsTheJobToItsEntity() throws {
        let preset = PluginManifestTests.preset
        let bare = try load(source: "source: {adapter: register-csv, path: sources/shelters.csv}", mapping: nil, installing: ["register-csv": preset])
        let job = try #require(bare.configuration?.job(named: "shelters"), "\(bare.problems)")
        #expect(job.mapping.file.hasSuffix("mappings/sources/shelter-registry.yaml"), "the plugin's default mapping")
        #expect(job.source.options.string("encoding") == "gb18030", "the preset's default")

        let other = try load(
            source: "source: {adapter: register-csv, path: sources/shelters.csv}", mapping: "mapping: sources/siren-tests.yaml",
            installing: ["register-csv": preset]
        ).problems
        #expect(other.contains { $0.contains("makes siren_test records, but the source plugin register-csv feeds shelter") }, "\(other)")

        let broken = try load(source: Self.shelters, installing: ["register-csv": preset.replacingOccurrences(of: "type: string", with: "type: strin")]).problems
        #expect(broken.contains { $0.contains("sources/register-csv/plugin.yaml:9:") && $0.contains("no option type \"strin\"") },
                "a broken manifest fails the load even when no job names it: \(broken)")
    }

    @Test func aSecretOptionIsAReferenceAndNeverShown() throws {
        let manifest = """
            plugin: register-api
            kind: source
            version: "1"
            description: d
            runtime: {builtin: http}
            options:
              bearer_token: {type: string, secret: true}

            """
        let secret = "s3cr3t-value-9f"
        let found = try load(
            source: "source: {adapter: register-api, url: http://127.0.0.1:9/api/facilities, bearer_token: \(secret), max_pagez: 3}",
            installing: ["register-api": manifest]
        ).problems
        #expect(found.contains { $0.contains("bearer_token is a secret: write ${env:NAME} or ${file:PATH}") }, "\(found)")
        #expect(found.contains { $0.contains("did you mean \"max_pages\"?") }, "the other mistake on the line, its line shown: \(found)")
        #expect(!found.joined().contains(secret), "not even on the line shown with another error: \(found)")

        // A secret under a misspelt name is not known to be one: its line is not shown either.
        let misspelt = try load(
            source: "source: {adapter: register-api, url: http://127.0.0.1:9/api/facilities, bearer_tokn: \(secret), max_pages: 0}",
            installing: ["register-api": manifest]
        ).problems
        #expect(misspelt.contains { $0.contains("did you mean \"bearer_token\"?") }, "\(misspelt)")
        #expect(misspelt.contains { $0.contains("max_pages") }, "the other mistake is still named, its line not shown: \(misspelt)")
        #expect(!misspelt.joined().contains(secret), "\(misspelt)")
    }

    @Test func aSourceThatFailsAddsNoFalseMissingMappingError() throws {
        let found = try load(source: "source: {adapter: register-csv, path: sources/nothing-here.csv, encodng: gbk}", mapping: nil,
                             installing: ["register-csv": PluginManifestTests.preset]).problems
        #expect(found.contains { $0.contains("did you mean \"encoding\"?") }, "\(found)")
        #expect(!found.contains { $0.contains("mapping") }, "the plugin brings its mapping; only the source's errors: \(found)")
    }

    @Test func aPresetsDefaultPathIsTakenBesideHuitongYAML() throws {
        let preset = PluginManifestTests.preset.replacingOccurrences(of: "options:\n", with: "options:\n  path: {type: path, default: sources/shelters.csv}\n")
        let found = try load(source: "source: {adapter: register-csv}", mapping: nil, installing: ["register-csv": preset])
        let job = try #require(found.configuration?.job(named: "shelters"), "\(found.problems)")
        let path = try #require(job.source.options.string("path"))
        #expect(path.hasPrefix("/") && path.hasSuffix("/sources/shelters.csv"), "\(path)")
        let missing = try load(source: "source: {adapter: register-csv}", mapping: nil,
                               installing: ["register-csv": preset.replacingOccurrences(of: "default: sources/shelters.csv", with: "default: sources/gone.csv")]).problems
        #expect(missing.contains { $0.contains("no such file or directory") && $0.contains("sources/gone.csv (the default of path") }, "\(missing)")
    }
}
