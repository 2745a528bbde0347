import HuitongCore

/// Where a record came from, so a set-aside row can be found again: the file and the physical
/// line where it starts (CSV, JSON Lines), or the file alone (one CAP alert per file), or the
/// page and position (an HTTP API).
package struct RecordOrigin: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    /// 1-based physical line where the record starts, when the format has lines.
    package var line: Int?
    /// 1-based position of the record within its file or page, when there are no lines.
    package var index: Int?

    package init(file: String, line: Int? = nil, index: Int? = nil) {
        self.file = file
        self.line = line
        self.index = index
    }

    package var description: String {
        if let line { return "\(file):\(line)" }
        if let index { return "\(file)#\(index)" }
        return file
    }
}

/// One thing an adapter read: a record in the source's own field names, or a piece of the
/// source it could not read as a record (with the reason), which is set aside and not lost.
package enum SourceItem: Sendable {
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
package protocol SourceAdapter: Sendable {
    /// Reads from `checkpoint` (nil: from the start), calling `deliver` with each batch in
    /// source order, and says how far it got.
    func read(
        since checkpoint: Value?,
        deliver: (_ batch: [SourceItem]) async throws -> Void
    ) async throws -> SourceRead
}

/// A problem with a source as a whole: it cannot be opened, decoded or reached.
///
/// ``code`` says which kind, for the code that handles it and for tests (which match codes,
/// not wording); ``message`` says the particulars and what to do next.
package struct SourceError: OperatorFacingError, Equatable {
    /// The kind of problem; the wording of ``message`` may change, the code does not.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The exit status of a problem of this kind, unless the error says otherwise.
        let exitStatus: ExitStatus

        private init(_ name: String, _ exitStatus: ExitStatus = .invalidInput) {
            self.name = name
            self.exitStatus = exitStatus
        }

        /// The source's path names nothing.
        package static let notFound = Code("not-found")
        /// The source's path names a file where a directory is expected.
        package static let notADirectory = Code("not-a-directory")
        /// The file or directory is there but cannot be opened or listed (permissions, I/O).
        package static let unreadable = Code("unreadable")
        /// How the source is named or configured cannot work (delimiter, columns, input form, token).
        package static let configuration = Code("configuration")
        /// The saved checkpoint is not one this adapter writes.
        package static let unrecognisedCheckpoint = Code("unrecognised-checkpoint")
        /// A JSON array file that does not hold an array.
        package static let notAnArray = Code("not-an-array")
        /// A CSV file without a header line.
        package static let missingHeader = Code("missing-header")
        /// A CSV header that cannot be read as fields.
        package static let unreadableHeader = Code("unreadable-header")
        /// A CSV header naming one column twice.
        package static let duplicateColumn = Code("duplicate-column")
        /// A CSV header lacking a required column.
        package static let missingColumn = Code("missing-column")
        /// The bytes are not in the encoding configured or detected.
        package static let encoding = Code("encoding")
        /// The system cannot decode the configured encoding (iconv's converters are missing).
        package static let encodingUnsupported = Code("encoding-unsupported")
        /// The API could not be reached (network, TLS, timeout).
        package static let unreachable = Code("unreachable", .runtimeFailure)
        /// The API answered with an HTTP status other than 200; the exit status depends on it.
        package static let httpStatus = Code("http-status")
        /// The API's answer is not JSON.
        package static let notJSON = Code("not-json", .runtimeFailure)
        /// The API's answer is JSON of another shape than the paging the adapter reads.
        package static let unexpectedAnswer = Code("unexpected-answer")
        /// The read stopped before the end of the source; the exit status is the read's.
        package static let incompleteRead = Code("incomplete-read")

        /// The code's stable name, such as `missing-column`.
        package var description: String { name }
    }

    /// The kind of problem.
    package var code: Code
    package var source: String
    package var message: String
    /// `.invalidInput` for a source that is wrong (a missing column, not an array);
    /// `.runtimeFailure` for one that could not be reached (network, HTTP 5xx).
    package var exitStatus: ExitStatus

    /// URLs in `source` and `message` lose their userinfo (`user:password@`). The exit status
    /// is the code's unless `exitStatus` says otherwise.
    package init(_ code: Code, source: String, message: String, exitStatus: ExitStatus? = nil) {
        self.code = code
        self.source = URLRedaction.removingUserInfo(from: source)
        self.message = URLRedaction.removingUserInfo(from: message)
        self.exitStatus = exitStatus ?? code.exitStatus
    }

    package var description: String { "\(source): \(message)" }
}
