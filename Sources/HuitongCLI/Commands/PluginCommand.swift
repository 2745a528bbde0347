import Foundation
import HuitongCore
import HuitongHub
import HuitongMapping
import HuitongPlatforms
import HuitongYAML

/// `huitong plugin list|show|new|test`: every source plugin (built-in adapters and installed
/// manifests) and every platform profile, in one table; one plugin's options; a new source
/// plugin made from a template; a plugin's conformance checks.
struct PluginCommand: Command {
    static let actions = ["list", "show", "new", "test"]

    var spec: CommandSpec {
        CommandSpec(
            name: "plugin",
            summary: "List, show, create and test source plugins and platform profiles.",
            discussion: """
            ACTION is one of:
              list         One line per plugin: name, kind (source or platform), version, runtime and
                           description. Sources are the built-in adapters and the manifests under
                           PLUGINS/sources/NAME/plugin.yaml; platforms are the profiles under
                           PLUGINS/platforms/NAME.yaml. A manifest or profile with problems is listed as
                           invalid, its problems are printed (FILE:LINE:COLUMN) and the exit status is 3.
              show NAME    One plugin: its manifest's fields and every option a job's source: may give
                           (type, required or default, allowed values, secret), or a profile's datasets.
              new NAME     A working source plugin: a Singer tap in --lang python (standard library only)
                           or shell (POSIX sh) reading a JSON Lines file, its manifest, a fixture, the
                           conformance source and a README under PLUGINS/sources/NAME/, and a source
                           mapping to --entity ENTITY (default shelter) in MAPPINGS/sources/NAME.yaml.
                           Existing files are never overwritten.
              test NAME    The conformance checks, one line each, passed, failed or skipped: the manifest
                           is valid; the source in PLUGINS/sources/NAME/conformance.yaml is valid for it;
                           it runs on that source within its limits; its messages are valid Singer; every
                           record maps to the schema with no set-aside row; a second run given the state
                           the first returned emits nothing new; run with none of its options it exits
                           non-zero with a message. Exit status 0 when every check passes, 1 when one fails.

            The plugins directory is --plugins DIR; without it, the plugins: directory of the configuration
            (--config FILE, or ./huitong.yaml when it exists; only its plugins: key is read); without either,
            ./plugins. See docs/plugins.md for writing a plugin.
            """,
            options: [
                OptionSpec(name: "plugins", kind: .value(placeholder: "DIR"), help: "the plugins directory (default: the configuration's, else ./plugins)"),
                .config,
                .mappings,
                OptionSpec(name: "lang", kind: .value(placeholder: "LANGUAGE"), help: "new: python or shell (default python)"),
                OptionSpec(name: "entity", kind: .value(placeholder: "ENTITY"), help: "new: the schema entity the plugin feeds (default shelter)"),
                OptionSpec(name: "json", help: "print one JSON object for scripts"),
            ],
            arguments: [
                ArgumentSpec(name: "ACTION", help: Self.actions.joined(separator: ", ")),
                ArgumentSpec(name: "NAME", arity: .optional, help: "show: a plugin or platform name; new, test: a source plugin name"),
            ],
            examples: [
                ("huitong plugin list", "every source plugin and platform profile"),
                ("huitong plugin list --json", "the same for scripts, with each option"),
                ("huitong plugin show csv", "the options a csv source takes"),
                ("huitong plugin new tap-teams-db --lang python --entity rescue_team", "a new source plugin"),
                ("huitong plugin test tap-teams-db", "its conformance checks"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let action = arguments.positional("ACTION") ?? ""
        guard Self.actions.contains(action) else {
            let nearest = NameSuggestion.nearest(to: action, among: Self.actions).map { "Did you mean '\($0)'? " } ?? ""
            throw usage("unknown action \"\(action)\"; the actions are \(Self.actions.joined(separator: ", "))", hint: nearest)
        }
        let name = arguments.positional("NAME")
        if action == "list", let name { throw usage("'huitong plugin list' takes no NAME (got \"\(name)\")", hint: "") }
        let directory = try pluginsDirectory(arguments)
        let json = arguments.flag("json")
        if action == "new" || action == "test" {
            guard let name else { throw usage("'huitong plugin \(action)' needs NAME: a source plugin name", hint: "") }
            if action == "new" { return try create(name, plugins: directory, arguments: arguments, console: console) }
            return await test(name, plugins: directory, mappings: arguments.mappingsDirectory.path, json: json, console: console)
        }
        let installed = InstalledPlugins.load(plugins: directory)
        if action == "show" {
            guard let name else { throw usage("'huitong plugin show' needs NAME: a plugin or platform name", hint: "") }
            return show(name, installed, json: json, console: console)
        }
        if json {
            let object: Value = [
                "plugins": .string(directory),
                "sources": .array(installed.catalog.names.map { Self.sourceJSON(installed.catalog.source(named: $0)!) }),
                "platforms": .array(installed.profiles.map(Self.platformJSON)),
                "problems": .array(installed.problems.map(Self.problemJSON)),
            ]
            console.line(try JSONWriter().string(for: object))
        } else {
            console.writeOutput(Self.table(installed))
            for problem in installed.problems { console.diagnostic(problem.description) }
            if !installed.problems.isEmpty {
                console.diagnostic("\(installed.problems.count) problem(s) in the plugins under \(directory); fix them, then run 'huitong check \(directory)'")
            }
        }
        return installed.problems.isEmpty ? .success : .invalidInput
    }

    private func show(_ name: String, _ installed: InstalledPlugins, json: Bool, console: Console) -> ExitStatus {
        if let manifest = installed.catalog.source(named: name) {
            if json {
                console.line((try? JSONWriter().string(for: Self.sourceJSON(manifest))) ?? "{}")
            } else {
                console.writeOutput(Self.sourceText(manifest))
            }
            return .success
        }
        if let profile = installed.profiles.first(where: { $0.name == name }) {
            if json {
                console.line((try? JSONWriter().string(for: Self.platformJSON(profile))) ?? "{}")
            } else {
                var lines = ["\(profile.name)  platform  version \(profile.version)", profile.description, "file: \(profile.file)"]
                if let contract = profile.contract { lines.append("contract: \(contract)") }
                lines.append("datasets: \(profile.datasets.map(\.name).joined(separator: ", "))")
                lines.append("credentials: \(profile.credentials.map { $0.name + ($0.secret ? " (secret)" : "") }.joined(separator: ", "))")
                console.line(lines.joined(separator: "\n"))
            }
            return .success
        }
        let names = installed.catalog.names + installed.profiles.map(\.name)
        let hint = NameSuggestion.nearest(to: name, among: names).map { "Did you mean \($0)? " } ?? ""
        console.diagnostic("huitong plugin: no plugin or platform \"\(name)\"; installed: \(names.joined(separator: ", ")).\n\(hint)Run 'huitong plugin list' to see them.")
        return .invalidInput
    }

    /// `plugin new`: the scaffold's files, written only where nothing is.
    private func create(_ name: String, plugins: String, arguments: ParsedArguments, console: Console) throws -> ExitStatus {
        if let problem = PluginScaffold.nameProblem(name) { throw usage("\"\(name)\": \(problem)", hint: "") }
        let languages = PluginScaffold.Language.allCases.map(\.rawValue)
        let languageName = arguments.value("lang") ?? "python"
        guard let language = PluginScaffold.Language(rawValue: languageName) else {
            let hint = NameSuggestion.nearest(to: languageName, among: languages).map { "Did you mean \($0)? " } ?? ""
            throw usage("unknown --lang \"\(languageName)\"; the languages are \(languages.joined(separator: ", "))", hint: hint)
        }
        let mappings = arguments.mappingsDirectory
        let schema = try SchemaLoader.load(mappings: mappings)
        let entityName = arguments.value("entity") ?? "shelter"
        guard let entity = schema.entity(named: entityName) else {
            let hint = NameSuggestion.nearest(to: entityName, among: schema.entityNames).map { "Did you mean \($0)? " } ?? ""
            throw usage("the schema under \(mappings.path) has no entity \"\(entityName)\"; its entities are \(schema.entityNames.joined(separator: ", "))", hint: hint)
        }
        let (catalog, _) = PluginCatalog.load(plugins: plugins)
        if catalog.source(named: name) != nil {
            console.diagnostic("huitong plugin new: a source plugin \(name) already exists ('huitong plugin show \(name)'); choose another name")
            return .invalidInput
        }
        let scaffold = PluginScaffold(name: name, language: language, entity: entity, codeTables: schema.codeTables)
        let files = scaffold.files.map { file in
            (file, ((file.root == .plugins ? plugins : mappings.path) as NSString).appendingPathComponent(file.path))
        }
        let taken = files.map(\.1).filter { FileManager.default.fileExists(atPath: $0) }
        guard taken.isEmpty else {
            console.diagnostic("huitong plugin new: \(taken.joined(separator: ", ")) already exist(s); nothing was written. Move them away or choose another name.")
            return .invalidInput
        }
        for (file, path) in files {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
            if file.executable { _ = chmod(path, 0o755) }
            console.line("created \(path)")
        }
        if !scaffold.unresolved.isEmpty {
            console.diagnostic("the fixture holds TODO for \(scaffold.unresolved.joined(separator: ", ")): no example fits the schema's rule; put real values in fixture.jsonl")
        }
        console.line("next: huitong plugin test \(name)\(plugins == "plugins" ? "" : " --plugins \(plugins)")\(mappings.path == MappingsDirectory.defaultPath ? "" : " --mappings \(mappings.path)")")
        return .success
    }

    /// `plugin test`: the conformance checks, a pass/fail list.
    private func test(_ name: String, plugins: String, mappings: String, json: Bool, console: Console) async -> ExitStatus {
        let checks = await PluginConformance(plugins: plugins, mappings: mappings, name: name).run()
        let failed = checks.filter { $0.result == .failed }
        if json {
            let object: Value = [
                "plugin": .string(name),
                "passed": .bool(failed.isEmpty),
                "checks": .array(checks.map { ["name": .string($0.name), "result": .string($0.result.rawValue), "detail": .string($0.detail)] }),
            ]
            console.line((try? JSONWriter().string(for: object)) ?? "{}")
        } else {
            for check in checks {
                let mark = switch check.result { case .passed: "PASS"; case .failed: "FAIL"; case .skipped: "SKIP" }
                let detail = check.detail.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n      ")
                console.line("\(mark)  \(check.name)\(detail.isEmpty ? "" : ": \(detail)")")
            }
            let passed = checks.filter { $0.result == .passed }.count
            console.line(failed.isEmpty
                ? "\(name): conforms (\(passed) passed, \(checks.count - passed) skipped)"
                : "\(name): \(failed.count) check(s) failed: \(failed.map(\.name).joined(separator: ", ")); fix them and run 'huitong plugin test \(name)' again")
        }
        return failed.isEmpty ? .success : .finishedWithFindings
    }

    /// Where the plugins are: `--plugins`, else the configuration's `plugins:`, else ./plugins.
    private func pluginsDirectory(_ arguments: ParsedArguments) throws(ConfigurationFailure) -> String {
        if let directory = arguments.value("plugins") { return directory }
        let path = arguments.configurationPath
        guard arguments.value(OptionSpec.config.name) != nil || FileManager.default.fileExists(atPath: path) else { return "plugins" }
        return try HubConfiguration.pluginsDirectory(configuredIn: path)
    }

    private func usage(_ message: String, hint: String) -> UsageError {
        UsageError(command: "plugin", message: message, hint: hint + "Usage: \(HelpFormatter.usageLine(for: spec)). See 'huitong plugin --help'.")
    }
}

/// What a plugins directory holds: the source catalog, the platform profiles that load, and
/// every problem of those that do not.
struct InstalledPlugins {
    var catalog: PluginCatalog
    var profiles: [PlatformProfile]
    /// Broken manifests and profiles, by name, for the table.
    var invalid: [(name: String, kind: String, file: String)]
    var problems: [YAMLError]

    static func load(plugins: String) -> InstalledPlugins {
        let (catalog, manifestErrors) = PluginCatalog.load(plugins: plugins)
        var problems = manifestErrors
        var invalid: [(String, String, String)] = []
        for file in PluginCatalog.manifestFiles(under: plugins) where !catalog.sources.values.contains(where: { $0.file == file }) {
            invalid.append((((file as NSString).deletingLastPathComponent as NSString).lastPathComponent, "source", file))
        }
        var profiles: [PlatformProfile] = []
        let directory = (plugins as NSString).appendingPathComponent("platforms")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        for name in names {
            let file = (directory as NSString).appendingPathComponent(name)
            do {
                profiles.append(try PlatformProfileLoader.load(path: file))
            } catch {
                problems += error.errors
                invalid.append(((name as NSString).deletingPathExtension, "platform", file))
            }
        }
        return InstalledPlugins(catalog: catalog, profiles: profiles, invalid: invalid, problems: problems)
    }
}

extension PluginCommand {
    /// The one-screen table: sources first (built-in, then installed), then platforms, then
    /// anything invalid.
    static func table(_ installed: InstalledPlugins) -> String {
        var rows: [[String]] = [["NAME", "KIND", "VERSION", "RUNTIME", "DESCRIPTION"]]
        for name in installed.catalog.names {
            let manifest = installed.catalog.source(named: name)!
            rows.append([manifest.name, "source", manifest.version, manifest.runtime.description + (manifest.file == "built-in" ? "" : " (installed)"), manifest.description])
        }
        for profile in installed.profiles {
            rows.append([profile.name, "platform", String(profile.version), "profile", profile.description])
        }
        for broken in installed.invalid {
            rows.append([broken.name, broken.kind, "-", "invalid", "see the problems below (\(broken.file))"])
        }
        var widths = [Int](repeating: 0, count: 4)
        for row in rows { for column in 0..<4 { widths[column] = max(widths[column], row[column].count) } }
        return rows.map { row in
            (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[4]
        }.joined(separator: "\n") + "\n"
    }

    static func sourceText(_ manifest: PluginManifest) -> String {
        var lines = ["\(manifest.name)  source  version \(manifest.version)  \(manifest.runtime.description)", manifest.description, "manifest: \(manifest.file)"]
        lines.append("reads: " + (manifest.incremental ? "incrementally (what is new since the last run; nothing is deleted from it)" : "the whole source every run"))
        if let entity = manifest.entity { lines.append("entity: \(entity)") }
        if let mapping = manifest.mapping { lines.append("default mapping: \(mapping)") }
        lines.append(manifest.options.isEmpty ? "options: none" : "options:")
        for option in manifest.options {
            var facts = [option.kind.rawValue]
            if option.required { facts.append("required") }
            if let value = option.defaultValue { facts.append("default \(value.stringValue ?? ((try? JSONWriter().string(for: value)) ?? ""))") }
            if option.secret { facts.append("secret: ${env:NAME} or ${file:PATH}") }
            if !option.allowed.isEmpty { facts.append("one of \(option.allowed.joined(separator: ", "))") }
            if let minimum = option.minimum { facts.append("at least \(minimum)") }
            lines.append("  \(option.name)  (\(facts.joined(separator: "; ")))" + (option.description.isEmpty ? "" : "  \(option.description)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func sourceJSON(_ manifest: PluginManifest) -> Value {
        var object = OrderedObject()
        object["name"] = .string(manifest.name)
        object["kind"] = .string(manifest.kind.rawValue)
        object["version"] = .string(manifest.version)
        object["runtime"] = .string(manifest.runtime.description)
        object["builtin"] = .bool(manifest.file == "built-in")
        object["description"] = .string(manifest.description)
        object["file"] = .string(manifest.file)
        object["incremental"] = .bool(manifest.incremental)
        object["entity"] = manifest.entity.map(Value.string) ?? .null
        object["mapping"] = manifest.mapping.map(Value.string) ?? .null
        object["options"] = .array(manifest.options.map { option in
            var entry = OrderedObject()
            entry["name"] = .string(option.name)
            entry["type"] = .string(option.kind.rawValue)
            entry["required"] = .bool(option.required)
            entry["default"] = option.defaultValue ?? .null
            entry["secret"] = .bool(option.secret)
            entry["allowed"] = .array(option.allowed.map(Value.string))
            entry["minimum"] = option.minimum.map { .integer(Int64($0)) } ?? .null
            entry["description"] = .string(option.description)
            return .object(entry)
        })
        return .object(object)
    }

    static func platformJSON(_ profile: PlatformProfile) -> Value {
        var object = OrderedObject()
        object["name"] = .string(profile.name)
        object["kind"] = .string("platform")
        object["version"] = .string(String(profile.version))
        object["description"] = .string(profile.description)
        object["file"] = .string(profile.file)
        object["contract"] = profile.contract.map(Value.string) ?? .null
        object["datasets"] = .array(profile.datasets.map { .string($0.name) })
        return .object(object)
    }

    static func problemJSON(_ error: YAMLError) -> Value {
        let problem = CheckProblem(error)
        return [
            "file": .string(problem.file), "line": .integer(Int64(problem.line)), "column": .integer(Int64(problem.column)),
            "code": .string(problem.code), "message": .string(problem.message),
        ]
    }
}
