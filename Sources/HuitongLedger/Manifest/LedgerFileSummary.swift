import HuitongCore

/// The fingerprint of one file of an entry, as its manifest records it.
public struct LedgerFileSummary: Sendable, Hashable {
    /// SHA-256 of the file's bytes.
    public var sha256: Digest
    /// The file's size in bytes.
    public var byteCount: Int
    /// Lines in the file, one record each.
    public var recordCount: Int

    public init(sha256: Digest, byteCount: Int, recordCount: Int) {
        self.sha256 = sha256
        self.byteCount = byteCount
        self.recordCount = recordCount
    }
}

/// The data files of an entry with their fingerprints.
public struct LedgerFiles: Sendable, Hashable {
    /// `dataset.jsonl`.
    public var dataset: LedgerFileSummary
    /// `rejects.jsonl`.
    public var rejects: LedgerFileSummary

    public init(dataset: LedgerFileSummary, rejects: LedgerFileSummary) {
        self.dataset = dataset
        self.rejects = rejects
    }

    /// Each data file's name with its fingerprint.
    public var named: [(file: String, summary: LedgerFileSummary)] {
        [(LedgerFormat.datasetFile, dataset), (LedgerFormat.rejectsFile, rejects)]
    }
}
