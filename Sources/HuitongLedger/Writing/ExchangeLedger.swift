import HuitongCore

/// The exchange ledger in one directory: where the pipeline records each exchange.
///
/// ```swift
/// let ledger = ExchangeLedger(directory: ".huitong/ledger")
/// let entry = try ledger.beginEntry()
/// for (key, record) in datasetInKeyOrder { try entry.appendDatasetRecord(key: key, record: record) }
/// for reject in rejectsInLedgerOrder { try entry.appendRejectedRecord(reject) }
/// let written = try entry.commit(description)   // sequence, entryId, manifest, manifest hash
/// ```
///
/// Any number of entries may be written at the same time (one per exchange, from one
/// process or several): each is built in its own locked `entries/.partial-…` directory and
/// only the commit, which numbers the entry and chains it, takes the ledger's lock
/// (`writer.lock`), so commits never interleave. Readers never see a partial entry.
package struct ExchangeLedger: Sendable {
    /// The ledger directory; made (with its parents) by the first ``beginEntry()``.
    package let directory: String
    /// How long ``beginEntry()`` and ``LedgerEntryWriter/commit(_:)`` wait for another
    /// writer's commit before giving up with ``LedgerError/Code/ledgerBusy``.
    package var lockWaitMilliseconds: Int

    package init(directory: String, lockWaitMilliseconds: Int = 30_000) {
        self.directory = directory
        self.lockWaitMilliseconds = lockWaitMilliseconds
    }

    var layout: LedgerLayout { LedgerLayout(root: directory) }

    /// Starts a new entry: makes the ledger if needed, removes entries a crashed writer
    /// left unfinished, and opens the entry's dataset and rejects files.
    ///
    /// The entry gets its sequence number when it is committed.
    /// - Throws: ``LedgerError`` `writeFailed` when the directories or files cannot be
    ///   made, `ledgerBusy` when another writer holds the lock too long.
    package func beginEntry(kind: EntryKind = .exchange) throws(LedgerError) -> LedgerEntryWriter {
        let layout = layout
        let hint = "Check that the ledger directory is writable and the disk has space."
        do {
            try FileStorage.createDirectory(layout.entriesPath)
        } catch {
            throw error.ledgerError(.writeFailed, hint: hint)
        }
        let partial: PartialEntry = try withLedgerLock { () throws(LedgerError) in
            PartialEntry.removeAbandoned(in: layout)
            do throws(StorageError) {
                return try PartialEntry.create(in: layout)
            } catch {
                throw error.ledgerError(.writeFailed, hint: hint)
            }
        }
        do {
            let dataset = try RecordFileWriter(creating: partial.path + "/" + LedgerFormat.datasetFile)
            let companion = try RecordFileWriter(creating: partial.path + "/" + kind.companionFile)
            return LedgerEntryWriter(ledger: self, kind: kind, partial: partial, dataset: dataset, companion: companion)
        } catch {
            partial.remove()
            throw error.ledgerError(.writeFailed, hint: hint)
        }
    }

    /// The entry already recorded for this exchange (same run id, job and target), if any.
    ///
    /// A pipeline resuming a run can ask before it writes anything; ``LedgerEntryWriter/commit(_:)``
    /// asks again under the lock.
    package func entry(runId: String, job: String, target: String) throws(LedgerError) -> LedgerEntry? {
        let probe = (runId: runId, job: job, target: target)
        return try entries(withId: EntryName.entryId(runId: runId, job: job, target: target)).first { entry in
            guard case let .success(manifest) = entry.manifest else { return false }
            let subject = manifest.subject
            return (subject.runId, subject.job, subject.target) == probe
        }
    }

    /// The entries whose directory carries `entryId`; only their manifests are read.
    private func entries(withId entryId: String) throws(LedgerError) -> [LedgerEntry] {
        guard FileKind.of(directory) == .directory else { return [] }
        return try layout.scan().entries.filter { $0.entryId == entryId }.map { LedgerReader.entry($0, at: layout.path(of: $0)) }
    }

    /// Runs `body` holding the ledger's lock, waiting up to ``lockWaitMilliseconds`` for it.
    func withLedgerLock<Result>(_ body: () throws(LedgerError) -> Result) throws(LedgerError) -> Result {
        let acquired: FileLock?
        do {
            acquired = try FileLock.acquire(layout.lockPath, createFile: true, waitMilliseconds: lockWaitMilliseconds)
        } catch {
            throw error.ledgerError(.writeFailed, hint: "Check that the ledger directory is writable.")
        }
        guard let acquired else {
            throw LedgerError(.ledgerBusy, path: layout.lockPath,
                              "another writer has held the ledger's lock for more than \(lockWaitMilliseconds) ms",
                              hint: "Another huitong process is committing to this ledger; try again when it has finished, or raise the wait.")
        }
        // The lock is released when `acquired` is freed, so it must live until `body` returns.
        return try withExtendedLifetime(acquired) { () throws(LedgerError) in try body() }
    }
}
