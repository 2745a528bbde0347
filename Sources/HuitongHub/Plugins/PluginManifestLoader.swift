import Foundation
import HuitongCore
import HuitongYAML

/// Every problem found in one plugin manifest, reported together (`file:line:col`).
package struct PluginManifestFailure: OperatorFacingError, Sendable {
    package let errors: [YAMLError]
    package var exitStatus: ExitStatus { .invalidInput }
    package var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Reads and checks a plugin manifest:
///
/// ```yaml
/// plugin: shelter-registry-csv       # letters, digits, - and _
/// kind: source
/// version: "1.0"
/// description: 人防工程档案 export as CSV
/// runtime: {builtin: csv}
/// entity: shelter                     # optional: the schema entity it feeds
/// mapping: sources/shelter-registry.yaml   # optional: the default source mapping
/// options:
///   encoding: {type: string, default: gb18030, allowed: [auto, utf-8, gb18030, gbk]}
/// ```
///
/// Option types: string, integer, number, boolean, path, url, list, object; `required`,
/// `default`, `secret`, `allowed` (string), `minimum` (integer) and `description`.
package enum PluginManifestLoader {
    static let topKeys: Set<String> = ["plugin", "kind", "version", "description", "runtime", "incremental", "entity", "mapping", "options"]
    static let optionKeys: Set<String> = ["type", "required", "default", "secret", "allowed", "minimum", "description"]

    /// - Parameter registry: the built-in adapters a `runtime: {builtin: NAME}` may name; a
    ///   manifest that names one takes its options (and may set their defaults, descriptions
    ///   and allowed values). Nil while the registry loads its own manifests.
    package static func load(path: String, registry: AdapterRegistry? = .builtin) throws(PluginManifestFailure) -> PluginManifest {
        let root: YAMLNode
        do {
            root = try YAMLLoader.loadSingleDocument(path: path)
        } catch {
            throw PluginManifestFailure(errors: error.errors)
        }
        return try load(root: root, file: path, registry: registry)
    }

    package static func load(text: String, fileName: String, registry: AdapterRegistry? = .builtin) throws(PluginManifestFailure) -> PluginManifest {
        let root: YAMLNode
        do {
            root = try YAMLLoader.loadSingleDocument(text: text, fileName: fileName)
        } catch {
            throw PluginManifestFailure(errors: error.errors)
        }
        return try load(root: root, file: fileName, registry: registry)
    }

    package static func load(root: YAMLNode, file: String, registry: AdapterRegistry? = .builtin) throws(PluginManifestFailure) -> PluginManifest {
        var errors = YAMLErrorCollector()
        let manifest = read(root, file: file, registry: registry, into: &errors)
        guard let manifest, errors.errors.isEmpty else { throw PluginManifestFailure(errors: errors.errors) }
        return manifest
    }

    /// Whether a document reads like a manifest (a top-level `plugin:`), for `huitong check`.
    package static func looksLikeManifest(_ root: YAMLNode) -> Bool {
        root["plugin"] != nil
    }

    private static func read(_ root: YAMLNode, file: String, registry: AdapterRegistry?, into errors: inout YAMLErrorCollector) -> PluginManifest? {
        let top = root.entries(allowing: topKeys, what: "a plugin manifest", into: &errors)
        func text(_ key: String, required: Bool) -> String? {
            guard let node = top[key] else {
                if required { errors.add(root.error(.missingKey, "a plugin manifest needs \(key):")) }
                return nil
            }
            return errors.attempt { () throws(YAMLError) in try node.requireString() }
        }
        let name = text("plugin", required: true) ?? ""
        if !name.isEmpty, !isPluginName(name) {
            errors.add(top["plugin"]!.error(.invalidValue, "a plugin name uses ASCII letters, digits, - and _ only, and starts with a letter"))
        }
        var kind = PluginManifest.Kind.source
        if let node = top["kind"], let written = errors.attempt({ () throws(YAMLError) in try node.requireString() }) {
            if let known = PluginManifest.Kind(rawValue: written) {
                kind = known
            } else if written == "platform" {
                errors.add(node.error(.invalidValue, "a platform is described by its profile (plugins/platforms/NAME.yaml, see docs/platform-profiles.md), not by a plugin manifest"))
            } else {
                errors.add(node.error(.invalidValue, "kind is source (a platform is described by its profile in plugins/platforms/)"))
            }
        } else if top["kind"] == nil {
            errors.add(root.error(.missingKey, "a plugin manifest needs kind: source"))
        }
        let version = text("version", required: true) ?? ""
        let description = text("description", required: true) ?? ""
        let runtime = readRuntime(top["runtime"], parent: root, file: file, builtins: registry?.names, into: &errors)
        var incremental = false
        if let node = top["incremental"], let flag = errors.attempt({ () throws(YAMLError) in try node.requireBool() }) {
            incremental = flag
        }
        let entity = text("entity", required: false)
        let mapping = text("mapping", required: false)
        if let mapping, mapping.hasPrefix("/") || mapping.split(separator: "/").contains("..") {
            errors.add(top["mapping"]!.error(.invalidValue, "mapping names a file under the mappings directory (such as sources/shelter-registry.yaml), not \(mapping)"))
        }
        var options = readOptions(top["options"], into: &errors)
        guard let runtime else { return nil }
        if let registry, case let .builtin(adapterName) = runtime, let adapter = registry.adapter(named: adapterName) {
            options = inherit(adapter.manifest, declared: options, nodes: top["options"], into: &errors)
            if incremental != adapter.manifest.incremental {
                errors.add((top["incremental"] ?? root).error(
                    .invalidValue, "the built-in adapter \(adapterName) reads \(adapter.manifest.incremental ? "incrementally" : "the whole source every run"); incremental is \(adapter.manifest.incremental) for it"
                ))
            }
        }
        return PluginManifest(
            name: name, version: version, kind: kind, description: description, runtime: runtime,
            incremental: incremental, entity: entity, mapping: mapping, options: options, file: file
        )
    }

    static func isPluginName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    static let processKeys: Set<String> = [
        "command", "protocol", "discover", "catalog_flag", "environment", "stream", "time_limit_seconds", "max_line_bytes", "max_output_bytes",
    ]

    private static func readRuntime(_ node: YAMLNode?, parent: YAMLNode, file: String, builtins: [String]?, into errors: inout YAMLErrorCollector) -> PluginManifest.Runtime? {
        let known = (builtins ?? []).joined(separator: ", ")
        guard let node else {
            errors.add(parent.error(.missingKey, "a plugin manifest needs runtime: {builtin: NAME} (a built-in adapter: \(known)) or runtime: {process: {command: [...]}}"))
            return nil
        }
        let fields = node.entries(allowing: ["builtin", "process"], what: "runtime", into: &errors)
        if fields["builtin"] != nil, fields["process"] != nil {
            errors.add(node.error(.invalidValue, "runtime is builtin or process, not both"))
            return nil
        }
        if let process = fields["process"] {
            return readProcess(process, file: file, into: &errors).map(PluginManifest.Runtime.process)
        }
        guard let builtin = fields["builtin"] else {
            if node.mappingEntries?.isEmpty == true {
                errors.add(node.error(.missingKey, "runtime needs builtin: NAME (one of \(known)) or process: {command: [...]}"))
            }
            return nil
        }
        guard let name = errors.attempt({ () throws(YAMLError) in try builtin.requireString() }) else { return nil }
        if let builtins, !builtins.contains(name) {
            let hint = NameSuggestion.nearest(to: name, among: builtins).map { "did you mean \"\($0)\"? " } ?? ""
            errors.add(builtin.error(.unknownReference, "no built-in adapter \"\(name)\"; \(hint)the built-in adapters are \(known)"))
            return nil
        }
        return .builtin(name)
    }

    private static func readProcess(_ node: YAMLNode, file: String, into errors: inout YAMLErrorCollector) -> PluginManifest.ProcessRuntime? {
        let fields = node.entries(allowing: processKeys, what: "runtime process", into: &errors)
        guard node.mappingEntries != nil else { return nil }
        func strings(_ key: String) -> [String]? {
            guard let node = fields[key] else { return nil }
            guard let items = errors.attempt({ () throws(YAMLError) in try node.requireSequence() }) else { return nil }
            return items.compactMap { item in errors.attempt { () throws(YAMLError) in try item.requireString() } }
        }
        func number(_ key: String, default value: Int) -> Int {
            guard let node = fields[key], let number = errors.attempt({ () throws(YAMLError) in try node.requireInt() }) else { return value }
            guard number >= 1 else {
                errors.add(node.error(.invalidValue, "\(key) is a whole number of at least 1"))
                return value
            }
            return number
        }
        guard let command = strings("command"), !command.isEmpty else {
            errors.add((fields["command"] ?? node).error(.missingKey, "a process runtime needs command: [EXECUTABLE, ARGUMENT…] (for instance [python3, tap.py])"))
            return nil
        }
        if let node = fields["protocol"], let name = errors.attempt({ () throws(YAMLError) in try node.requireString() }), name != "singer" {
            errors.add(node.error(.invalidValue, "protocol is singer (the Singer specification: SCHEMA, RECORD, STATE messages on standard output)"))
        }
        var catalogFlag = "catalog"
        if let node = fields["catalog_flag"], let flag = errors.attempt({ () throws(YAMLError) in try node.requireString() }) {
            if ["catalog", "properties"].contains(flag) { catalogFlag = flag } else {
                errors.add(node.error(.invalidValue, "catalog_flag is catalog (--catalog, today's taps) or properties (--properties, older ones)"))
            }
        }
        let environment = strings("environment") ?? []
        for (index, name) in environment.enumerated() where name.isEmpty || name.contains("=") {
            errors.add((fields["environment"]?.sequence?[index] ?? node).error(.invalidValue, "an environment entry is a variable's name, such as PGPASSWORD"))
        }
        // Words naming a file beside the manifest are that file's path.
        let directory = (file as NSString).deletingLastPathComponent
        let resolved = command.map { word -> String in
            guard !word.hasPrefix("-"), !word.hasPrefix("/"), !directory.isEmpty else { return word }
            let path = (directory as NSString).appendingPathComponent(word)
            return FileManager.default.fileExists(atPath: path) ? path : word
        }
        let discover = fields["discover"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireBool() } } ?? false
        let stream = fields["stream"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        return PluginManifest.ProcessRuntime(
            command: resolved, discover: discover, catalogFlag: catalogFlag, environment: environment, stream: stream,
            timeLimitSeconds: number("time_limit_seconds", default: 3600), maxLineBytes: number("max_line_bytes", default: 8 << 20),
            maxOutputBytes: number("max_output_bytes", default: 4 << 30)
        )
    }

    /// The built-in adapter's options, in its order, with what the manifest declares of them
    /// (defaults, required, allowed values, descriptions; what it leaves out stays the adapter's,
    /// and a default it gives must fit the rule that results); an option the adapter does not take,
    /// or one declared with another type or secrecy, is an error at its name.
    private static func inherit(_ builtin: PluginManifest, declared: [PluginOption], nodes: YAMLNode?, into errors: inout YAMLErrorCollector) -> [PluginOption] {
        guard let nodes else { return builtin.options }
        var byName: [String: PluginOption] = [:]
        for option in declared {
            let place = nodes.mappingEntries?.first { $0.key.scalar?.text == option.name }?.key ?? nodes
            guard let own = builtin.option(named: option.name) else {
                let hint = NameSuggestion.nearest(to: option.name, among: builtin.optionNames).map { "did you mean \"\($0)\"? " } ?? ""
                errors.add(place.error(.unknownKey, "the built-in adapter \(builtin.name) has no option \(option.name); \(hint)it takes \(builtin.optionNames.joined(separator: ", "))"))
                continue
            }
            guard own.kind == option.kind, own.secret == option.secret else {
                errors.add(place.error(.invalidValue, "the option \(option.name) of the built-in adapter \(builtin.name) is \(own.secret ? "a secret " : "")\(own.kind.rawValue); declare it so"))
                continue
            }
            // What the manifest leaves out of its declaration stays the adapter's.
            let given = Set((nodes[option.name]?.mappingEntries ?? []).compactMap { $0.key.scalar?.text })
            // A default given makes the option optional, unless the manifest says otherwise.
            let required = given.contains("required") ? option.required : (given.contains("default") ? false : own.required)
            let allowed = given.contains("allowed") ? option.allowed : own.allowed
            let minimum = given.contains("minimum") ? option.minimum : own.minimum
            let defaultValue = required ? nil : (given.contains("default") ? option.defaultValue : own.defaultValue)
            if own.required, !required, defaultValue == nil {
                errors.add(place.error(.invalidValue, "the built-in adapter \(builtin.name) needs \(option.name): a preset that makes it optional gives it a default"))
                continue
            }
            // The default that results (the preset's or the adapter's) must fit the rule that results.
            if let value = defaultValue, let problem = OptionValues.problem(of: value, kind: own.kind, allowed: allowed, minimum: minimum) {
                let origin = given.contains("default") ? "" : " (the built-in adapter \(builtin.name)'s default)"
                errors.add((nodes[option.name]?["default"] ?? place).error(.invalidValue, "the default of \(option.name)\(origin) \(problem); give a default that fits"))
                continue
            }
            byName[option.name] = PluginOption(
                name: option.name, kind: own.kind, required: required, defaultValue: defaultValue, secret: own.secret,
                allowed: allowed, minimum: minimum, description: given.contains("description") ? option.description : own.description
            )
        }
        return builtin.options.map { byName[$0.name] ?? $0 }
    }

    private static func readOptions(_ node: YAMLNode?, into errors: inout YAMLErrorCollector) -> [PluginOption] {
        guard let node, !node.isNull else { return [] }
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "options is a mapping: option name → {type, required, default, secret, allowed, minimum, description}"))
            return []
        }
        var options: [PluginOption] = []
        for entry in entries {
            let name = entry.key.scalar?.text ?? ""
            guard isOptionName(name) else {
                errors.add(entry.key.error(.invalidValue, "an option name uses lower-case ASCII letters, digits and _, and starts with a letter"))
                continue
            }
            if ["adapter", "mapping", "stream", "replication_key"].contains(name) {
                errors.add(entry.key.error(.invalidValue, "\(name) is a key of the job's source itself; name the option otherwise"))
                continue
            }
            if let option = readOption(name, entry.value, into: &errors) { options.append(option) }
        }
        return options
    }

    static func isOptionName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func readOption(_ name: String, _ node: YAMLNode, into errors: inout YAMLErrorCollector) -> PluginOption? {
        let fields = node.entries(allowing: optionKeys, what: "the option \(name)", into: &errors)
        guard node.mappingEntries != nil else { return nil }
        guard let typeNode = fields["type"] else {
            errors.add(node.error(.missingKey, "the option \(name) needs type: one of \(PluginOption.Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        guard let typeName = errors.attempt({ () throws(YAMLError) in try typeNode.requireString() }) else { return nil }
        guard let kind = PluginOption.Kind(rawValue: typeName) else {
            let names = PluginOption.Kind.allCases.map(\.rawValue)
            let hint = NameSuggestion.nearest(to: typeName, among: names).map { "did you mean \"\($0)\"? " } ?? ""
            errors.add(typeNode.error(.invalidValue, "no option type \"\(typeName)\"; \(hint)the types are \(names.joined(separator: ", "))"))
            return nil
        }
        func flag(_ key: String) -> Bool {
            fields[key].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireBool() } } ?? false
        }
        let required = flag("required"), secret = flag("secret")
        var allowed: [String] = []
        if let node = fields["allowed"] {
            if kind != .string {
                errors.add(node.error(.invalidValue, "allowed lists the values of a string option; \(name) is \(kind.rawValue)"))
            } else if let items = errors.attempt({ () throws(YAMLError) in try node.requireSequence() }) {
                allowed = items.compactMap { item in errors.attempt { () throws(YAMLError) in try item.requireString() } }
            }
        }
        var minimum: Int?
        if let node = fields["minimum"] {
            if kind != .integer {
                errors.add(node.error(.invalidValue, "minimum bounds an integer option; \(name) is \(kind.rawValue)"))
            } else {
                minimum = errors.attempt { () throws(YAMLError) in try node.requireInt() }
            }
        }
        var defaultValue: Value?
        if let node = fields["default"] {
            if required {
                errors.add(node.error(.invalidValue, "a required option has no default: a job must give \(name)"))
            } else if secret {
                errors.add(node.error(.invalidValue, "a secret option has no default: a job gives \(name) as ${env:NAME} or ${file:PATH}"))
            } else if let problem = OptionValues.problem(of: node.constantValue, kind: kind, allowed: allowed, minimum: minimum) {
                errors.add(node.error(.invalidValue, "the default of \(name) \(problem)"))
            } else {
                defaultValue = node.constantValue
            }
        }
        if secret, ![.string, .url].contains(kind) {
            errors.add((fields["secret"] ?? node).error(.invalidValue, "a secret option is text or a URL; \(name) is \(kind.rawValue)"))
        }
        let description = fields["description"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } } ?? ""
        return PluginOption(
            name: name, kind: kind, required: required, defaultValue: defaultValue, secret: secret,
            allowed: allowed, minimum: minimum, description: description
        )
    }
}
