import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongPlatforms

/// Reads the source, normalises it, maps it for every target, writes everything to the run
/// directory and plans what to send; the run marker is written last, so a crash before it
/// leaves nothing a later run would trust (it starts over), and a crash after it leaves a
/// run that the next one finishes without reading the source again.
final class RunStager {
    let job: JobConfiguration
    let paths: JobPaths
    let context: MappingContext
    let runID: String
    /// Each target's ``MappingMemo`` basis, by target name; a target without one maps every record.
    let memoBases: [String: ContentHash]
    /// Called after each batch the source hands over with the records read so far.
    var readProgress: (@Sendable (Int) -> Void)?

    init(job: JobConfiguration, paths: JobPaths, context: MappingContext, runID: String, memoBases: [String: ContentHash] = [:]) {
        self.job = job
        self.paths = paths
        self.context = context
        self.runID = runID
        self.memoBases = memoBases
    }

    /// - Parameter markAsStaged: false for a dry run: the run is staged and planned but never
    ///   marked, so nothing is sent and a crash leaves nothing a later run would trust.
    /// - Parameter allowDeletes: the operator's `--allow-deletes`: the delete guard lets every
    ///   planned delete through (and the marker records it, for the ledger).
    ///   - stop: a stop requested while the source is read ends the staging; nothing was sent.
    /// - Returns: the run marker (written unless `markAsStaged` is false).
    func stage(markAsStaged: Bool = true, allowDeletes: Bool = false, stop: StopRequest? = nil) async throws -> RunMarker {
        try DurableFiles.remove(paths.run)
        try DurableFiles.makeDirectory(paths.run)
        let checkpoint = DurableFiles.read(paths.checkpoint).flatMap { try? JSONReader().value(from: $0) }?["checkpoint"]
        var source = StagedSource()
        let sourceSetAside = try JSONLinesAppender(path: paths.sourceSetAside, truncate: true)
        var writers: [TargetWriter] = []
        for target in job.targets {
            writers.append(try TargetWriter(target: target, paths: paths.target(target.name), context: context, memoBasis: memoBases[target.name]))
        }
        // The schema record's hash, made once for every target that keeps a memo, of its
        // scratch encoding: deterministic and one value per encoding, and cheaper than canonical
        // JSON (no key sorting, no number formatting). Key order counts, so a record whose
        // members come in another order is mapped again: slower, never wrong.
        let hashesSchemaRecords = writers.contains { $0.usesMemo }
        // Each target maps, encodes and stages on a thread of its own, fed in batches.
        let feeds = writers.map(TargetFeed.init)
        defer { for feed in feeds { feed.abandon() } }
        var encoder = ScratchValueEncoder(numbersKeys: false)
        var encoded: [UInt8] = []

        let mapping = job.mapping
        let schemaKey = { (record: OrderedObject) -> String in mapping.output.keyText(of: record) }
        // The schema keys still in the source hold back deletes; only a sync target with deletes
        // on a complete read asks for them, and they grow with the read, so only then are they kept.
        let keepsPresentKeys = !job.source.isIncremental && job.targets.contains { $0.mode == .sync && $0.deletes }
        var presentSchemaKeys = Set<String>()
        let stage = try MappingStage(mapping: mapping, context: context, deduplication: .externalSort(directory: paths.run))
        func route(_ outcome: MappingStageOutcome) throws {
            switch outcome {
            case let .mapped(record, origin, _):
                let key = schemaKey(record)
                if keepsPresentKeys { presentSchemaKeys.insert(key) }
                var sourceHash: ContentHash?
                if hashesSchemaRecords {
                    encoded.removeAll(keepingCapacity: true)
                    do {
                        try encoder.append(.object(record), to: &encoded)
                        sourceHash = ContentHash(SHA256.hash(encoded))
                    } catch {
                        sourceHash = nil  // not JSON: the target stage says so, with the record's key
                    }
                }
                for feed in feeds { try feed.add(TargetFeed.Item(record: record, schemaKey: key, sourceHash: sourceHash, origin: origin)) }
            case let .setAside(origin, key, reasons, _):
                // A duplicate loser (it has a key) is still in the source: its key must not be deleted.
                if keepsPresentKeys, let key { presentSchemaKeys.insert(key) }
                try sourceSetAside.append(SetAsideLine(key: key, location: origin.stringValue, stage: .source, reasons: reasons.map(\.reason)).jsonValue)
            case let .skipped(_, key, _, _):
                if keepsPresentKeys, let key { presentSchemaKeys.insert(key) }
            }
        }
        var stopRequested: (@Sendable () -> Bool)?
        if let stop { stopRequested = { stop.isRequested } }
        let adapter = job.source.adapter(for: mapping, stderrLog: paths.pluginLog, stopRequested: stopRequested)
        let read: SourceRead
        do {
            var records = 0
            let readProgress = self.readProgress
            read = try await adapter.read(since: checkpoint) { batch in
                if let reason = stop?.reason { throw HubError.stoppedWhileReading(job: job.name, reason) }
                records += batch.count
                readProgress?(records)
                for item in batch {
                    switch item {
                    case let .unreadable(origin, reason):
                        try stage.addUnreadable(origin: .string(origin.description), reason: reason, emit: route)
                    case let .record(record, origin):
                        try stage.add(record, origin: .string(origin.description), emit: route)
                    }
                }
            }
        } catch is PluginReadStopped {
            throw HubError.stoppedWhileReading(job: job.name, stop?.reason ?? "a stop was requested")
        }
        // A read that stopped early must reach no platform: what it did not reach would count
        // as deleted. Thrown before the marker, so nothing is sent and the next run stages afresh.
        if let incomplete = read.incompleteRead { throw HubError.incompleteRead(incomplete, job: job.name) }
        let newCheckpoint = read.checkpoint
        try stage.finish(emit: route)
        source = StagedSource(read: stage.counts.offered, normalised: stage.counts.mapped, setAside: stage.counts.setAside, skipped: stage.counts.skipped)
        try sourceSetAside.sync()

        for feed in feeds { try feed.finish() }
        var targets: [String: StagedTarget] = [:]
        for writer in writers {
            targets[writer.target.name] = try writer.finish(presentSchemaKeys: presentSchemaKeys, readIsComplete: !job.source.isIncremental)
        }
        let refusals = deleteRefusals(targets, allowDeletes: allowDeletes)
        if markAsStaged, !refusals.isEmpty {
            try DurableFiles.remove(paths.run)
            throw HubError.deletesRefused(job: job.name, refusals)
        }
        for (name, reason) in refusals { targets[name]?.deleteRefusal = reason }
        try DurableFiles.replace(paths.runCheckpoint, with: try JSONWriter().bytes(for: ["checkpoint": newCheckpoint ?? .null]))
        let marker = RunMarker(run: runID, job: job.name, deletesAllowed: allowDeletes, source: source, targets: targets)
        // Last: from here on the run is finished by resending, never by reading again.
        if markAsStaged {
            try marker.write(paths)
            Failpoints.hit("staged")
        }
        return marker
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
/// each staged record once (canonical JSON and its hash) and plans it at once — an upsert unless
/// the platform already holds (or refused) exactly that content — then plans the deletes.
///
/// A sync target without a `dedupe` rule keeps a ``MappingMemo``: a schema record whose hash
/// the memo knows, mapping to a record the platform holds exactly, is unchanged without being
/// mapped, encoded or staged again.
final class TargetWriter {
    let target: TargetConfiguration
    let paths: TargetPaths
    private let stage: MappingStage
    private let staged: JSONLinesAppender
    private let setAside: JSONLinesAppender
    private let plan: JSONLinesAppender
    private var counts = StagedTarget()
    private var canonical = CanonicalJSONWriter()
    /// What the platform holds, and what the memo says of it: read from the state on a thread of
    /// its own while the source is read, and waited for when the first record comes. A key
    /// staged (or passed over) in this run is marked, so what is left unmarked at the end is
    /// what the read no longer has.
    private var held = HeldState()
    private var heldLoad: BackgroundWork<HeldState, HubError>?
    /// Schema keys this target's mapping skipped (a filter): for a target that deletes, a
    /// record it no longer wants is gone from it, though it is still in the source.
    private var skippedSchemaKeys = Set<String>()
    private let memoWriter: JSONLinesAppender?
    /// The hash of the schema record being mapped, for the memo line its outcome writes: the
    /// stage emits a mapped record from `add` itself, since a memo target has no `dedupe` rule.
    private var currentSourceHash: ContentHash?

    init(target: TargetConfiguration, paths: TargetPaths, context: MappingContext, memoBasis: ContentHash? = nil) throws {
        self.target = target
        self.paths = paths
        stage = try MappingStage(mapping: target.mapping, context: context, deduplication: .externalSort(directory: paths.run))
        staged = try JSONLinesAppender(path: paths.staged, truncate: true, failpoint: "staged-disk-full")
        setAside = try JSONLinesAppender(path: paths.setAside, truncate: true)
        plan = try JSONLinesAppender(path: paths.plan, truncate: true)
        let memoBasis = target.mode == .sync && !stage.holdsMappedRecords ? memoBasis : nil
        if let memoBasis {
            let writer = try JSONLinesAppender(path: paths.runMemo, truncate: true)
            _ = try writer.append(line: MappingMemo.headerLine(basis: memoBasis))
            memoWriter = writer
        } else {
            memoWriter = nil
        }
        if target.mode == .sync {
            heldLoad = BackgroundWork { () throws(HubError) in try HeldState.load(paths, memoBasis: memoBasis) }
        }
    }

    /// Waits for the held state, once.
    private func awaitHeld() throws(HubError) {
        guard let load = heldLoad else { return }
        held = try load.result()  // a failure is thrown again at every later call
        heldLoad = nil
        counts.held = held.accepted.count
    }

    /// Whether this target keeps a memo, and so wants each schema record's hash.
    var usesMemo: Bool { memoWriter != nil }

    /// Maps one schema record; `origin` is where the source had it; `sourceHash` is the
    /// SHA-256 of its scratch encoding (nil unless `usesMemo`).
    func add(_ record: OrderedObject, schemaKey: String, sourceHash: ContentHash? = nil, origin: Value) throws {
        try awaitHeld()
        if let memoWriter, let sourceHash {
            let key = held.renamedKeys[schemaKey] ?? schemaKey
            if let index = held.accepted.index(forKey: key), case let entry = held.accepted.values[index],
               !entry.staged, entry.schemaKey == schemaKey, entry.source == sourceHash {
                // Mapped to exactly what the platform holds the last time, and unchanged since.
                held.accepted.values[index].staged = true
                counts.mapped += 1
                counts.unchanged += 1
                _ = try memoWriter.append(line: MappingMemo.line(schemaKey: schemaKey, MappingMemo.Entry(source: sourceHash, key: key, hash: entry.hash)))
                return
            }
            currentSourceHash = sourceHash
        }
        defer { currentSourceHash = nil }
        try stage.add(record, origin: [.string(schemaKey), origin], emit: route)
    }

    /// Where each record's final fate takes it; the stage's reference is `[schemaKey, origin]`.
    private func route(_ outcome: MappingStageOutcome) throws {
        let schemaKey = outcome.origin[0]?.stringValue ?? ""
        switch outcome {
        case let .mapped(output, _, warnings):
            let record = try write(output, schemaKey: schemaKey)
            // Only a record mapped without a warning: one passed over later is then the same in every respect.
            if let memoWriter, let source = currentSourceHash, warnings.isEmpty, let hash = ContentHash(hex: record.hash) {
                _ = try memoWriter.append(line: MappingMemo.line(schemaKey: schemaKey, MappingMemo.Entry(source: source, key: record.key, hash: hash)))
            }
        case let .setAside(origin, _, reasons, _):
            counts.setAside += 1
            try setAside.append(SetAsideLine(key: schemaKey, location: origin[1]?.stringValue, stage: .target, reasons: reasons.map(\.reason)).jsonValue)
        case let .skipped(_, duplicateKey, _, _):
            counts.skipped += 1
            // A filter's skip: this target no longer wants the record. A duplicate loser's
            // schema key still has its winner here.
            if duplicateKey == nil, target.mode == .sync && target.deletes { skippedSchemaKeys.insert(schemaKey) }
        }
    }

    @discardableResult
    private func write(_ payload: OrderedObject, schemaKey: String) throws(HubError) -> StagedRecord {
        counts.mapped += 1
        // The platform's own key form, with its profile's separator, as the connector sends it.
        let record = try StagedRecord(key: target.datasetProfile.key(of: payload), schemaKey: schemaKey, payload: payload, canonicalWriter: &canonical)
        let line = record.line()
        let offset = try staged.append(line: line)
        if target.mode == .sync {
            var entry: AcceptedIndex.Entry?
            if let index = held.accepted.index(forKey: record.key), !held.accepted.values[index].staged {
                entry = held.accepted.values[index]
                held.accepted.values[index].staged = true
            }
            if entry.map({ $0.hash == ContentHash(hex: record.hash) }) == true || held.rejected.entries[record.key]?.hash == record.hash {
                counts.unchanged += 1
                return record
            }
        }
        counts.upserts += 1
        try plan.append(PlanLine.upsert(StagedPlace(offset: offset, length: line.count - 1)).jsonValue)
        return record
    }

    /// Flushes the staged records and finishes the plan: upserts in staged order, then deletes
    /// in key order. Returns the counts.
    func finish(presentSchemaKeys: Set<String>, readIsComplete: Bool) throws -> StagedTarget {
        try awaitHeld()
        try stage.finish(emit: route)
        try staged.sync()
        try setAside.sync()
        try memoWriter?.sync()
        if target.mode == .sync, target.deletes, readIsComplete {
            // Gone from the source — neither sent now nor held back by a set-aside record
            // whose schema key is still in the read — or still in it but skipped by this
            // target's mapping, which no longer wants it.
            for (key, entry) in held.accepted.filter({ !$0.value.staged }).sorted(by: { keyPrecedes($0.key, $1.key) }) {
                let schemaKey = entry.schemaKey
                if skippedSchemaKeys.contains(schemaKey) {
                    counts.noLongerForTarget += 1
                } else if presentSchemaKeys.contains(schemaKey) {
                    continue
                }
                counts.deletes += 1
                try plan.append(PlanLine.delete(key: key).jsonValue)
            }
        }
        try plan.sync()
        return counts
    }
}

extension MappingIssue {
    /// The issue as a record's reason, structure kept; an issue of the whole record names no field.
    var reason: RecordReason {
        RecordReason(field: field == MappingStage.wholeRecord ? nil : field, rule: rule, message: message, value: value)
    }
}

/// What a sync target's state says the platform holds: the accepted index (with the memo's
/// hashes where it vouches for an entry), the refused records, and the memo's renamed keys.
struct HeldState: Sendable {
    var accepted: [String: AcceptedIndex.Entry] = [:]
    var rejected = RejectedIndex()
    /// Schema keys the memo maps to another platform key than themselves.
    var renamedKeys: [String: String] = [:]

    static func load(_ paths: TargetPaths, memoBasis: ContentHash?) throws(HubError) -> HeldState {
        var state = HeldState()
        state.accepted = try AcceptedIndex.load(paths.accepted).entries
        state.rejected = try RejectedIndex.load(paths.rejected)
        if let memoBasis { state.renamedKeys = try MappingMemo.load(paths.memo, basis: memoBasis, into: &state.accepted) }
        return state
    }
}

/// Feeds one ``TargetWriter`` from the source's thread: schema records go in batches to a
/// thread of the writer's own, which maps, encodes and stages them in the order given, so the
/// targets of a job work side by side and beside the source. At most a few batches wait, so
/// memory stays bounded by the batch size. The writer is touched by its thread alone until
/// ``finish()`` returns; a failure there is thrown by the next ``add(_:)`` or by ``finish()``.
final class TargetFeed: @unchecked Sendable {
    struct Item: Sendable {
        var record: OrderedObject
        var schemaKey: String
        var sourceHash: ContentHash?
        var origin: Value
    }

    static let batchSize = 256
    static let waitingBatches = 4

    private let writer: TargetWriter
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [[Item]] = []
    private var closed = false
    private var failure: (any Error)?
    private var running = true
    // The source's side only.
    private var batch: [Item] = []

    init(_ writer: TargetWriter) {
        self.writer = writer
        batch.reserveCapacity(Self.batchSize)
        Thread { [self] in work() }.start()
    }

    /// Hands one record on (in a batch once the batch is full).
    func add(_ item: Item) throws {
        batch.append(item)
        if batch.count >= Self.batchSize { try send() }
    }

    /// Hands on what is left, waits for the writer's thread to stage everything, and throws
    /// what it failed with.
    func finish() throws {
        try send()
        try stop()
    }

    /// Stops the writer's thread after its batch in hand and waits for it (a read that failed).
    func abandon() {
        condition.lock()
        waiting.removeAll()
        condition.unlock()
        try? stop()
    }

    private func send() throws {
        guard !batch.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= Self.waitingBatches, failure == nil { condition.wait() }
        if let failure { throw failure }
        waiting.append(batch)
        batch = []
        batch.reserveCapacity(Self.batchSize)
        condition.broadcast()
    }

    private func stop() throws {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        if let failure { throw failure }
    }

    private func work() {
        while true {
            condition.lock()
            while waiting.isEmpty, !closed { condition.wait() }
            guard !waiting.isEmpty else {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let items = waiting.removeFirst()
            let failed = failure != nil
            condition.broadcast()
            condition.unlock()
            guard !failed else { continue }
            do {
                for item in items { try writer.add(item.record, schemaKey: item.schemaKey, sourceHash: item.sourceHash, origin: item.origin) }
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
