import HuitongCore

/// A `read(2)` that failed part-way through a file (EIO from a failing disk or network
/// mount, EISDIR for a directory given as the file): the file could not be read to its end.
struct FileReadFailure: Error, Equatable {
    /// The file, as configured.
    var path: String
    /// Bytes read before the failure.
    var offset: Int
    /// The system's words for it (`strerror`).
    var reason: String

    /// The incomplete read this makes of the file named `file` (as origins name it), stopped
    /// at `line` when the adapter knows it.
    func incompleteRead(file: String, line: Int? = nil) -> IncompleteRead {
        IncompleteRead(
            origin: RecordOrigin(file: file, line: line),
            reason: "the file could not be read to its end: reading failed after \(offset) bytes (\(reason))",
            fix: "check that \(path) is a readable regular file and that its disk or mount answers (copy it elsewhere to test), then run again",
            exitStatus: .runtimeFailure
        )
    }
}
