import Foundation
import HuitongCore
import HuitongHub
import HuitongMapping
import HuitongPlatforms
import HuitongYAML

/// `huitong check [PATH…]`: loads every YAML file and reports every problem with its place.
struct CheckCommand: Command {
    static let defaultPaths = ["mappings", "plugins"]

    var spec: CommandSpec {
        CommandSpec(
            name: "check",
            summary: "Validate the schema, code tables, mappings and other YAML files, and report every error.",
            discussion: """
            Each PATH is a YAML file or a directory searched recursively for *.yaml and *.yml files
            (hidden directories are skipped). Without PATH, checks \(Self.defaultPaths.joined(separator: " and ")) \
            in the current directory. The schema and code tables under --mappings are loaded and checked
            first; every mapping file (a file with a top-level "mapping" key) is then compiled against
            them: step names and arguments, input and output fields, code tables and types. Every problem
            is reported as FILE:LINE:COLUMN: message, followed by the offending line and a caret.
            A configuration file (huitong.yaml: a file with a top-level "platforms" or "jobs" key) is
            loaded as `huitong run` loads it: every platform profile, credential reference, job, source,
            mapping and target it names is checked, each target against its platform's profile.
            A plugin manifest (a file with a top-level "plugin" key, such as PLUGINS/sources/NAME/plugin.yaml)
            is checked for its fields and option declarations, its runtime, and its entity and default
            mapping against the schema and the mappings.
            """,
            options: [
                OptionSpec(name: "json", help: "Print the result as one JSON object for scripts."),
                .mappings,
            ],
            arguments: [
                ArgumentSpec(name: "PATH", arity: .variadic, help: "YAML files or directories to check"),
            ],
            examples: [
                ("huitong check", "check mappings/ and plugins/"),
                ("huitong check mappings/sources/shelter-registry.yaml", "check one mapping"),
                ("huitong check --json mappings", "machine-readable result"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        var paths = arguments.allPositionals("PATH")
        if paths.isEmpty {
            paths = Self.defaultPaths.filter { FileManager.default.fileExists(atPath: $0) }
        }
        let mappings = arguments.mappingsDirectory
        let discovery = YAMLFileDiscovery.files(in: paths)
        var problems: [CheckProblem] = discovery.missing.map {
            CheckProblem(file: $0, line: 0, column: 0, code: "pathNotFound",
                         message: "no such file or directory; check the path", rendered: "\($0): no such file or directory; check the path")
        }
        var invalidFiles = Set(discovery.missing)
        func record(_ errors: [YAMLError]) {
            for error in errors {
                invalidFiles.insert(error.location.file)
                problems.append(CheckProblem(error))
            }
        }

        // The schema and code tables come first: mappings are checked against them.
        let schemaFiles = YAMLFileDiscovery.canonicalPaths(under: [mappings.schemaDirectory, mappings.codesDirectory])
        let checksSchema = discovery.files.contains { schemaFiles.contains(YAMLFileDiscovery.canonicalPath($0)) }
        var schema: Schema?
        var schemaProblem: String?
        if FileManager.default.fileExists(atPath: mappings.schemaDirectory) {
            do {
                schema = try SchemaLoader.load(mappings: mappings)
            } catch {
                if checksSchema { record(error.errors) }
                schemaProblem = "the schema under \(mappings.path) has errors (run 'huitong check \(mappings.path)')"
            }
        } else {
            schemaProblem = "no schema at \(mappings.schemaDirectory); give --mappings DIR"
        }
        let compiler = schema.map(MappingCompiler.init(schema:))
        var profiles = Self.bundledProfiles()
        var targets: [(mapping: CompiledMapping, root: YAMLNode)] = []
        // Plugin names, as the catalog holds them: the built-in adapters, then each manifest.
        var pluginOwners = Dictionary(uniqueKeysWithValues: PluginCatalog().names.map { ($0, "a built-in adapter") })

        for file in discovery.files where !schemaFiles.contains(YAMLFileDiscovery.canonicalPath(file)) {
            let root: YAMLNode
            // A configuration is masked from the first byte: its secrets must not show even
            // when it does not parse.
            let redaction = HubConfiguration.looksLikeConfiguration(path: file) ? HubConfiguration.redaction(forFileAt: file) : .none
            do {
                let documents = try YAMLLoader.load(path: file, redaction: redaction)
                guard documents.documents.count == 1, let first = documents.documents.first else { continue }
                root = first
            } catch {
                record(error.errors)
                continue
            }
            if root["platforms"] != nil || root["jobs"] != nil {
                // A huitong.yaml: the whole configuration, with every profile, mapping and
                // code table it names, checked as `huitong run` would load it.
                do {
                    _ = try HubConfiguration.load(path: file)
                } catch {
                    record(error.errors)
                }
                continue
            }
            if PluginManifestLoader.looksLikeManifest(root) {
                do {
                    let manifest = try PluginManifestLoader.load(root: root, file: file)
                    if let owner = pluginOwners[manifest.name] {
                        record([(root["plugin"] ?? root).error(.invalidValue, "the plugin name \(manifest.name) is taken by \(owner); give this plugin another name")])
                    } else {
                        pluginOwners[manifest.name] = file
                    }
                    record(Self.crossCheck(manifest, root: root, mappings: mappings.path, schema: schema, compiler: compiler))
                } catch {
                    record(error.errors)
                }
                continue
            }
            if root["platform"] != nil {
                do {
                    let profile = try PlatformProfileLoader.load(root: root, file: file)
                    profiles[profile.name] = profile
                } catch {
                    record(error.errors)
                }
                continue
            }
            guard root["mapping"] != nil else { continue }
            guard let compiler else {
                record([root.error(.unknownReference, "cannot check this mapping: \(schemaProblem ?? "no schema")")])
                continue
            }
            do {
                let mapping = try compiler.compile(root: root)
                if mapping.kind == .target { targets.append((mapping, root)) }
            } catch {
                record(error.errors)
            }
        }
        record(Self.crossCheck(targets: targets, profiles: profiles))
        let report = CheckReport(filesChecked: discovery.files.count, invalidFiles: invalidFiles.count, problems: problems)
        if arguments.flag("json") {
            console.line(try report.json())
        } else {
            for problem in problems { console.line(problem.rendered) }
            if !problems.isEmpty { console.line() }
            console.line(report.summary)
        }
        return problems.isEmpty ? .success : .invalidInput
    }
}

extension CheckCommand {
    /// The profiles under ./plugins/platforms, so a target mapping checked on its own is still
    /// held against its platform (files with errors are reported when plugins/ is checked).
    static func bundledProfiles() -> [String: PlatformProfile] {
        var profiles: [String: PlatformProfile] = [:]
        for file in YAMLFileDiscovery.files(in: ["plugins/platforms"]).files {
            if let profile = try? PlatformProfileLoader.load(path: file) { profiles[profile.name] = profile }
        }
        return profiles
    }

    /// A source plugin's entity must be one of the schema's, and its default mapping a source
    /// mapping under the mappings directory that makes that entity.
    static func crossCheck(_ manifest: PluginManifest, root: YAMLNode, mappings: String, schema: Schema?, compiler: MappingCompiler?) -> [YAMLError] {
        var errors: [YAMLError] = []
        if let entity = manifest.entity, let schema, schema.entity(named: entity) == nil {
            let hint = NameSuggestion.nearest(to: entity, among: schema.entityNames).map { "did you mean \"\($0)\"? " } ?? ""
            errors.append((root["entity"] ?? root).error(.unknownReference, "the schema has no entity \(entity); \(hint)it has \(schema.entityNames.joined(separator: ", "))"))
        }
        guard let file = manifest.mapping else { return errors }
        let place = root["mapping"] ?? root
        let path = (mappings as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else {
            errors.append(place.error(.unknownReference, "no mapping file \(path) (mapping: is relative to the mappings directory)"))
            return errors
        }
        guard let compiler, let mapping = try? compiler.compile(path: path) else { return errors }  // its own problems are its file's
        if mapping.kind != .source {
            errors.append(place.error(.invalidValue, "\(file) is a target mapping; a source plugin's mapping: is a source mapping"))
        } else if let entity = manifest.entity, mapping.output.name != entity {
            errors.append(place.error(.invalidValue, "\(file) makes \(mapping.output.name) records, but the plugin says it feeds \(entity)"))
        }
        return errors
    }

    /// A target mapping must name a platform with a profile, a dataset of that profile, and
    /// the profile's key for it.
    static func crossCheck(targets: [(mapping: CompiledMapping, root: YAMLNode)], profiles: [String: PlatformProfile]) -> [YAMLError] {
        var errors: [YAMLError] = []
        for (mapping, root) in targets {
            guard let platform = mapping.output.platform else { continue }
            let place = root["output"]?["platform"] ?? root
            guard let profile = profiles[platform] else {
                errors.append(place.error(.unknownReference, "no platform profile \"\(platform)\" (plugins/platforms/\(platform).yaml); known: \(profiles.keys.sorted().joined(separator: ", "))"))
                continue
            }
            guard let dataset = profile.dataset(named: mapping.output.name) else {
                errors.append((root["output"]?["dataset"] ?? place).error(.unknownReference, "the profile \(platform) has no dataset \(mapping.output.name); it has \(profile.datasets.map(\.name).joined(separator: ", "))"))
                continue
            }
            if dataset.key != mapping.output.key {
                errors.append((root["output"]?["key"] ?? place).error(.invalidValue, "the key of \(platform) \(dataset.name) is [\(dataset.key.joined(separator: ", "))] in its profile, not [\(mapping.output.key.joined(separator: ", "))]"))
            }
        }
        return errors
    }
}

/// One problem found by `check`, ready for text or JSON.
struct CheckProblem: Sendable {
    var file: String
    var line: Int
    var column: Int
    var code: String
    var message: String
    /// The operator-facing rendering: `file:line:col: message`, the line, the caret.
    var rendered: String

    init(file: String, line: Int, column: Int, code: String, message: String, rendered: String) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.rendered = rendered
    }

    init(_ error: YAMLError) {
        self.init(file: error.location.file, line: error.location.line, column: error.location.column,
                  code: error.code.description, message: error.message, rendered: error.description)
    }
}

/// The outcome of one `check`: counts for the summary and the problems in file order.
struct CheckReport: Sendable {
    var filesChecked: Int
    var invalidFiles: Int
    var problems: [CheckProblem]

    var summary: String {
        let files = filesChecked == 1 ? "1 file" : "\(filesChecked) files"
        if problems.isEmpty { return "check: \(files) checked, all valid" }
        let errors = problems.count == 1 ? "1 error" : "\(problems.count) errors"
        return "check: \(files) checked, \(errors) in \(invalidFiles) of them; fix them and run 'huitong check' again"
    }

    func json() throws -> String {
        let errors: [Value] = problems.map { problem in
            .object([
                "file": .string(problem.file),
                "line": .integer(Int64(problem.line)),
                "column": .integer(Int64(problem.column)),
                "code": .string(problem.code),
                "message": .string(problem.message),
            ])
        }
        let object: Value = .object([
            "filesChecked": .integer(Int64(filesChecked)),
            "invalidFiles": .integer(Int64(invalidFiles)),
            "valid": .bool(problems.isEmpty),
            "errors": .array(errors),
        ])
        return try JSONWriter().string(for: object)
    }
}

/// Expands the paths an operator named into the YAML files to check.
enum YAMLFileDiscovery {
    static func files(in paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = []
        var missing: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append(path)
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (manager.subpaths(atPath: path) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .sorted()
                .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
            files += found
        }
        return (files, missing)
    }

    /// A path with `.`/`..` and symbolic links resolved, to recognise one file named two ways.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// The canonical paths of every YAML file under the directories.
    static func canonicalPaths(under directories: [String]) -> Set<String> {
        Set(directories.flatMap { files(in: [$0]).files }.map(canonicalPath))
    }
}
