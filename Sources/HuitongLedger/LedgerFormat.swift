/// The ledger's on-disk format: its version, written into every manifest, and the names of
/// the files and directories it is made of.
///
/// ```
/// <ledger>/
///   writer.lock                                   held (flock) while an entry is committed
///   entries/
///     000001-<entryId>/manifest.json              canonical JSON (RFC 8785), hash-chained
///                     /dataset.jsonl              what the platform holds, canonical JSON Lines
///                                                 (absent when the manifest says it is stored in
///                                                 an earlier entry: the same bytes, by hash)
///                     /rejects.jsonl              an exchange: set-aside and rejected records
///                     /differences.jsonl          a reconciliation: what the platform holds
///                                                 otherwise than the exchange it reconciles
///     .partial-<nonce>/                           an entry being written; never read
/// ```
///
/// See `docs/ledger.md` for what each file holds and how the chain is checked.
package enum LedgerFormat {
    /// The format identifier every manifest carries in its `format` member.
    package static let identifier = "huitong-ledger/2"
    /// The first format: exchanges only, each entry with its own dataset. Still read and verified.
    package static let firstIdentifier = "huitong-ledger/1"
    /// Every format this release reads.
    package static let readableIdentifiers = [firstIdentifier, identifier]

    /// The manifest of an entry.
    package static let manifestFile = "manifest.json"
    /// The dataset the platform holds after the exchange.
    package static let datasetFile = "dataset.jsonl"
    /// The records set aside before sending and rejected by the platform.
    package static let rejectsFile = "rejects.jsonl"
    /// What a reconciliation found: one line per record that differs, in key order.
    package static let differencesFile = "differences.jsonl"
    /// Every file an entry may hold, in the order the verifier reports them.
    package static let entryFiles = [manifestFile, datasetFile, rejectsFile, differencesFile]

    /// The directory under the ledger holding one directory per entry.
    package static let entriesDirectory = "entries"
    /// The lock file under the ledger that serialises commits.
    package static let lockFile = "writer.lock"
    /// Entries being written are built in `entries/.partial-<nonce>` and renamed into place.
    static let partialPrefix = ".partial-"
    /// Sequence numbers are written with at least this many digits.
    static let sequenceDigits = 6
    /// Entry identifiers longer than this are cut, so directory names stay well below NAME_MAX.
    static let maximumEntryIdLength = 160
    /// Manifests are small; a larger file is not one the writer made.
    static let maximumManifestBytes = 16 * 1024 * 1024
}
