#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system call that failed: what was being done, to which path, and the system's reason.
///
/// The storage layer's one error. It is not operator-facing on its own: the Hub and the ledger
/// each wrap it into their own error, which adds what the operator should do next (check the
/// state directory, check the ledger's disk) and the exit status.
package struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done, phrased to follow "could not": `sync the file to disk`.
    package var operation: String
    /// The file or directory concerned, as the caller named it.
    package var path: String
    /// The system's `errno`.
    package var number: Int32

    /// Captures `errno` right after a failed call; pass `number` when the failure is not a call's.
    package init(_ operation: String, path: String, number: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.number = number
    }

    /// The system's reason, such as `No space left on device`.
    package var reason: String {
        String(cString: strerror(number))
    }

    /// `could not rename it to …: No space left on device`, without the path.
    package var message: String {
        "could not \(operation): \(reason)"
    }

    /// `path: could not …: reason`.
    package var description: String {
        "\(path): \(message)"
    }
}
