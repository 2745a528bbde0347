import HuitongCore

extension FormatFields {
    /// A manifest or record object of the ledger format.
    init(_ value: Value?, path: String) throws(FormatProblem) {
        try self.init(value, path: path, format: LedgerFormat.identifier)
    }
}
