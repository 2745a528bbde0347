#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: what was being done, to which path, and the system's reason.
struct SystemError: Error {
    var operation: String
    var path: String
    var number: Int32

    /// Captures `errno` right after a failed call.
    init(_ operation: String, path: String, number: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.number = number
    }

    /// `could not rename …: No space left on device`.
    var message: String {
        "could not \(operation): \(String(cString: strerror(number)))"
    }

    /// The error as a ledger error of `code`, with what to do next.
    func ledgerError(_ code: LedgerError.Code, hint: String) -> LedgerError {
        LedgerError(code, path: path, message, hint: hint)
    }
}
