import HuitongCore

/// Why the ledger could not be written or read: where, what, and what to do next.
///
/// Problems the verifier finds in a readable ledger are not errors but ``LedgerProblem``s;
/// this type is for operations that cannot go on.
package struct LedgerError: OperatorFacingError, Hashable {
    /// The kind of failure, stable for scripts and tests; ``message`` says the particulars.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The ledger directory does not exist or cannot be listed.
        package static let ledgerUnreadable = Code("ledger-unreadable")
        /// Another writer holds the ledger's lock and did not let go in time.
        package static let ledgerBusy = Code("ledger-busy")
        /// The newest entries are not in a state a new entry may be chained to.
        package static let ledgerDamaged = Code("ledger-damaged")
        /// A record came after one with a larger key (or the same key) in the same file.
        package static let recordOutOfOrder = Code("record-out-of-order")
        /// The same key twice in the dataset, or the same key, stage and location twice in the rejects.
        package static let duplicateRecord = Code("duplicate-record")
        /// A record or description the ledger cannot store (empty key, no reasons, NaN, …).
        package static let invalidRecord = Code("invalid-record")
        /// A file or directory could not be created, written, synced or renamed.
        package static let writeFailed = Code("write-failed")
        /// A file of an entry could not be read, or is not what the format says.
        package static let entryUnreadable = Code("entry-unreadable")
        /// No entry matches what was asked for.
        package static let entryNotFound = Code("entry-not-found")
        /// Several entries match what was asked for.
        package static let ambiguousEntry = Code("ambiguous-entry")
        /// The entry writer was used after it committed or was abandoned.
        package static let writerClosed = Code("writer-closed")

        /// The code's stable name, such as `record-out-of-order`.
        package var description: String { name }
    }

    /// The kind of failure.
    package var code: Code
    /// The file or directory concerned, as the caller named it.
    package var path: String?
    /// What went wrong, with the offending key or value where it helps.
    package var message: String
    /// What the operator (or the calling code) should do next.
    package var hint: String

    init(_ code: Code, path: String?, _ message: String, hint: String) {
        self.code = code
        self.path = path
        self.message = message
        self.hint = hint
    }

    package var exitStatus: ExitStatus {
        switch code {
        case .ledgerBusy, .writeFailed, .writerClosed: .runtimeFailure
        case .entryNotFound, .ambiguousEntry: .usage
        default: .invalidInput
        }
    }

    /// `path: message [ledger.code]` and the hint on a second line.
    package var description: String {
        let place = path.map { "\($0): " } ?? ""
        return "\(place)\(message) [ledger.\(code)]\n\(hint)"
    }
}
