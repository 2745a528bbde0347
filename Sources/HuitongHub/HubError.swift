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
        return HubError("\(what)\(reason). Check the disk and the permissions of the state directory; nothing sent so far is lost.", exitStatus: .runtimeFailure)
    }

    static func corrupt(_ what: String) -> HubError {
        HubError("a state file is damaged (\(what)). Restore it from a backup or remove the job's state directory to start the job afresh (a full resend).", exitStatus: .runtimeFailure)
    }
}
