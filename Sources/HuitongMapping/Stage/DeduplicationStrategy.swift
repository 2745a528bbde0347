import HuitongCore

/// How a ``MappingStage`` applies its mapping's `dedupe` rule over one read.
///
/// Both resolving strategies decide the same winners and losers — the rule's preferred record
/// for each key, ties going by arrival — and give losers the same routing and reasons; they
/// differ in what they hold and so in when a fate is known and in which order it comes out.
/// A mapping without a `dedupe` rule passes every mapped record through at once, whatever the
/// strategy.
package enum DeduplicationStrategy: Sendable {
    /// The rule is not applied: every mapped record comes through as it is mapped. For looking
    /// at the map step alone; a run never does this.
    case disabled
    /// ``DuplicateResolver``: one record per distinct key in memory, for reads known to be
    /// small. A loser comes out as soon as another record displaces it; the winners come out
    /// at `finish`, in the order their keys were first seen.
    case inMemory
    /// ``SortingDuplicateResolver`` with its scratch files in `directory` (unlinked at once):
    /// memory bounded by `chunkSize` index entries whatever the read's size, which is why the
    /// pipeline and `huitong map` use it. Losers and winners come out at `finish`, in key
    /// order (UTF-8 bytes), each key's losers before its winner.
    case externalSort(directory: String, chunkSize: Int = 50_000)
}

/// A strategy at work, with the resolver it holds.
enum ActiveDeduplication {
    case none
    case inMemory(InMemoryWinners)
    case externalSort(SortingDuplicateResolver)

    init(_ strategy: DeduplicationStrategy, rule: DeduplicationRule?) throws {
        guard let rule else {
            self = .none
            return
        }
        switch strategy {
        case .disabled: self = .none
        case .inMemory: self = .inMemory(InMemoryWinners(rule: rule))
        case let .externalSort(directory, chunkSize):
            self = .externalSort(try SortingDuplicateResolver(rule: rule, directory: directory, chunkSize: chunkSize))
        }
    }
}

/// The in-memory resolver in a box of its own: mutated through the reference, it is never
/// shared, so adding a record never copies the winners (a `DuplicateResolver` copied out of
/// an optional and written back copies them all, once per record).
final class InMemoryWinners {
    /// What comes back with a held record: the caller's reference and the record's warnings.
    struct Held {
        var origin: Value
        var warnings: [MappingIssue]
    }

    var resolver: DuplicateResolver<Held>

    init(rule: DeduplicationRule) {
        resolver = DuplicateResolver(rule: rule)
    }
}

/// The reference a stage gives `SortingDuplicateResolver`, which keeps it in a sort run as a
/// `Value`: the caller's origin, then the record's warnings when it has any.
enum SpilledReference {
    static func value(origin: Value, warnings: [MappingIssue]) -> Value {
        guard !warnings.isEmpty else { return .array([origin]) }
        return .array([origin, .array(warnings.map(value(of:)))])
    }

    static func decode(_ reference: Value) throws -> (origin: Value, warnings: [MappingIssue]) {
        guard case let .array(parts) = reference, let origin = parts.first, parts.count <= 2 else { throw damaged }
        guard parts.count == 2 else { return (origin, []) }
        guard case let .array(issues) = parts[1] else { throw damaged }
        return (origin, try issues.map(issue(from:)))
    }

    private static func value(of issue: MappingIssue) -> Value {
        .array([.string(issue.field), issue.value.map(Value.string) ?? .null, .string(issue.rule), .string(issue.message)])
    }

    private static func issue(from value: Value) throws -> MappingIssue {
        guard case let .array(parts) = value, parts.count == 4, let field = parts[0].stringValue,
              let rule = parts[2].stringValue, let message = parts[3].stringValue else { throw damaged }
        return MappingIssue(field: field, value: parts[1].stringValue, rule: rule, message: message)
    }

    private static var damaged: DamagedSortRun { DamagedSortRun() }
}

/// A sort run read back does not hold what the stage wrote into it: the scratch file was
/// damaged under the run (another process, a failing disk). The read must be staged again.
struct DamagedSortRun: Error, CustomStringConvertible {
    var description: String {
        "a de-duplication sort run holds a reference the mapping stage did not write; run again"
    }
}
