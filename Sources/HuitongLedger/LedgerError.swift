import HuitongCore

/// Why the ledger could not be written or read: where, what, and what to do next.
///
/// Problems the verifier finds in a readable ledger are not errors but ``LedgerProblem``s;
/// this type is for operations that cannot go on.
public struct LedgerError: OperatorFacingError, Hashable {
    /// The kind of failure, stable for scripts and tests; ``message`` says the particulars.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The ledger directory does not exist or cannot be listed.
        public static let ledgerUnreadable = Code("ledger-unreadable")
        /// Another writer holds the ledger's lock and did not let go in time.
        public static let ledgerBusy = Code("ledger-busy")
        /// The newest entries are not in a state a new entry may be chained to.
        public static let ledgerDamaged = Code("ledger-damaged")
        /// A record came after one with a larger key (or the same key) in the same file.
        public static let recordOutOfOrder = Code("record-out-of-order")
        /// The same key twice in the dataset, or the same key, stage and location twice in the rejects.
        public static let duplicateRecord = Code("duplicate-record")
        /// A record or description the ledger cannot store (empty key, no reasons, NaN, …).
        public static let invalidRecord = Code("invalid-record")
        /// A file or directory could not be created, written, synced or renamed.
        public static let writeFailed = Code("write-failed")
        /// A file of an entry could not be read, or is not what the format says.
        public static let entryUnreadable = Code("entry-unreadable")
        /// No entry matches what was asked for.
        public static let entryNotFound = Code("entry-not-found")
        /// Several entries match what was asked for.
        public static let ambiguousEntry = Code("ambiguous-entry")
        /// The entry writer was used after it committed or was abandoned.
        public static let writerClosed = Code("writer-closed")

        /// The code's stable name, such as `record-out-of-order`.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The file or directory concerned, as the caller named it.
    public var path: String?
    /// What went wrong, with the offending key or value where it helps.
    public var message: String
    /// What the operator (or the calling code) should do next.
    public var hint: String

    init(_ code: Code, path: String?, _ message: String, hint: String) {
        self.code = code
        self.path = path
        self.message = message
        self.hint = hint
    }

    public var exitStatus: ExitStatus {
        switch code {
        case .ledgerBusy, .writeFailed, .writerClosed: .runtimeFailure
        case .entryNotFound, .ambiguousEntry: .usage
        default: .invalidInput
        }
    }

    /// `path: message [ledger.code]` and the hint on a second line.
    public var description: String {
        let place = path.map { "\($0): " } ?? ""
        return "\(place)\(message) [ledger.\(code)]\n\(hint)"
    }
}
