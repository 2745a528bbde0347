import HuitongCore

/// What ``LedgerVerifier`` found: the entries checked, the newest one, and every problem.
package struct LedgerVerification: Sendable {
    /// The newest entry of the chain: an auditor records its manifest hash and later checks
    /// that the ledger still contains it (``LedgerVerifier/verify(recordedHead:)``).
    package struct Head: Sendable, Hashable {
        package var sequence: Int
        package var entryId: String
        package var manifestSHA256: Digest
    }

    /// The ledger directory.
    package var directory: String
    /// Entry directories found and checked.
    package var entryCount: Int
    package var head: Head?
    /// Every problem, in the order of the entries.
    package var problems: [LedgerProblem]
    /// Unfinished entries (`entries/.partial-…`) that were ignored: being written now, or left
    /// by a writer that crashed (the next writer removes those).
    package var ignoredPartialEntries: [String]

    /// No problems: every file is as its manifest says and the chain is unbroken.
    package var isIntact: Bool { problems.isEmpty }
}
