import HuitongCore

/// Where a record came from, so a set-aside row can be found again: the file and the physical
/// line where it starts (CSV, JSON Lines), or the file alone (one CAP alert per file), or the
/// page and position (an HTTP API).
public struct RecordOrigin: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based physical line where the record starts, when the format has lines.
    public var line: Int?
    /// 1-based position of the record within its file or page, when there are no lines.
    public var index: Int?

    public init(file: String, line: Int? = nil, index: Int? = nil) {
        self.file = file
        self.line = line
        self.index = index
    }

    public var description: String {
        if let line { return "\(file):\(line)" }
        if let index { return "\(file)#\(index)" }
        return file
    }
}

/// One thing an adapter read: a record in the source's own field names, or a piece of the
/// source it could not read as a record (with the reason), which is set aside and not lost.
public enum SourceItem: Sendable {
    case record(OrderedObject, origin: RecordOrigin)
    case unreadable(origin: RecordOrigin, reason: String)
}

/// Reads one source system and hands its records to the hub, in order, batch by batch.
///
/// Guarantees an implementation keeps:
/// - memory is bounded by the batch size, not the size of the source (stream; never load a
///   whole export);
/// - every piece of the source it reads becomes exactly one `SourceItem`: a record or an
///   unreadable item with its origin — nothing is dropped silently;
/// - the ``SourceRead`` it returns says whether the read saw the whole source. A read that
///   stopped early — a file cut off inside its structure (a JSON array never closed, a CSV
///   quote still open at the end of the file), an I/O error part-way, an API that paged past
///   its bounds or changed while it was read — is ``ReadCompleteness/incomplete(_:)``, naming
///   where it stopped, why, and what the operator should do. The items delivered before it
///   stopped are still delivered, for a preview; the hub sends none of them and, above all,
///   never takes the records the read did not reach for records gone from the source (it
///   would delete them at the platforms). A bad row inside a read that reached the end is
///   not incompleteness: it is an unreadable item, set aside, and the read is complete;
/// - the read's checkpoint is where the next read resumes (for sources that grow, such as
///   JSON Lines directories and CAP drops); the hub persists it only after it has durably
///   staged every item of a complete read, so a crash re-reads rather than loses. Snapshot
///   sources return nil. An incremental read that leaves something for the next run on
///   purpose (a JSON Lines line still being written) is complete.
/// Errors thrown are about the source as a whole (a missing file, an unreachable API, a file
/// that is not the format at all); whatever was delivered before one, the hub treats the read
/// as it treats an incomplete one: nothing is sent.
public protocol SourceAdapter: Sendable {
    /// Reads from `checkpoint` (nil: from the start), calling `deliver` with each batch in
    /// source order, and says how far it got.
    func read(
        since checkpoint: Value?,
        deliver: (_ batch: [SourceItem]) async throws -> Void
    ) async throws -> SourceRead
}

/// A problem with a source as a whole: it cannot be opened, decoded or reached.
public struct SourceError: OperatorFacingError, Equatable {
    public var source: String
    public var message: String
    /// `.invalidInput` for a source that is wrong (a missing column, not an array);
    /// `.runtimeFailure` for one that could not be reached (network, HTTP 5xx).
    public var exitStatus: ExitStatus

    /// URLs in `source` and `message` lose their userinfo (`user:password@`).
    public init(source: String, message: String, exitStatus: ExitStatus = .invalidInput) {
        self.source = URLRedaction.removingUserInfo(from: source)
        self.message = URLRedaction.removingUserInfo(from: message)
        self.exitStatus = exitStatus
    }

    public var description: String { "\(source): \(message)" }
}
