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

    /// The same bytes, as far as a fingerprint tells.
    func matches(_ other: LedgerFileSummary) -> Bool {
        sha256 == other.sha256 && byteCount == other.byteCount && recordCount == other.recordCount
    }
}

/// The data files of an entry with their fingerprints.
package struct LedgerFiles: Sendable, Hashable {
    /// `dataset.jsonl`.
    package var dataset: LedgerFileSummary
    /// The directory name of the earlier entry whose `dataset.jsonl` holds this entry's dataset,
    /// when the two are the same bytes (the fingerprint says so, and the verifier checks it):
    /// this entry's directory then has no `dataset.jsonl`. `nil`: the file is in the entry.
    package var datasetStoredIn: String?
    /// The file beside the dataset: `rejects.jsonl` (an exchange) or `differences.jsonl` (a reconciliation).
    package var companion: LedgerFileSummary

    package init(dataset: LedgerFileSummary, datasetStoredIn: String? = nil, companion: LedgerFileSummary) {
        self.dataset = dataset
        self.datasetStoredIn = datasetStoredIn
        self.companion = companion
    }

    /// Each data file's name with its fingerprint, as the manifest lists them.
    func named(_ kind: EntryKind) -> [(file: String, summary: LedgerFileSummary)] {
        [(LedgerFormat.datasetFile, dataset), (kind.companionFile, companion)]
    }
}
