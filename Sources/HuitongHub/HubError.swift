import Foundation
import HuitongCore

/// A run that cannot go on: the disk, a corrupt state file, a lock, a source.
public struct HubError: OperatorFacingError, Sendable {
    public let message: String
    public let exitStatus: ExitStatus

    /// Any URL in `message` loses its userinfo (`user:password@`).
    public init(_ message: String, exitStatus: ExitStatus) {
        self.message = URLRedaction.removingUserInfo(from: message)
        self.exitStatus = exitStatus
    }

    public var description: String { message }

    static func disk(_ what: String, _ code: Int32) -> HubError {
        let reason = code == 0 ? "" : ": \(String(cString: strerror(code)))"
        return HubError("\(what)\(reason). \(diskAdvice)", exitStatus: .runtimeFailure)
    }

    /// A file operation of the storage layer failed: `path: could not …: reason` and the advice.
    static func disk(_ error: StorageError) -> HubError {
        HubError("\(error). \(diskAdvice)", exitStatus: .runtimeFailure)
    }

    private static let diskAdvice = "Check the disk and the permissions of the state directory; nothing sent so far is lost."

    static func corrupt(_ what: String) -> HubError {
        HubError("a state file is damaged (\(what)). Restore it from a backup or remove the job's state directory to start the job afresh (a full resend).", exitStatus: .runtimeFailure)
    }

    /// A stop (a signal) came while the source was being read: nothing was sent.
    static func stoppedWhileReading(job: String, _ reason: String) -> HubError {
        HubError("job \(job): stopped by \(reason) while reading the source; nothing was sent. Run it again to start it afresh.", exitStatus: .runtimeFailure)
    }

    /// The delete guard stopped a run before it sent anything.
    static func deletesRefused(job: String, _ refusals: [String: String]) -> HubError {
        let lines = refusals.keys.sorted().map { "  \($0): \(refusals[$0]!)" }.joined(separator: "\n")
        return HubError(
            """
            job \(job): stopped before sending anything — too many deletes.
            \(lines)
            Nothing was sent or deleted. Check the source (an export that failed half-way often looks like this). \
            If the records really are gone, run `huitong run --allow-deletes \(job)`; to change the bounds, set \
            max_delete_share, max_delete_count or delete_floor on the target in huitong.yaml.
            """,
            exitStatus: .invalidInput
        )
    }
}
