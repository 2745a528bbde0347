import Foundation
import HuitongCore

/// A sandbox that cannot start as configured: a file missing, a port taken, a bad fault spec.
package struct SandboxSetupError: OperatorFacingError {
    package var message: String

    package init(_ message: String) { self.message = message }

    package var exitStatus: ExitStatus { .invalidInput }
    package var description: String { "sandbox: \(message)" }
}

/// Whole-file reads for configuration-sized files.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map(Array.init)
    }
}
