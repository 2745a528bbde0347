import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongPlatforms
import HuitongYAML

/// Reads the `jobs:` section, compiling each mapping and holding each target against its
/// platform's profile.
struct JobReader {
    let directory: String
    let mappings: String
    let compiler: MappingCompiler
    let platforms: [HubConfiguration.Platform]
    let environment: [String: String]
    let resolution: CredentialResolution
    /// Errors inside mapping files (they carry their own file names).
    var fileErrors: [YAMLError] = []

    init(
        directory: String, mappings: String, compiler: MappingCompiler, platforms: [HubConfiguration.Platform],
        environment: [String: String], resolution: CredentialResolution = .resolve
    ) {
        self.directory = directory
        self.mappings = mappings
        self.compiler = compiler
        self.platforms = platforms
        self.environment = environment
        self.resolution = resolution
    }

    mutating func read(_ node: YAMLNode, into errors: inout YAMLErrorCollector) -> [JobConfiguration] {
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "jobs is a mapping: job name → {source, mapping, targets}"))
            return []
        }
        return entries.compactMap { entry in
            let name = entry.key.scalar?.text ?? ""
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                errors.add(entry.key.error(.invalidValue, "a job name uses ASCII letters, digits, - and _ only"))
                return nil
            }
            return readJob(name, entry.value, into: &errors)
        }
    }

    private func path(_ text: String, under base: String) -> String {
        text.hasPrefix("/") ? text : (base as NSString).appendingPathComponent(text)
    }

    private mutating func compile(_ node: YAMLNode?, parent: YAMLNode, into errors: inout YAMLErrorCollector) -> CompiledMapping? {
        guard let node else {
            errors.add(parent.error(.missingKey, "missing key \"mapping\" (a file under the mappings directory)"))
            return nil
        }
        guard let text = errors.attempt({ () throws(YAMLError) in try node.requireString() }) else { return nil }
        let file = path(text, under: mappings)
        guard FileManager.default.fileExists(atPath: file) else {
            errors.add(node.error(.unknownReference, "no mapping file \(file)"))
            return nil
        }
        do {
            return try compiler.compile(path: file)
        } catch {
            fileErrors += error.errors
            return nil
        }
    }

    private mutating func readJob(_ name: String, _ node: YAMLNode, into errors: inout YAMLErrorCollector) -> JobConfiguration? {
        let fields = node.entries(allowing: ["description", "source", "mapping", "schedule", "targets"], what: "job \(name)", into: &errors)
        let source = fields["source"].flatMap { readSource($0, into: &errors) }
        if fields["source"] == nil { errors.add(node.error(.missingKey, "job \(name) needs source: {adapter, path}")) }
        let mapping = compile(fields["mapping"], parent: node, into: &errors)
        if let mapping, mapping.kind != .source, let place = fields["mapping"] {
            errors.add(place.error(.invalidValue, "\(mapping.file) is a target mapping; a job's mapping: is a source mapping"))
        }
        var targets: [TargetConfiguration] = []
        if let list = fields["targets"]?.sequence, !list.isEmpty {
            for item in list {
                if let target = readTarget(item, entity: mapping?.output.name, incremental: source?.isIncremental ?? false, into: &errors) {
                    if targets.contains(where: { $0.name == target.name }) {
                        errors.add(item.error(.invalidValue, "job \(name) sends to \(target.name) twice"))
                    } else {
                        targets.append(target)
                    }
                }
            }
        } else {
            errors.add((fields["targets"] ?? node).error(.missingKey, "job \(name) needs targets: a list of {platform, mapping}"))
        }
        guard let source, let mapping else { return nil }
        let description = fields["description"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } } ?? ""
        var schedule: JobSchedule?
        if let node = fields["schedule"], let text = errors.attempt({ () throws(YAMLError) in try node.requireString() }) {
            schedule = JobSchedule(text)
            if schedule == nil {
                errors.add(node.error(.invalidValue, "unknown schedule \"\(text)\"; write every 15m (s, m, h) or daily 02:00 (Beijing time)"))
            }
        }
        return JobConfiguration(name: name, description: description, source: source, mapping: mapping, schedule: schedule, targets: targets)
    }

    private mutating func readTarget(_ node: YAMLNode, entity: String?, incremental: Bool, into errors: inout YAMLErrorCollector) -> TargetConfiguration? {
        let fields = node.entries(
            allowing: ["platform", "dataset", "mapping", "mode", "deletes", "max_delete_share", "max_delete_count", "delete_floor"],
            what: "a target", into: &errors
        )
        guard let platformNode = fields["platform"], let platformName = errors.attempt({ () throws(YAMLError) in try platformNode.requireString() }) else {
            errors.add(node.error(.missingKey, "a target needs platform: (a name under platforms:)"))
            return nil
        }
        guard let platform = platforms.first(where: { $0.settings.name == platformName }) else {
            errors.add(platformNode.error(.unknownReference, "no platform \"\(platformName)\" under platforms: (\(platforms.map(\.settings.name).joined(separator: ", ")))"))
            return nil
        }
        guard let mapping = compile(fields["mapping"], parent: node, into: &errors) else { return nil }
        let place = fields["mapping"]!
        guard mapping.kind == .target else {
            errors.add(place.error(.invalidValue, "\(mapping.file) is a source mapping; a target's mapping: is a target mapping"))
            return nil
        }
        if let entity, mapping.inputEntity != entity {
            errors.add(place.error(.invalidValue, "\(mapping.file) reads \(mapping.inputEntity ?? "?") records, but the job's source mapping makes \(entity)"))
        }
        if mapping.output.platform != platform.profile.name {
            errors.add(place.error(.invalidValue, "\(mapping.file) is for the platform \(mapping.output.platform ?? "?"), but \(platformName) uses the profile \(platform.profile.name)"))
        }
        let dataset = mapping.output.name
        if let declared = fields["dataset"], let text = errors.attempt({ () throws(YAMLError) in try declared.requireString() }), text != dataset {
            errors.add(declared.error(.invalidValue, "\(mapping.file) sends to \(dataset), not \(text)"))
        }
        guard let profileDataset = platform.profile.dataset(named: dataset) else {
            errors.add(place.error(.unknownReference, "the profile \(platform.profile.name) has no dataset \(dataset)"))
            return nil
        }
        if profileDataset.key != mapping.output.key {
            errors.add(place.error(.invalidValue, "the key of \(platformName) \(dataset) is [\(profileDataset.key.joined(separator: ", "))] in its profile, not [\(mapping.output.key.joined(separator: ", "))]"))
        }
        var mode = TargetConfiguration.Mode.sync
        if let modeNode = fields["mode"], let text = errors.attempt({ () throws(YAMLError) in try modeNode.requireString() }) {
            if let parsed = TargetConfiguration.Mode(rawValue: text) { mode = parsed } else {
                errors.add(modeNode.error(.invalidValue, "mode is sync or append"))
            }
        }
        var deletes = mode == .sync && !incremental
        if let deletesNode = fields["deletes"], let flag = errors.attempt({ () throws(YAMLError) in try deletesNode.requireBool() }) {
            if flag && mode == .append {
                errors.add(deletesNode.error(.invalidValue, "an append target never deletes"))
            } else if flag && incremental {
                errors.add(deletesNode.error(.invalidValue, "this source is read incrementally (only what is new), so a record missing from a read is not gone; deletes: true would delete everything not in the latest read"))
            } else {
                deletes = flag
            }
        }
        let deletePolicy = readDeletePolicy(fields, deletes: deletes, into: &errors)
        return TargetConfiguration(
            platform: platformName, dataset: dataset, mapping: mapping, datasetProfile: profileDataset, mode: mode, deletes: deletes,
            deletePolicy: deletePolicy
        )
    }

    /// `max_delete_share` (0…1, default 0.2), `max_delete_count` and `delete_floor` (default 10,
    /// never more than half of what the platform holds):
    /// meaningful only for a target that deletes.
    private func readDeletePolicy(_ fields: [String: YAMLNode], deletes: Bool, into errors: inout YAMLErrorCollector) -> DeletePolicy {
        var policy = DeletePolicy.standard
        for key in ["max_delete_share", "max_delete_count", "delete_floor"] where !deletes {
            if let node = fields[key] { errors.add(node.error(.invalidValue, "\(key) bounds the deletes of a target that deletes; this target sends none")) }
        }
        if let node = fields["max_delete_share"], let share = errors.attempt({ () throws(YAMLError) in try node.requireDouble() }) {
            if (0...1).contains(share) { policy.maxShare = share } else {
                errors.add(node.error(.invalidValue, "max_delete_share is a share of the register between 0 and 1 (0.2 = a fifth)"))
            }
        }
        if let node = fields["max_delete_count"], let count = errors.attempt({ () throws(YAMLError) in try node.requireInt() }) {
            if count >= 0 { policy.maxCount = count } else { errors.add(node.error(.invalidValue, "max_delete_count is a whole number, 0 or more")) }
        }
        if let node = fields["delete_floor"], let count = errors.attempt({ () throws(YAMLError) in try node.requireInt() }) {
            if count >= 0 { policy.floor = count } else { errors.add(node.error(.invalidValue, "delete_floor is a whole number, 0 or more")) }
        }
        return policy
    }

    private func readSource(_ node: YAMLNode, into errors: inout YAMLErrorCollector) -> SourceSpec? {
        let fields = node.entries(allowing: ["adapter", "path", "encoding", "url", "bearer_token", "max_pages"], what: "a source", into: &errors)
        func text(_ key: String) -> String? {
            fields[key].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        }
        guard let adapter = text("adapter") else {
            errors.add(node.error(.missingKey, "a source needs adapter: csv, json, jsonl, cap or http"))
            return nil
        }
        if adapter != "http" {
            if let maxPages = fields["max_pages"] {
                errors.add(maxPages.error(.invalidValue, "max_pages bounds the pages of an http source; a \(adapter) source has none"))
            }
            guard let file = text("path") else {
                errors.add(node.error(.missingKey, "a \(adapter) source needs path:"))
                return nil
            }
            let full = path(file, under: directory)
            if !FileManager.default.fileExists(atPath: full) {
                errors.add(fields["path"]!.error(.unknownReference, "no such file or directory: \(full)"))
            }
            switch adapter {
            case "csv":
                let encoding = text("encoding") ?? "auto"
                if !["auto", "utf-8", "gb18030", "gbk"].contains(encoding) {
                    errors.add(fields["encoding"]!.error(.invalidValue, "encoding is auto, utf-8, gb18030 or gbk"))
                }
                return .csv(path: full, encoding: encoding)
            case "json": return .jsonFile(path: full)
            case "jsonl": return .jsonLines(directory: full)
            case "cap": return .capDirectory(directory: full)
            default:
                errors.add(fields["adapter"]!.error(.invalidValue, "unknown adapter \"\(adapter)\"; use csv, json, jsonl, cap or http"))
                return nil
            }
        }
        guard let urlNode = fields["url"], let raw = text("url") else {
            errors.add(node.error(.missingKey, "an http source needs url: (base URL and path of the paged API)"))
            return nil
        }
        let resolvedURL: String
        switch (resolution, CredentialReference(parsing: raw)) {
        case (.skip, .literal):
            resolvedURL = raw
        case (.skip, _):
            // Not read: the job is known by its name; its source is not reached.
            resolvedURL = "http://unresolved.invalid/api/facilities"
        case (.resolve, let reference):
            do {
                resolvedURL = try reference.resolve(environment: environment, baseDirectory: directory)
            } catch {
                errors.add(urlNode.error(.invalidValue, "url: \(error.description)"))
                return nil
            }
        }
        guard let url = URL(string: resolvedURL), let host = url.host, let scheme = url.scheme else {
            errors.add(urlNode.error(.invalidValue, "url must be http(s)://host[:port]/path"))
            return nil
        }
        var token: Secret?
        if let tokenNode = fields["bearer_token"], let reference = text("bearer_token") {
            let parsed = CredentialReference(parsing: reference)
            if case .literal = parsed {
                errors.add(tokenNode.errorWithoutExcerpt(.invalidValue, "bearer_token is a secret: write ${env:NAME} or ${file:PATH}"))
            } else if resolution == .resolve {
                do {
                    token = Secret(try parsed.resolve(environment: environment, baseDirectory: directory))
                } catch {
                    errors.add(tokenNode.error(.invalidValue, "bearer_token: \(error.description)"))
                }
            }
        }
        var maximumPages = PagedAPIAdapter.defaultMaximumPages
        if let maxPagesNode = fields["max_pages"], let count = errors.attempt({ () throws(YAMLError) in try maxPagesNode.requireInt() }) {
            if count >= 1 {
                maximumPages = count
            } else {
                errors.add(maxPagesNode.error(.invalidValue, "max_pages is the most pages one read may take: a whole number of at least 1 (default \(PagedAPIAdapter.defaultMaximumPages))"))
            }
        }
        let base = "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
        return .httpAPI(baseURL: base, path: url.path.isEmpty ? "/api/facilities" : url.path, bearerToken: token, maximumPages: maximumPages)
    }
}
