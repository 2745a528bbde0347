import Foundation
import HuitongCore

/// A sandbox that cannot start as configured: a file missing, a port taken, a bad fault spec.
public struct SandboxSetupError: OperatorFacingError {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var exitStatus: ExitStatus { .invalidInput }
    public var description: String { "sandbox: \(message)" }
}

/// Whole-file reads for configuration-sized files.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map(Array.init)
    }
}
