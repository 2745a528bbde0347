import HuitongCore

/// What ``LedgerVerifier`` found: the entries checked, the newest one, and every problem.
public struct LedgerVerification: Sendable {
    /// The newest entry of the chain: an auditor records its manifest hash and later checks
    /// that the ledger still contains it (``LedgerVerifier/verify(recordedHead:)``).
    public struct Head: Sendable, Hashable {
        public var sequence: Int
        public var entryId: String
        public var manifestSHA256: Digest
    }

    /// The ledger directory.
    public var directory: String
    /// Entry directories found and checked.
    public var entryCount: Int
    public var head: Head?
    /// Every problem, in the order of the entries.
    public var problems: [LedgerProblem]
    /// Unfinished entries (`entries/.partial-…`) that were ignored: being written now, or left
    /// by a writer that crashed (the next writer removes those).
    public var ignoredPartialEntries: [String]

    /// No problems: every file is as its manifest says and the chain is unbroken.
    public var isIntact: Bool { problems.isEmpty }
}
