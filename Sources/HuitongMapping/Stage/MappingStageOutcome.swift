import HuitongCore

/// What became of one record a ``MappingStage`` was given, once its fate is final.
///
/// `origin` is the reference the caller gave with the record, handed back unchanged (a file
/// and line, a row number, the schema key and origin of a target stage's input). Reasons and
/// warnings stay ``MappingIssue`` values, field and rule apart, so a rejects file or a preview
/// can show them as it must; nothing here is flattened to text.
package enum MappingStageOutcome: Sendable {
    /// Mapped and, when the stage de-duplicates, the winner of its key.
    case mapped(OrderedObject, origin: Value, warnings: [MappingIssue])
    /// Not sent: the mapping's reasons, the `unreadable` reason of an item the adapter could
    /// not read, or the `duplicate` reason of a loser whose rule sets losers aside.
    ///
    /// `key` is set exactly for a duplicate loser: the mapping's output key of the record
    /// (`MappingOutput.keyText`), which is still in the read, so a sync must not delete it at
    /// a platform. A record the mapping set aside produced nothing, so it has no key.
    case setAside(origin: Value, key: String?, reasons: [MappingIssue], warnings: [MappingIssue])
    /// Not for this output: a `filter` rule's reason, or a duplicate loser whose rule skips
    /// losers (then `key` is set, as for a set-aside loser, and `warnings` are its own).
    case skipped(origin: Value, key: String?, reason: String, warnings: [MappingIssue])

    /// The caller's reference, whatever the fate.
    package var origin: Value {
        switch self {
        case let .mapped(_, origin, _), let .setAside(origin, _, _, _), let .skipped(origin, _, _, _): origin
        }
    }

    /// The warnings met on the way, whatever the fate.
    package var warnings: [MappingIssue] {
        switch self {
        case let .mapped(_, _, warnings), let .setAside(_, _, _, warnings), let .skipped(_, _, _, warnings): warnings
        }
    }
}

extension MappingStage {
    /// What a stage has emitted so far. After `finish`, `offered == mapped + setAside + skipped`.
    package struct Counts: Sendable, Equatable, CustomStringConvertible {
        /// Records and unreadable items given to the stage.
        package var offered = 0
        /// Records emitted as mapped (with de-duplication: the winners, known at `finish`).
        package var mapped = 0
        /// Records emitted as set aside, unreadable items and set-aside duplicates included.
        package var setAside = 0
        /// Records emitted as skipped, skipped duplicates included.
        package var skipped = 0
        /// Of `setAside` and `skipped`: the losers of the `dedupe` rule.
        package var duplicates = 0
        /// Warnings met, whatever the record's fate.
        package var warnings = 0

        package init() {}

        package var description: String {
            "\(offered) offered: \(mapped) mapped, \(setAside) set aside, \(skipped) skipped "
                + "(\(duplicates) duplicates), \(warnings) warnings"
        }
    }
}
