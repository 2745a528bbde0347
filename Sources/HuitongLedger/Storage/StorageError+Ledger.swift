import HuitongCore

extension StorageError {
    /// The error as a ledger error of `code`, with what to do next.
    func ledgerError(_ code: LedgerError.Code, hint: String) -> LedgerError {
        LedgerError(code, path: path, message, hint: hint)
    }
}
