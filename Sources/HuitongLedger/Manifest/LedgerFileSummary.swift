import HuitongCore

/// The fingerprint of one file of an entry, as its manifest records it.
package struct LedgerFileSummary: Sendable, Hashable {
    /// SHA-256 of the file's bytes.
    package var sha256: Digest
    /// The file's size in bytes.
    package var byteCount: Int
    /// Lines in the file, one record each.
    package var recordCount: Int

    package init(sha256: Digest, byteCount: Int, recordCount: Int) {
        self.sha256 = sha256
        self.byteCount = byteCount
        self.recordCount = recordCount
    }
}

/// The data files of an entry with their fingerprints.
package struct LedgerFiles: Sendable, Hashable {
    /// `dataset.jsonl`.
    package var dataset: LedgerFileSummary
    /// `rejects.jsonl`.
    package var rejects: LedgerFileSummary

    package init(dataset: LedgerFileSummary, rejects: LedgerFileSummary) {
        self.dataset = dataset
        self.rejects = rejects
    }

    /// Each data file's name with its fingerprint.
    package var named: [(file: String, summary: LedgerFileSummary)] {
        [(LedgerFormat.datasetFile, dataset), (LedgerFormat.rejectsFile, rejects)]
    }
}
