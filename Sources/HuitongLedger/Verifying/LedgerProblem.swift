/// One thing ``LedgerVerifier`` found wrong, naming the entry and file.
package struct LedgerProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of tampering or damage the problem shows. `docs/ledger.md` explains each.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A data file's SHA-256, size or record count differs from its manifest's.
        case fileChanged = "file-changed"
        /// A file the entry must have is not there.
        case fileMissing = "file-missing"
        /// A file cannot be read (permissions, or it is not a regular file).
        case fileUnreadable = "file-unreadable"
        /// Sequence numbers skip: entries were removed.
        case entryMissing = "entry-missing"
        /// An entry that was not written in its place: a second entry with the same sequence
        /// number, or an entry between two that were chained directly.
        case entryInserted = "entry-inserted"
        /// An entry names a later entry's manifest as its previous one: entries were swapped.
        case entriesReordered = "entries-reordered"
        /// An entry's previous-manifest hash matches no manifest in the ledger.
        case chainBroken = "chain-broken"
        /// The directory's sequence number or entry id is not the one its manifest states.
        case entryMisplaced = "entry-misplaced"
        /// A file or directory the format does not have.
        case unexpectedFile = "unexpected-file"
        /// `manifest.json` is not JSON.
        case manifestNotJSON = "manifest-not-json"
        /// `manifest.json` is JSON, but not in canonical form.
        case manifestNotCanonical = "manifest-not-canonical"
        /// `manifest.json`'s content no longer matches its `selfSHA256`.
        case manifestChanged = "manifest-changed"
        /// `manifest.json` is not a manifest of this format.
        case manifestNotFormat = "manifest-not-format"
        /// An entry's manifest says its dataset is stored in another entry, and that entry is not
        /// an earlier one holding those bytes.
        case datasetReferenceBroken = "dataset-reference-broken"
        /// A reconciliation names an entry that is not an earlier exchange of its job and target
        /// with that manifest hash.
        case reconciliationReferenceBroken = "reconciliation-reference-broken"
        /// No manifest hashes to the head an auditor recorded earlier.
        case recordedHeadMissing = "recorded-head-missing"
    }

    package var kind: Kind
    /// The entry's sequence number, when the problem is in one entry.
    package var sequence: Int?
    /// The entry's directory name, when the problem is in one entry.
    package var entry: String?
    /// The file concerned, relative to the ledger directory (`entries/000003-…/dataset.jsonl`).
    package var file: String?
    /// What is wrong, with the values found and expected.
    package var message: String

    init(kind: Kind, sequence: Int? = nil, entry: String? = nil, file: String? = nil, message: String) {
        self.kind = kind
        self.sequence = sequence
        self.entry = entry
        self.file = file
        self.message = message
    }

    init(_ kind: Kind, _ name: EntryName, file: String? = nil, _ message: String) {
        self.init(kind: kind, sequence: name.sequence, entry: name.directoryName,
                  file: LedgerLayout.relative(name, file), message: message)
    }

    /// `entry 000003 (000003-run-7-shelters-province): dataset.jsonl was changed: … [file-changed]`.
    package var description: String {
        let place: String
        if let entry, let sequence {
            place = "entry \(EntryName.paddedSequence(sequence)) (\(entry))"
        } else {
            place = file ?? "ledger"
        }
        return "\(place): \(message) [\(kind.rawValue)]"
    }
}
