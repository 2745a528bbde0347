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
    /// The source plugins a job may name (built-in adapters and installed manifests).
    let catalog: PluginCatalog
    /// Errors inside mapping files (they carry their own file names).
    var fileErrors: [YAMLError] = []

    init(
        directory: String, mappings: String, compiler: MappingCompiler, platforms: [HubConfiguration.Platform],
        environment: [String: String], resolution: CredentialResolution = .resolve, catalog: PluginCatalog = PluginCatalog()
    ) {
        self.catalog = catalog
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
        return compile(file: text, place: node, what: "mapping file", into: &errors)
    }

    private mutating func compile(file text: String, place node: YAMLNode, what: String, into errors: inout YAMLErrorCollector) -> CompiledMapping? {
        let file = path(text, under: mappings)
        guard FileManager.default.fileExists(atPath: file) else {
            errors.add(node.error(.unknownReference, "no \(what) \(file)"))
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
        let fields = node.entries(allowing: Set(["description", "source", "mapping", "schedule", "timezone", "targets", "freshness"]).union(JobServicePolicy.keys), what: "job \(name)", into: &errors)
        let schedule = readSchedule(fields, into: &errors)
        let service = JobServicePolicy.read(fields, job: name, into: &errors)
        let freshness = fields["freshness"].flatMap { FreshnessPolicy.read($0, job: name, into: &errors) }
        let source = fields["source"].flatMap { readSource($0, into: &errors) }
        if fields["source"] == nil { errors.add(node.error(.missingKey, "job \(name) needs source: {adapter, path}")) }
        // Without mapping: the source plugin's own default mapping.
        var mapping: CompiledMapping?
        if fields["mapping"] == nil, let plugin = source?.plugin, let file = plugin.mapping, let place = fields["source"] {
            mapping = compile(file: file, place: place, what: "the default mapping of the source plugin \(plugin.name)", into: &errors)
        } else if fields["mapping"] == nil, fields["source"] != nil, source == nil {
            // The source's own errors are reported; whether its plugin brings a mapping is unknown.
            mapping = nil
        } else {
            mapping = compile(fields["mapping"], parent: node, into: &errors)
        }
        if let mapping, mapping.kind != .source {
            errors.add((fields["mapping"] ?? node).error(.invalidValue, "\(mapping.file) is a target mapping; a job's mapping: is a source mapping"))
        }
        if let mapping, let plugin = source?.plugin, let entity = plugin.entity, mapping.output.name != entity {
            errors.add((fields["mapping"] ?? node).error(
                .invalidValue, "\(mapping.file) makes \(mapping.output.name) records, but the source plugin \(plugin.name) feeds \(entity) (\(plugin.file))"
            ))
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
        var job = JobConfiguration(name: name, description: description, source: source, mapping: mapping, schedule: schedule, targets: targets, freshness: freshness)
        job.service = service
        return job
    }

    /// `schedule:` read in the zone `timezone:` names (Beijing time without it); each refused at
    /// its value, saying what is wrong with which part.
    private func readSchedule(_ fields: [String: YAMLNode], into errors: inout YAMLErrorCollector) -> JobSchedule? {
        var timeZone = JobSchedule.defaultTimeZone
        if let node = fields["timezone"], let name = errors.attempt({ () throws(YAMLError) in try node.requireString() }) {
            if fields["schedule"] == nil {
                errors.add(node.error(.invalidValue, "timezone sets the zone a job's schedule is read in; this job has no schedule"))
            }
            do {
                timeZone = try JobSchedule.timeZone(named: name)
            } catch {
                errors.add(node.error(.invalidValue, error.detail))
            }
        }
        guard let node = fields["schedule"], let text = errors.attempt({ () throws(YAMLError) in try node.requireString() }) else { return nil }
        do {
            return try JobSchedule(parsing: text, timeZone: timeZone)
        } catch {
            errors.add(node.error(.invalidValue, "invalid schedule \"\(text)\": \(error.detail)"))
            return nil
        }
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

    /// `source: {adapter: NAME, OPTION: VALUE, …}`: a source plugin of the catalog and its
    /// options, each held against the plugin's manifest.
    func readSource(_ node: YAMLNode, into errors: inout YAMLErrorCollector) -> SourceSpec? {
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "a source is a mapping: {adapter: NAME, and the adapter's options}"))
            return nil
        }
        let names = catalog.names.joined(separator: ", ")
        guard let adapterNode = node["adapter"] else {
            errors.add(node.error(.missingKey, "a source needs adapter: one of the source plugins (\(names); 'huitong plugin list' shows them)"))
            return nil
        }
        guard let name = errors.attempt({ () throws(YAMLError) in try adapterNode.requireString() }) else { return nil }
        guard let plugin = catalog.source(named: name) else {
            let hint = NameSuggestion.nearest(to: name, among: catalog.names).map { "did you mean \"\($0)\"? " } ?? ""
            errors.add(adapterNode.error(.unknownReference, "unknown adapter \"\(name)\"; \(hint)the source plugins are \(names) ('huitong plugin list' shows them)"))
            return nil
        }
        // A process plugin's stream and replication key are the job's, beside its options.
        var stream: String?, replicationKey: String?
        var optionEntries: [YAMLMappingEntry] = []
        for entry in entries {
            let key = entry.key.scalar?.text ?? ""
            guard key == "stream" || key == "replication_key" else {
                optionEntries.append(entry)
                continue
            }
            guard case .process = plugin.runtime else {
                errors.add(entry.key.error(.unknownKey, "\(key) selects what a process plugin (a Singer tap) reads; \(plugin.name) is \(plugin.runtime.description)"))
                continue
            }
            let text = errors.attempt { () throws(YAMLError) in try entry.value.requireString() }
            if key == "stream" { stream = text } else { replicationKey = text }
        }
        guard let options = OptionValues.read(
            optionEntries, of: plugin, source: node, directory: directory, environment: environment, resolution: resolution, into: &errors
        ) else { return nil }
        var processEnvironment: [String: String] = [:]
        if case let .process(process) = plugin.runtime {
            for name in SourceSpec.baseEnvironment + process.environment {
                if let value = environment[name] { processEnvironment[name] = value }
            }
        }
        return SourceSpec(plugin: plugin, options: options, stream: stream, replicationKey: replicationKey, processEnvironment: processEnvironment)
    }
}
