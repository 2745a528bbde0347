import HuitongCore

/// One entry's manifest as stored in `manifest.json`: the exchange, the entry's place in the
/// chain, and the fingerprints of its data files.
///
/// Written as canonical JSON (RFC 8785), so its SHA-256, which the next manifest records as
/// `previousManifestSHA256`, is well defined. The `selfSHA256` member holds the SHA-256 of
/// the manifest's canonical JSON without that member, so a change to the newest manifest,
/// which no later manifest covers yet, is caught too.
package struct ExchangeManifest: Sendable, Hashable {
    // Only the ledger makes manifests (its writer, or by reading one), so there is no public initialiser.
    /// ``LedgerFormat/identifier`` of the format the manifest was written in.
    package var format: String
    /// The Huitong release that wrote the entry.
    package var huitongVersion: String
    /// The entry's position in the ledger, from 1, without gaps.
    package var sequence: Int
    /// `<runId>-<job>-<target>` reduced to `[A-Za-z0-9._-]`; with the sequence, the directory's name.
    package var entryId: String
    /// SHA-256 of the previous entry's `manifest.json` bytes; `nil` for the first entry.
    package var previousManifestSHA256: Digest?
    package var exchange: ExchangeDescription
    package var files: LedgerFiles

    init(
        format: String = LedgerFormat.identifier, huitongVersion: String = HuitongVersion.current,
        sequence: Int, entryId: String, previousManifestSHA256: Digest?,
        exchange: ExchangeDescription, files: LedgerFiles
    ) {
        self.format = format
        self.huitongVersion = huitongVersion
        self.sequence = sequence
        self.entryId = entryId
        self.previousManifestSHA256 = previousManifestSHA256
        self.exchange = exchange
        self.files = files
    }
}
