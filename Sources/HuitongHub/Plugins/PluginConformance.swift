import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongYAML

/// `huitong plugin test NAME`: the conformance checks of a source plugin, run against the
/// source its `conformance.yaml` gives (a job's `source:`, paths relative to the plugin's
/// directory). Each check passes, fails or is skipped (with why); a failed check stops those
/// that need it.
///
/// 1. manifest — the plugin's manifest loads (and no other claims its name);
/// 2. options — `conformance.yaml`'s source is valid against the manifest's options;
/// 3. run — a read of the fixture ends complete within the manifest's limits;
/// 4. messages — the output was valid Singer, at least one record, a final STATE for an
///    incremental plugin;
/// 5. mapping — every record maps to the schema entity with the plugin's mapping, none set aside;
/// 6. state — a second read given the returned state emits fewer records than the first
///    (at most those at its bookmark again), none the first did not;
/// 7. bad configuration — a read with none of the options exits non-zero with a message.
package struct PluginConformance: Sendable {
    package struct Check: Sendable, Equatable {
        package enum Result: String, Sendable { case passed, failed, skipped }
        package let name: String
        package let result: Result
        package let detail: String
    }

    package let plugins: String
    package let mappings: String
    package let name: String
    package var environment: [String: String] = ProcessInfo.processInfo.environment

    package init(plugins: String, mappings: String, name: String) {
        self.plugins = plugins
        self.mappings = mappings
        self.name = name
    }

    package static let conformanceFile = "conformance.yaml"

    package func run() async -> [Check] {
        var checks: [Check] = []
        func add(_ name: String, _ result: Check.Result, _ detail: String) { checks.append(Check(name: name, result: result, detail: detail)) }
        func skipRest(after failed: String) -> [Check] {
            let rest = ["manifest", "options", "run", "messages", "mapping", "state", "bad configuration"].drop { $0 != failed }.dropFirst()
            return checks + rest.map { Check(name: $0, result: .skipped, detail: "needs \(failed)") }
        }

        // 1. The manifest.
        let (catalog, manifestErrors) = PluginCatalog.load(plugins: plugins)
        let directory = (PluginCatalog.sourcesDirectory(under: plugins) as NSString).appendingPathComponent(name)
        let manifestFile = (directory as NSString).appendingPathComponent("plugin.yaml")
        let own = manifestErrors.filter { $0.location.file == manifestFile }
        guard let manifest = catalog.source(named: name), own.isEmpty else {
            let why = own.isEmpty
                ? "no source plugin \(name) in \(plugins) (\(manifestFile) does not exist or names another plugin); 'huitong plugin list' shows what is installed"
                : own.map(\.description).joined(separator: "\n")
            add("manifest", .failed, why)
            return skipRest(after: "manifest")
        }
        add("manifest", .passed, "\(manifest.file): \(manifest.name) \(manifest.version), \(manifest.runtime.description)")

        // 2. The options the conformance source gives.
        let schema: Schema
        do {
            schema = try SchemaLoader.load(mappings: MappingsDirectory(path: mappings))
        } catch {
            add("options", .failed, "the schema under \(mappings) does not load: \(error.description)")
            return skipRest(after: "options")
        }
        let compiler = MappingCompiler(schema: schema)
        let conformance = (directory as NSString).appendingPathComponent(Self.conformanceFile)
        var errors = YAMLErrorCollector()
        var spec: SourceSpec?
        do {
            let root = try YAMLLoader.loadSingleDocument(path: conformance)
            let fields = root.entries(allowing: ["source"], what: Self.conformanceFile, into: &errors)
            if let source = fields["source"] {
                let reader = JobReader(directory: directory, mappings: mappings, compiler: compiler, platforms: [], environment: environment, catalog: catalog)
                spec = reader.readSource(source, into: &errors)
                if let spec, spec.plugin.name != name {
                    errors.add(source["adapter"]!.error(.invalidValue, "the conformance source names \(spec.plugin.name), not \(name)"))
                }
            } else {
                errors.add(root.error(.missingKey, "\(Self.conformanceFile) needs source: {adapter: \(name), and the options a job would give}"))
            }
        } catch {
            error.errors.forEach { errors.add($0) }
        }
        guard let spec, errors.errors.isEmpty else {
            let missing = !FileManager.default.fileExists(atPath: conformance)
            add("options", .failed, missing
                ? "\(conformance) does not exist: write source: {adapter: \(name), OPTION: VALUE} with the options that read the plugin's fixture"
                : errors.errors.map(\.description).joined(separator: "\n"))
            return skipRest(after: "options")
        }
        add("options", .passed, "\(conformance): \(spec.options.summary(in: manifest))")

        // The mapping the records must fit.
        guard let mappingName = manifest.mapping else {
            add("run", .skipped, "")
            add("messages", .skipped, "")
            add("mapping", .failed, "the manifest names no mapping: add mapping: sources/FILE.yaml (the source mapping to \(manifest.entity ?? "its entity"))")
            return skipRest(after: "mapping")
        }
        let mapping: CompiledMapping
        do {
            mapping = try compiler.compile(path: (mappings as NSString).appendingPathComponent(mappingName))
        } catch {
            add("run", .skipped, "needs the mapping")
            add("messages", .skipped, "needs the mapping")
            add("mapping", .failed, error.description)
            return skipRest(after: "mapping")
        }

        // 3 and 4. A first read.
        let scratch = NSTemporaryDirectory() + "huitong-plugin-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let log = scratch + "/stderr.log"
        let started = Date()
        let first = await Self.read(spec.adapter(for: mapping, stderrLog: log), since: nil)
        let seconds = Date().timeIntervalSince(started)
        let limit = { () -> String in
            if case let .process(process) = manifest.runtime { return " (limit \(process.timeLimitSeconds) s)" }
            return ""
        }()
        guard let firstRead = first.read, first.incomplete == nil else {
            add("run", .failed, first.incomplete ?? "the read failed")
            return skipRest(after: "run")
        }
        add("run", .passed, "\(first.records.count) records in \(String(format: "%.2f", seconds)) s\(limit)")
        if !first.unreadable.isEmpty {
            add("messages", .failed, first.unreadable.prefix(3).joined(separator: "\n"))
            return skipRest(after: "messages")
        }
        if first.records.isEmpty {
            add("messages", .failed, "no RECORD on the fixture: give conformance.yaml a source with records")
            return skipRest(after: "messages")
        }
        if manifest.incremental, firstRead.checkpoint == nil {
            add("messages", .failed, "the manifest says incremental: true, but the tap wrote no STATE message: write one after the records (its value is handed back with --state)")
            return skipRest(after: "messages")
        }
        let protocolNote = if case .process = manifest.runtime { "valid Singer: " } else { "" }
        add("messages", .passed, "\(protocolNote)\(first.records.count) records\(firstRead.checkpoint == nil ? "" : ", a final STATE")")

        // 5. Every record maps.
        var run = MappingRun()
        var setAside: [String] = []
        var mapped = 0
        for (record, origin) in first.records {
            switch mapping.map(record, run: &run) {
            case .mapped: mapped += 1
            case let .setAside(reasons, _): setAside.append("\(origin): " + reasons.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
            case let .skipped(reason): setAside.append("\(origin): skipped (\(reason))")
            }
        }
        if setAside.isEmpty {
            add("mapping", .passed, "\(mapped) of \(first.records.count) records map to \(manifest.entity ?? "the schema") with \(mappingName)")
        } else {
            add("mapping", .failed, "\(setAside.count) of \(first.records.count) records not mapped (\(mappingName)):\n" + setAside.prefix(5).joined(separator: "\n"))
        }

        // 6. A second read from the returned state.
        if !manifest.incremental {
            add("state", .skipped, "the manifest says incremental: false: every run reads everything")
        } else {
            let second = await Self.read(spec.adapter(for: mapping, stderrLog: log), since: firstRead.checkpoint)
            if let incomplete = second.incomplete {
                add("state", .failed, "the read given the state failed: \(incomplete)")
            } else {
                let seen = Set(first.records.map { Self.canonical($0.record) })
                let new = second.records.filter { !seen.contains(Self.canonical($0.record)) }
                if first.records.count > 1, second.records.count >= first.records.count {
                    add("state", .failed, "given the state, it emitted all \(second.records.count) records again: it does not start from its state (a run must emit only what changed since, at most the records at its bookmark)")
                } else if new.isEmpty {
                    let again = second.records.count
                    add("state", .passed, again == 0 ? "nothing emitted given the state" : "\(again) record(s) emitted again at the bookmark, none new")
                } else {
                    add("state", .failed, "\(new.count) record(s) given the state that the first read did not emit, such as \(new[0].origin); a run from the state must emit only what changed since")
                }
            }
        }

        // 7. A configuration with none of the options.
        let required = manifest.options.filter(\.required).map(\.name)
        if required.isEmpty {
            add("bad configuration", .skipped, "the plugin requires no option: there is none to leave out")
        } else {
            let bad = SourceSpec(plugin: manifest, options: SourceOptions(), stream: spec.stream, replicationKey: spec.replicationKey, processEnvironment: spec.processEnvironment)
            let result = await Self.read(bad.adapter(for: mapping, stderrLog: log), since: nil)
            if let incomplete = result.incomplete {
                let said = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if case .process = manifest.runtime, said.isEmpty {
                    add("bad configuration", .failed, "without \(required.joined(separator: ", ")) it failed but said nothing on standard error: say what is missing")
                } else {
                    add("bad configuration", .passed, "without \(required.joined(separator: ", ")): \(incomplete.prefix(300))")
                }
            } else {
                add("bad configuration", .failed, "without \(required.joined(separator: ", ")) the read succeeded (\(result.records.count) records): a configuration missing a required option must exit non-zero with a message")
            }
        }
        return checks
    }

    /// One read to its end: its records, unreadable items and how it ended.
    struct Outcome {
        var records: [(record: OrderedObject, origin: RecordOrigin)] = []
        var unreadable: [String] = []
        var read: SourceRead?
        var incomplete: String?
    }

    static func read(_ adapter: any SourceAdapter, since checkpoint: Value?) async -> Outcome {
        var outcome = Outcome()
        do {
            var records: [(record: OrderedObject, origin: RecordOrigin)] = []
            var unreadable: [String] = []
            let read = try await adapter.read(since: checkpoint) { batch in
                for item in batch {
                    switch item {
                    case let .record(record, origin): records.append((record, origin))
                    case let .unreadable(origin, reason): unreadable.append("\(origin): \(reason)")
                    }
                }
            }
            outcome.records = records
            outcome.unreadable = unreadable
            outcome.read = read
            outcome.incomplete = read.incompleteRead?.description
        } catch {
            outcome.incomplete = "\(error)"
        }
        return outcome
    }

    static func canonical(_ record: OrderedObject) -> String {
        (try? CanonicalJSONWriter.string(for: .object(record))) ?? ""
    }
}
