import HuitongCore

/// What one read of a source came to: where the next read resumes, and whether this one saw
/// the whole source (see ``SourceAdapter``).
package struct SourceRead: Sendable, Equatable {
    /// The position to resume from once everything delivered is staged; nil for snapshot
    /// sources. The hub keeps its old checkpoint when the read is incomplete.
    package var checkpoint: Value?
    /// Whether the read reached the end of the source.
    package var completeness: ReadCompleteness

    package init(checkpoint: Value? = nil, completeness: ReadCompleteness = .complete) {
        self.checkpoint = checkpoint
        self.completeness = completeness
    }

    /// A read that reached the end of the source.
    package static func complete(checkpoint: Value? = nil) -> SourceRead {
        SourceRead(checkpoint: checkpoint, completeness: .complete)
    }

    /// A read that stopped early, for the reason `incomplete` gives.
    package static func incomplete(_ incomplete: IncompleteRead, checkpoint: Value? = nil) -> SourceRead {
        SourceRead(checkpoint: checkpoint, completeness: .incomplete(incomplete))
    }

    /// Where and why the read stopped early; nil when it is complete.
    package var incompleteRead: IncompleteRead? {
        if case let .incomplete(incomplete) = completeness { return incomplete }
        return nil
    }
}

/// Whether a read reached the end of its source.
package enum ReadCompleteness: Sendable, Equatable {
    /// Every piece of the source was read: a record missing from it is gone from the source.
    case complete
    /// The read stopped early: what it lacks may still be in the source.
    case incomplete(IncompleteRead)
}

/// Where a read stopped before the end of its source, why, and what the operator should do.
///
/// Rendered as one line: `teams.json:41: the file ends inside the array: element 14 is
/// unfinished; re-export teams.json completely, then run again`.
package struct IncompleteRead: Sendable, Equatable, CustomStringConvertible {
    /// The file and line, or the page, where the read stopped, when known.
    package var origin: RecordOrigin?
    /// What happened, e.g. "the file ends inside the array: element 14 is unfinished".
    package var reason: String
    /// What the operator should do, e.g. "re-export teams.json completely, then run again".
    package var fix: String
    /// `.invalidInput` (3) for a damaged source (a file cut short, a quote never closed);
    /// `.runtimeFailure` (4) for one that could not be read to the end (an I/O error, an API
    /// that paged past its bounds or changed while it was read).
    package var exitStatus: ExitStatus

    package init(origin: RecordOrigin?, reason: String, fix: String, exitStatus: ExitStatus) {
        self.origin = origin
        self.reason = reason
        self.fix = fix
        self.exitStatus = exitStatus
    }

    package var description: String {
        (origin.map { "\($0): " } ?? "") + "\(reason); \(fix)"
    }
}
