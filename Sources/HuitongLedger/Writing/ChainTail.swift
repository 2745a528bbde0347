import HuitongCore

/// Where the next entry goes: its sequence number and the hash of the newest manifest.
///
/// A new entry is chained only to a ledger whose entries are numbered 1…n without gaps and
/// whose newest manifest is intact; anything else is refused rather than sealed into the
/// chain. Older entries are not re-hashed here (that is `huitong ledger verify`'s job), so
/// committing stays cheap however long the ledger grows.
struct ChainTail {
    var nextSequence: Int
    var previousManifestSHA256: Digest?
    /// The entries before the new one, in sequence order.
    var entries: [EntryName]

    init(_ layout: LedgerLayout) throws(LedgerError) {
        entries = try layout.scan().entries
        for (index, entry) in entries.enumerated() where entry.sequence != index + 1 {
            let what = entry.sequence <= index ? "two entries are numbered \(entry.sequence)" : "entry \(index + 1) is missing"
            throw Self.damaged(layout.entriesPath, "the entries are not numbered 1…\(entries.count): \(what)")
        }
        guard let newest = entries.last else {
            nextSequence = 1
            previousManifestSHA256 = nil
            return
        }
        let path = layout.path(of: newest) + "/" + LedgerFormat.manifestFile
        let bytes: [UInt8]
        do {
            bytes = try POSIXFile.readAll(path, limit: LedgerFormat.maximumManifestBytes)
        } catch {
            throw Self.damaged(path, "the newest manifest cannot be read (\(error.message))")
        }
        let reading = ManifestReading(bytes: bytes)
        if let defect = reading.defect {
            throw Self.damaged(path, defect.description)
        }
        guard let manifest = reading.manifest, manifest.sequence == newest.sequence, manifest.entryId == newest.entryId else {
            throw Self.damaged(path, "the newest manifest does not belong to its directory \(newest.directoryName)")
        }
        nextSequence = newest.sequence + 1
        previousManifestSHA256 = SHA256.hash(bytes)
    }

    private static func damaged(_ path: String, _ message: String) -> LedgerError {
        LedgerError(.ledgerDamaged, path: path, message + "; no entry was added",
                    hint: "Run 'huitong ledger verify' on this ledger and have the problem looked at before exchanging again.")
    }
}
