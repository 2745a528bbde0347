import HuitongCore

/// One mapping applied to one read, as every caller needs it: each record mapped, the
/// mapping's `dedupe` rule applied over the whole read, and each record's final fate emitted
/// once — mapped, set aside or skipped — with the reference the caller gave it.
///
/// The pipeline (the source mapping, then each target mapping), `huitong map`, the test
/// support and the benchmarks all go through this one type, so what a preview or a test shows
/// is what a run sends. The stage streams: it holds one record at a time, plus what its
/// ``DeduplicationStrategy`` holds (nothing, one record per key, or one sort chunk).
///
/// Ordering, which the pipeline relies on:
/// - outcomes that need no de-duplication — a record set aside by the mapping or skipped by a
///   filter, an unreadable item, and every mapped record when there is no `dedupe` rule — are
///   emitted from `add` / `addUnreadable`, in the order given;
/// - with a `dedupe` rule, a mapped record's fate is known only when the read is over:
///   `finish` emits the winners as mapped and the losers as set aside (the rule's
///   `loser: set_aside`, with the `duplicate` reason and the loser's key) or skipped
///   (`loser: skip`), in the strategy's order: key order, each key's losers before its winner,
///   for `.externalSort`; for `.inMemory`, losers as they are displaced (from `add`) and
///   winners in first-seen order.
///
/// A stage is used once, by one owner: `add` after `finish` is a programming error.
///
/// Usage, as `RunStager` stages a source (the target stages are the same, with the schema key
/// and origin as the reference, and the mapped records written to the target's files):
///
/// ```swift
/// let stage = try MappingStage(mapping: job.mapping, context: context,
///                              deduplication: .externalSort(directory: paths.run))
/// func route(_ outcome: MappingStageOutcome) throws {
///     switch outcome {
///     case let .mapped(record, origin, _):
///         for writer in writers { try writer.add(record, schemaKey: schemaKey(record), origin: origin) }
///     case let .setAside(origin, key, reasons, _):
///         if let key { presentSchemaKeys.insert(key) }  // a duplicate: still in the source
///         try sourceSetAside.append(origin: origin, key: key, stage: "source", reasons: reasons)
///     case let .skipped(_, key, _, _):
///         if let key { presentSchemaKeys.insert(key) }
///     }
/// }
/// let read = try await adapter.read(since: checkpoint) { batch in
///     for item in batch {
///         switch item {
///         case let .record(record, origin):
///             try stage.add(record, origin: .string(origin.description), emit: route)
///         case let .unreadable(origin, reason):
///             try stage.addUnreadable(origin: .string(origin.description), reason: reason, emit: route)
///         }
///     }
/// }
/// try stage.finish(emit: route)
/// // stage.counts: offered (read), mapped (normalised), setAside, skipped.
/// ```
package final class MappingStage {
    package let mapping: CompiledMapping
    /// What has been emitted so far (complete after `finish`).
    package private(set) var counts = Counts()
    private var run: MappingRun
    private let deduplication: ActiveDeduplication
    private var finished = false

    /// The field an issue of the whole record names (an item the adapter could not read).
    package static let wholeRecord = "(record)"

    /// The reason a loser of a `loser: skip` rule is skipped with.
    package static let duplicateSkipReason = "duplicate key; another record wins"

    /// - Parameters:
    ///   - context: the run's test mode and clock, as the mapping sees them.
    ///   - deduplication: how the mapping's `dedupe` rule is applied (ignored when it has none).
    /// - Throws: when `.externalSort` cannot make its scratch file in its directory.
    package init(mapping: CompiledMapping, context: MappingContext, deduplication: DeduplicationStrategy) throws {
        self.mapping = mapping
        run = MappingRun(context: context)
        self.deduplication = try ActiveDeduplication(deduplication, rule: mapping.deduplication)
    }

    /// Whether mapped records wait for `finish` (a `dedupe` rule applied), rather than being
    /// emitted from `add` in the order given.
    package var holdsMappedRecords: Bool {
        if case .none = deduplication { return false }
        return true
    }

    /// Values no code-table lookup knew, per table, with how often each was met.
    package var unknownValues: [String: [String: Int]] { run.unknownValues }

    /// Maps one record read; `origin` comes back with its outcome, now or at `finish`.
    ///
    /// - Throws: what `emit` throws, or a failure to write the external sort's scratch file.
    package func add(_ record: OrderedObject, origin: Value, emit: (MappingStageOutcome) throws -> Void) throws {
        precondition(!finished, "MappingStage.add after finish")
        counts.offered += 1
        switch mapping.map(record, run: &run) {
        case let .mapped(output, warnings):
            counts.warnings += warnings.count
            switch deduplication {
            case .none:
                counts.mapped += 1
                try emit(.mapped(output, origin: origin, warnings: warnings))
            case let .inMemory(winners):
                guard let loser = winners.resolver.add(output, reference: InMemoryWinners.Held(origin: origin, warnings: warnings)) else { return }
                try route(loser: loser.record, origin: loser.reference.origin, warnings: loser.reference.warnings,
                          rule: winners.resolver.rule, reason: winners.resolver.reason(for:), emit: emit)
            case let .externalSort(resolver):
                try resolver.add(output, reference: SpilledReference.value(origin: origin, warnings: warnings))
            }
        case let .setAside(reasons, warnings):
            counts.warnings += warnings.count
            counts.setAside += 1
            try emit(.setAside(origin: origin, key: nil, reasons: reasons, warnings: warnings))
        case let .skipped(reason):
            counts.skipped += 1
            try emit(.skipped(origin: origin, key: nil, reason: reason, warnings: []))
        }
    }

    /// Sets aside an item the adapter could not read as a record, with the reason it gave, as
    /// an `unreadable` issue of the whole record.
    package func addUnreadable(origin: Value, reason: String, emit: (MappingStageOutcome) throws -> Void) throws {
        precondition(!finished, "MappingStage.addUnreadable after finish")
        counts.offered += 1
        counts.setAside += 1
        let issue = MappingIssue(field: Self.wholeRecord, value: nil, rule: "unreadable", message: reason)
        try emit(.setAside(origin: origin, key: nil, reasons: [issue], warnings: []))
    }

    /// Ends the read: emits every fate the de-duplication held back (see the type's ordering).
    /// Call it only for a read that is over; a stage is spent afterwards.
    package func finish(emit: (MappingStageOutcome) throws -> Void) throws {
        precondition(!finished, "MappingStage.finish twice")
        finished = true
        switch deduplication {
        case .none:
            return
        case let .inMemory(winners):
            for winner in winners.resolver.results {
                counts.mapped += 1
                try emit(.mapped(winner.record, origin: winner.reference.origin, warnings: winner.reference.warnings))
            }
        case let .externalSort(resolver):
            try resolver.finish(winner: { record, reference in
                let (origin, warnings) = try SpilledReference.decode(reference)
                counts.mapped += 1
                try emit(.mapped(record, origin: origin, warnings: warnings))
            }, loser: { record, reference in
                let (origin, warnings) = try SpilledReference.decode(reference)
                try route(loser: record, origin: origin, warnings: warnings, rule: resolver.rule, reason: resolver.reason(for:), emit: emit)
            })
        }
    }

    /// A loser goes where its rule sends it, with its key: still in the read.
    private func route(
        loser: OrderedObject, origin: Value, warnings: [MappingIssue], rule: DeduplicationRule,
        reason: (OrderedObject) -> MappingIssue, emit: (MappingStageOutcome) throws -> Void
    ) throws {
        counts.duplicates += 1
        let key = mapping.output.keyText(of: loser)
        switch rule.loser {
        case .skip:
            counts.skipped += 1
            try emit(.skipped(origin: origin, key: key, reason: Self.duplicateSkipReason, warnings: warnings))
        case .setAside:
            counts.setAside += 1
            try emit(.setAside(origin: origin, key: key, reasons: [reason(loser)], warnings: warnings))
        }
    }
}
