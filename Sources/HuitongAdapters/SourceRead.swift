import HuitongCore

/// What one read of a source came to: where the next read resumes, and whether this one saw
/// the whole source (see ``SourceAdapter``).
public struct SourceRead: Sendable, Equatable {
    /// The position to resume from once everything delivered is staged; nil for snapshot
    /// sources. The hub keeps its old checkpoint when the read is incomplete.
    public var checkpoint: Value?
    /// Whether the read reached the end of the source.
    public var completeness: ReadCompleteness

    public init(checkpoint: Value? = nil, completeness: ReadCompleteness = .complete) {
        self.checkpoint = checkpoint
        self.completeness = completeness
    }

    /// A read that reached the end of the source.
    public static func complete(checkpoint: Value? = nil) -> SourceRead {
        SourceRead(checkpoint: checkpoint, completeness: .complete)
    }

    /// A read that stopped early, for the reason `incomplete` gives.
    public static func incomplete(_ incomplete: IncompleteRead, checkpoint: Value? = nil) -> SourceRead {
        SourceRead(checkpoint: checkpoint, completeness: .incomplete(incomplete))
    }

    /// Where and why the read stopped early; nil when it is complete.
    public var incompleteRead: IncompleteRead? {
        if case let .incomplete(incomplete) = completeness { return incomplete }
        return nil
    }
}

/// Whether a read reached the end of its source.
public enum ReadCompleteness: Sendable, Equatable {
    /// Every piece of the source was read: a record missing from it is gone from the source.
    case complete
    /// The read stopped early: what it lacks may still be in the source.
    case incomplete(IncompleteRead)
}

/// Where a read stopped before the end of its source, why, and what the operator should do.
///
/// Rendered as one line: `teams.json:41: the file ends inside the array: element 14 is
/// unfinished; re-export teams.json completely, then run again`.
public struct IncompleteRead: Sendable, Equatable, CustomStringConvertible {
    /// The file and line, or the page, where the read stopped, when known.
    public var origin: RecordOrigin?
    /// What happened, e.g. "the file ends inside the array: element 14 is unfinished".
    public var reason: String
    /// What the operator should do, e.g. "re-export teams.json completely, then run again".
    public var fix: String
    /// `.invalidInput` (3) for a damaged source (a file cut short, a quote never closed);
    /// `.runtimeFailure` (4) for one that could not be read to the end (an I/O error, an API
    /// that paged past its bounds or changed while it was read).
    public var exitStatus: ExitStatus

    public init(origin: RecordOrigin?, reason: String, fix: String, exitStatus: ExitStatus) {
        self.origin = origin
        self.reason = reason
        self.fix = fix
        self.exitStatus = exitStatus
    }

    public var description: String {
        (origin.map { "\($0): " } ?? "") + "\(reason); \(fix)"
    }
}
