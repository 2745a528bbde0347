import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping

/// Counts of one target after staging and planning.
struct StagedTarget: Sendable {
    var mapped = 0
    var setAside = 0
    var skipped = 0
    var unchanged = 0
    var upserts = 0
    var deletes = 0
    /// Of the deletes: records still in the source that this target's mapping now skips.
    var noLongerForTarget = 0
    /// What the platform holds as far as Huitong knows (the accepted index), for the delete guard.
    var held = 0
}

/// Counts of the source stage.
struct StagedSource: Sendable {
    var read = 0
    var normalised = 0
    var setAside = 0
    var skipped = 0
}

/// Reads the source, normalises it, maps it for every target, writes everything to the run
/// directory and plans what to send; the run marker is written last, so a crash before it
/// leaves nothing a later run would trust (it starts over), and a crash after it leaves a
/// run that the next one finishes without reading the source again.
final class RunStager {
    let job: JobConfiguration
    let paths: JobPaths
    let context: MappingContext
    let runID: String
    private var lastMarker: Value?

    init(job: JobConfiguration, paths: JobPaths, context: MappingContext, runID: String) {
        self.job = job
        self.paths = paths
        self.context = context
        self.runID = runID
    }

    /// The marker of the last staging (for a dry run, which writes none).
    func markerValue() throws -> Value {
        guard let lastMarker else { throw HubError(.nothingStaged, "nothing was staged") }
        return lastMarker
    }

    /// - Parameter markAsStaged: false for a dry run: the run is staged and planned but never
    ///   marked, so nothing is sent and a crash leaves nothing a later run would trust.
    /// - Parameter allowDeletes: the operator's `--allow-deletes`: the delete guard lets every
    ///   planned delete through (and the marker records it, for the ledger).
    ///   - stop: a stop requested while the source is read ends the staging; nothing was sent.
    func stage(markAsStaged: Bool = true, allowDeletes: Bool = false, stop: StopRequest? = nil) async throws -> (source: StagedSource, targets: [String: StagedTarget]) {
        try DurableFiles.remove(paths.run)
        try DurableFiles.makeDirectory(paths.run)
        let checkpoint = DurableFiles.read(paths.checkpoint).flatMap { try? JSONReader().value(from: $0) }?["checkpoint"]
        var source = StagedSource()
        let sourceSetAside = try JSONLinesAppender(path: paths.sourceSetAside, truncate: true)
        var writers: [TargetWriter] = []
        for target in job.targets { writers.append(try TargetWriter(target: target, paths: paths.target(target.name), context: context)) }

        let mapping = job.mapping
        let schemaKey = { (record: OrderedObject) -> String in mapping.output.keyText(of: record) }
        // The schema keys still in the source hold back deletes; only a sync target with deletes
        // on a complete read asks for them, and they grow with the read, so only then are they kept.
        let keepsPresentKeys = !job.source.isIncremental && job.targets.contains { $0.mode == .sync && $0.deletes }
        var presentSchemaKeys = Set<String>()
        let resolver = try mapping.deduplication.map { try SortingDuplicateResolver(rule: $0, directory: paths.run) }
        var run = MappingRun(context: context)
        let adapter = job.source.adapter(for: mapping)
        let read = try await adapter.read(since: checkpoint) { batch in
            if let reason = stop?.reason { throw HubError.stoppedWhileReading(job: job.name, reason) }
            for item in batch {
                source.read += 1
                switch item {
                case let .unreadable(origin, reason):
                    source.setAside += 1
                    try sourceSetAside.append(["origin": .string(origin.description), "stage": "source", "reasons": .array([.string(reason)])])
                case let .record(record, origin):
                    switch mapping.map(record, run: &run) {
                    case let .mapped(output, _):
                        let originValue = Value.string(origin.description)
                        if let resolver {
                            try resolver.add(output, reference: originValue)
                        } else {
                            source.normalised += 1
                            if keepsPresentKeys { presentSchemaKeys.insert(schemaKey(output)) }
                            for writer in writers { try writer.add(output, schemaKey: schemaKey(output), origin: originValue) }
                        }
                    case let .setAside(reasons, _):
                        source.setAside += 1
                        try sourceSetAside.append([
                            "origin": .string(origin.description), "stage": "source",
                            "reasons": .array(reasons.map { .string($0.description) }),
                        ])
                    case .skipped:
                        source.skipped += 1
                    }
                }
            }
        }
        // A read that stopped early must reach no platform: what it did not reach would count
        // as deleted. Thrown before the marker, so nothing is sent and the next run stages afresh.
        if let incomplete = read.incompleteRead { throw HubError.incompleteRead(incomplete, job: job.name) }
        let newCheckpoint = read.checkpoint
        if let resolver {
            try resolver.finish(winner: { record, origin in
                source.normalised += 1
                if keepsPresentKeys { presentSchemaKeys.insert(schemaKey(record)) }
                for writer in writers { try writer.add(record, schemaKey: schemaKey(record), origin: origin) }
            }, loser: { record, origin in
                // Still in the source: its key must not be deleted at a platform.
                if keepsPresentKeys { presentSchemaKeys.insert(schemaKey(record)) }
                if resolver.rule.loser == .skip {
                    source.skipped += 1
                } else {
                    source.setAside += 1
                    try sourceSetAside.append([
                        "origin": origin, "key": .string(schemaKey(record)), "stage": "source",
                        "reasons": .array([.string(resolver.reason(for: record).description)]),
                    ])
                }
            })
        }
        try sourceSetAside.sync()

        var targets: [String: StagedTarget] = [:]
        for writer in writers {
            targets[writer.target.name] = try writer.finish(presentSchemaKeys: presentSchemaKeys, readIsComplete: !job.source.isIncremental)
        }
        let refusals = deleteRefusals(targets, allowDeletes: allowDeletes)
        if markAsStaged, !refusals.isEmpty {
            try DurableFiles.remove(paths.run)
            throw HubError.deletesRefused(job: job.name, refusals)
        }
        try DurableFiles.replace(paths.runCheckpoint, with: try JSONWriter().bytes(for: ["checkpoint": newCheckpoint ?? .null]))
        let marker: Value = [
            "run": .string(runID), "job": .string(job.name), "stage": "staged", "deletesAllowed": .bool(allowDeletes),
            "source": [
                "read": .integer(Int64(source.read)), "normalised": .integer(Int64(source.normalised)),
                "setAside": .integer(Int64(source.setAside)), "skipped": .integer(Int64(source.skipped)),
            ],
            "targets": .object(OrderedObject(uniqueKeysWithValues: targets.sorted { $0.key < $1.key }.map { name, counts in
                (name, [
                    "mapped": .integer(Int64(counts.mapped)), "setAside": .integer(Int64(counts.setAside)),
                    "skipped": .integer(Int64(counts.skipped)), "unchanged": .integer(Int64(counts.unchanged)),
                    "upserts": .integer(Int64(counts.upserts)), "deletes": .integer(Int64(counts.deletes)),
                    "noLongerForTarget": .integer(Int64(counts.noLongerForTarget)), "held": .integer(Int64(counts.held)),
                    "deleteRefusal": refusals[name].map { .string($0) } ?? .null,
                ] as Value)
            })),
        ]
        lastMarker = marker
        // Last: from here on the run is finished by resending, never by reading again.
        if markAsStaged {
            try DurableFiles.replace(paths.runMarker, with: try JSONWriter().bytes(for: marker))
            Failpoints.hit("staged")
        }
        return (source, targets)
    }

    /// The delete guard's refusals, by target name (empty when every target may proceed).
    private func deleteRefusals(_ targets: [String: StagedTarget], allowDeletes: Bool) -> [String: String] {
        var refusals: [String: String] = [:]
        for target in job.targets where target.mode == .sync && target.deletes {
            guard let counts = targets[target.name] else { continue }
            let decision = DeleteDecision.decide(
                policy: target.deletePolicy, held: counts.held, mapped: counts.mapped, deletes: counts.deletes, allowed: allowDeletes
            )
            if case let .refuse(reason) = decision { refusals[target.name] = reason }
        }
        return refusals
    }
}

/// One target's share of staging: maps each schema record, keeps its de-duplication, writes
/// staged payloads and set-aside records, then plans the upserts and deletes.
final class TargetWriter {
    let target: TargetConfiguration
    let paths: TargetPaths
    private var run: MappingRun
    private let staged: JSONLinesAppender
    private let setAside: JSONLinesAppender
    private let resolver: SortingDuplicateResolver?
    private var counts = StagedTarget()
    /// Schema keys this target's mapping skipped (a filter): for a target that deletes, a
    /// record it no longer wants is gone from it, though it is still in the source.
    private var skippedSchemaKeys = Set<String>()

    init(target: TargetConfiguration, paths: TargetPaths, context: MappingContext) throws {
        self.target = target
        self.paths = paths
        run = MappingRun(context: context)
        staged = try JSONLinesAppender(path: paths.staged, truncate: true)
        setAside = try JSONLinesAppender(path: paths.setAside, truncate: true)
        resolver = try target.mapping.deduplication.map { try SortingDuplicateResolver(rule: $0, directory: paths.run) }
    }

    func add(_ record: OrderedObject, schemaKey: String, origin: Value) throws {
        switch target.mapping.map(record, run: &run) {
        case let .mapped(output, _):
            if let resolver {
                try resolver.add(output, reference: [.string(schemaKey), origin])
            } else {
                try write(output, schemaKey: schemaKey)
            }
        case let .setAside(reasons, _):
            counts.setAside += 1
            try setAside.append([
                "key": .string(schemaKey), "origin": origin, "stage": "target",
                "reasons": .array(reasons.map { .string($0.description) }),
            ])
        case .skipped:
            counts.skipped += 1
            if target.mode == .sync && target.deletes { skippedSchemaKeys.insert(schemaKey) }
        }
    }

    private func write(_ payload: OrderedObject, schemaKey: String) throws(HubError) {
        counts.mapped += 1
        // The platform's own key form, with its profile's separator, as the connector sends it.
        let key = target.datasetProfile.key(of: payload)
        try staged.append(["k": .string(key), "s": .string(schemaKey), "h": .string(contentHash(of: payload)), "r": .object(payload)])
    }

    /// Flushes the staged payloads and writes the plan: upserts in staged order, then deletes
    /// in key order. Returns the counts.
    func finish(presentSchemaKeys: Set<String>, readIsComplete: Bool) throws -> StagedTarget {
        if let resolver {
            try resolver.finish(winner: { record, reference in
                try write(record, schemaKey: reference[0]?.stringValue ?? "")
            }, loser: { record, reference in
                if resolver.rule.loser == .skip {
                    counts.skipped += 1
                } else {
                    counts.setAside += 1
                    try setAside.append([
                        "key": reference[0] ?? .null, "origin": reference[1] ?? .null, "stage": "target",
                        "reasons": .array([.string(resolver.reason(for: record).description)]),
                    ])
                }
            })
        }
        try staged.sync()
        try setAside.sync()
        let plan = try JSONLinesAppender(path: paths.plan, truncate: true)
        if target.mode == .append {
            try forEachLine(of: paths.staged) { (_, offset, length) throws(HubError) in
                counts.upserts += 1
                try plan.append(["u": .integer(Int64(offset)), "n": .integer(Int64(length))])
            }
        } else {
            var accepted = try AcceptedIndex.load(paths.accepted).entries
            counts.held = accepted.count
            let rejected = try RejectedIndex.load(paths.rejected)
            var stagedKeys = Set<String>()
            try forEachLine(of: paths.staged) { (line, offset, length) throws(HubError) in
                let key = line["k"]?.stringValue ?? ""
                let hash = line["h"]?.stringValue ?? ""
                stagedKeys.insert(key)
                if accepted[key]?.hash == hash || rejected.entries[key]?.hash == hash {
                    counts.unchanged += 1
                } else {
                    counts.upserts += 1
                    try plan.append(["u": .integer(Int64(offset)), "n": .integer(Int64(length))])
                }
                accepted[key] = nil
            }
            if target.deletes && readIsComplete {
                // Gone from the source — neither sent now nor held back by a set-aside record
                // whose schema key is still in the read — or still in it but skipped by this
                // target's mapping, which no longer wants it.
                for key in accepted.keys.sorted(by: keyPrecedes) {
                    let schemaKey = accepted[key]!.schemaKey
                    if skippedSchemaKeys.contains(schemaKey) {
                        counts.noLongerForTarget += 1
                    } else if presentSchemaKeys.contains(schemaKey) {
                        continue
                    }
                    counts.deletes += 1
                    try plan.append(["d": .string(key)])
                }
            }
        }
        try plan.sync()
        return counts
    }
}
