import Foundation
import HuitongCore

/// A run that cannot go on: the disk, a corrupt state file, a lock, a source.
///
/// ``code`` says which kind, for the code that handles it and for tests (which match codes,
/// not wording); ``message`` says the particulars and what the operator should do next.
package struct HubError: OperatorFacingError, Sendable {
    /// The kind of failure; the wording of ``message`` may change, the code does not.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The exit status of a failure of this kind, unless the failure says otherwise.
        let exitStatus: ExitStatus

        private init(_ name: String, _ exitStatus: ExitStatus) {
            self.name = name
            self.exitStatus = exitStatus
        }

        /// A file of the state directory could not be created, written, synced, renamed or read.
        package static let disk = Code("disk", .runtimeFailure)
        /// A state file does not read back as what the run wrote.
        package static let corruptState = Code("corrupt-state", .runtimeFailure)
        /// The marker of an interrupted run exists but does not parse.
        package static let damagedRunMarker = Code("damaged-run-marker", .runtimeFailure)
        /// A push journal has a damaged line with complete lines after it (not a torn append).
        package static let damagedJournal = Code("damaged-journal", .runtimeFailure)
        /// An interrupted run's batches no longer come out as journaled (the profile's limits changed).
        package static let interruptedRunChanged = Code("interrupted-run-changed", .runtimeFailure)
        /// An interrupted run waits to be finished, and this run (a dry run) cannot finish it.
        package static let interruptedRunWaiting = Code("interrupted-run-waiting", .usage)
        /// Another run of the job holds its lock.
        package static let lockHeld = Code("lock-held", .runtimeFailure)
        /// The source read stopped before the end of the source; the exit status is the read's.
        package static let incompleteRead = Code("incomplete-read", .invalidInput)
        /// A stop signal came while the source was being read.
        package static let stoppedWhileReading = Code("stopped-while-reading", .runtimeFailure)
        /// The delete guard refused the run's deletes.
        package static let deletesRefused = Code("deletes-refused", .invalidInput)
        /// The configuration cannot run the job (a target's platform is missing, credentials not loaded).
        package static let configuration = Code("configuration", .invalidInput)
        /// A normalised record cannot be written as JSON (a number JSON cannot hold).
        package static let unwritableRecord = Code("unwritable-record", .invalidInput)
        /// The exchange could not be recorded in the ledger.
        package static let ledger = Code("ledger", .runtimeFailure)
        /// A dry run's staging left no marker to show.
        package static let nothingStaged = Code("nothing-staged", .runtimeFailure)

        /// The code's stable name, such as `deletes-refused`.
        package var description: String { name }
    }

    /// The kind of failure.
    package let code: Code
    package let message: String
    package let exitStatus: ExitStatus

    /// Any URL in `message` loses its userinfo (`user:password@`). The exit status is the
    /// code's unless `exitStatus` says otherwise.
    package init(_ code: Code, _ message: String, exitStatus: ExitStatus? = nil) {
        self.code = code
        self.message = URLRedaction.removingUserInfo(from: message)
        self.exitStatus = exitStatus ?? code.exitStatus
    }

    package var description: String { message }

    static func disk(_ what: String, _ number: Int32) -> HubError {
        let reason = number == 0 ? "" : ": \(String(cString: strerror(number)))"
        return HubError(.disk, "\(what)\(reason). \(diskAdvice)")
    }

    /// A file operation of the storage layer failed: `path: could not …: reason` and the advice.
    static func disk(_ error: StorageError) -> HubError {
        HubError(.disk, "\(error). \(diskAdvice)")
    }

    private static let diskAdvice = "Check the disk and the permissions of the state directory; nothing sent so far is lost."

    static func corrupt(_ what: String) -> HubError {
        HubError(.corruptState, "a state file is damaged (\(what)). Restore it from a backup or remove the job's state directory to start the job afresh (a full resend).")
    }

    /// A stop (a signal) came while the source was being read: nothing was sent.
    static func stoppedWhileReading(job: String, _ reason: String) -> HubError {
        HubError(.stoppedWhileReading, "job \(job): stopped by \(reason) while reading the source; nothing was sent. Run it again to start it afresh.")
    }

    /// The delete guard stopped a run before it sent anything.
    static func deletesRefused(job: String, _ refusals: [String: String]) -> HubError {
        let lines = refusals.keys.sorted().map { "  \($0): \(refusals[$0]!)" }.joined(separator: "\n")
        return HubError(
            .deletesRefused,
            """
            job \(job): stopped before sending anything — too many deletes.
            \(lines)
            Nothing was sent or deleted. Check the source (an export that failed half-way often looks like this). \
            If the records really are gone, run `huitong run --allow-deletes \(job)`; to change the bounds, set \
            max_delete_share, max_delete_count or delete_floor on the target in huitong.yaml.
            """
        )
    }
}
