import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping

extension MappingStage {
    /// "Items in, records out" for tests: one read through the real stage with the pipeline's
    /// de-duplication (an external sort in the temporary directory, unless told otherwise),
    /// unreadable items (`nil`) set aside. Returns the records that come through, in the order
    /// the pipeline would stage them, and the stage's counts.
    package static func run(
        _ mapping: CompiledMapping, _ items: [OrderedObject?], context: MappingContext,
        deduplication: DeduplicationStrategy = .externalSort(directory: NSTemporaryDirectory())
    ) throws -> (records: [OrderedObject], counts: Counts) {
        let stage = try MappingStage(mapping: mapping, context: context, deduplication: deduplication)
        var records: [OrderedObject] = []
        func keep(_ outcome: MappingStageOutcome) {
            if case let .mapped(record, _, _) = outcome { records.append(record) }
        }
        for (position, item) in items.enumerated() {
            let origin = Value.integer(Int64(position))
            if let record = item {
                try stage.add(record, origin: origin, emit: keep)
            } else {
                try stage.addUnreadable(origin: origin, reason: "unreadable", emit: keep)
            }
        }
        try stage.finish(emit: keep)
        return (records, stage.counts)
    }

    /// Every item an adapter delivers in one read from the start; unreadable ones as `nil`.
    ///
    /// - Throws: a ``SourceError`` when the read is incomplete, as a run would stop on it.
    package static func read(_ adapter: some SourceAdapter) async throws -> [OrderedObject?] {
        var items: [OrderedObject?] = []
        let read = try await adapter.read(since: nil) { batch in
            for item in batch {
                if case let .record(record, _) = item { items.append(record) } else { items.append(nil) }
            }
        }
        if let incomplete = read.incompleteRead {
            throw SourceError(.incompleteRead, source: incomplete.origin?.file ?? "source", message: incomplete.description, exitStatus: incomplete.exitStatus)
        }
        return items
    }
}
