import HuitongAdapters
import HuitongCore
import HuitongMapping

/// One mapping applied to one whole read, as the pipeline applies it: records mapped in
/// order, de-duplicated by the mapping's rule over the read, unreadable items set aside.
public enum MappingStage {
    public struct Counts: Equatable, Sendable, CustomStringConvertible {
        public var mapped = 0, setAside = 0, skipped = 0
        public init(mapped: Int = 0, setAside: Int = 0, skipped: Int = 0) {
            self.mapped = mapped
            self.setAside = setAside
            self.skipped = skipped
        }
        public var description: String { "\(mapped) mapped, \(setAside) set aside, \(skipped) skipped" }
    }

    /// The records that come through, in the order the pipeline would send them, and the counts.
    /// `nil` items stand for unreadable ones.
    public static func run(_ mapping: CompiledMapping, _ items: [OrderedObject?], context: MappingContext) -> (records: [OrderedObject], counts: Counts) {
        var run = MappingRun(context: context)
        var counts = Counts()
        var records: [OrderedObject] = []
        var resolver = mapping.deduplication.map { DuplicateResolver<Int>(rule: $0) }
        for item in items {
            guard let record = item else {
                counts.setAside += 1
                continue
            }
            switch mapping.map(record, run: &run) {
            case let .mapped(output, _):
                guard var active = resolver else {
                    records.append(output)
                    continue
                }
                if active.add(output, reference: 0) != nil {
                    if active.rule.loser == .skip { counts.skipped += 1 } else { counts.setAside += 1 }
                }
                resolver = active
            case .setAside: counts.setAside += 1
            case .skipped: counts.skipped += 1
            }
        }
        if let resolver { records = resolver.results.map(\.record) }
        counts.mapped = records.count
        return (records, counts)
    }

    /// Every item an adapter delivers in one read from the start; unreadable ones as `nil`.
    ///
    /// - Throws: a ``SourceError`` when the read is incomplete, as a run would stop on it.
    public static func read(_ adapter: some SourceAdapter) async throws -> [OrderedObject?] {
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
