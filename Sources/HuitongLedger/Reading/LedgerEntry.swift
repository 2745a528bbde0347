import HuitongCore

/// One entry of the ledger as a reader finds it.
package struct LedgerEntry: Sendable {
    /// The entry's position, from its directory name.
    package var sequence: Int
    /// The entry's identifier, from its directory name (`<runId>-<job>-<target>`, sanitised).
    package var entryId: String
    /// `000012-<entryId>`.
    package var directoryName: String
    /// The entry's directory, under the ledger directory as the caller named it.
    package var path: String
    /// SHA-256 of `manifest.json`'s bytes: what the next entry chains to. `nil` when the file
    /// cannot be read.
    package var manifestSHA256: Digest?
    /// The manifest, or why it cannot be read. Reading does not check hashes or the chain;
    /// ``LedgerVerifier`` does.
    package var manifest: Result<ExchangeManifest, LedgerError>

    init(name: EntryName, path: String, manifestSHA256: Digest?, manifest: Result<ExchangeManifest, LedgerError>) {
        sequence = name.sequence
        entryId = name.entryId
        directoryName = name.directoryName
        self.path = path
        self.manifestSHA256 = manifestSHA256
        self.manifest = manifest
    }

    /// The path of one of the entry's files.
    package func path(of file: String) -> String { path + "/" + file }

    /// The path of the entry's `dataset.jsonl`: in its own directory, or in the earlier entry's
    /// its manifest names when the two datasets are the same bytes (`storedIn`).
    package var datasetPath: String {
        guard case let .success(manifest) = manifest, let holder = manifest.files.datasetStoredIn else {
            return path(of: LedgerFormat.datasetFile)
        }
        return FileStorage.parentPath(of: path) + "/" + holder + "/" + LedgerFormat.datasetFile
    }
}
