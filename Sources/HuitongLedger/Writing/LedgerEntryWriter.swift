import Foundation
import HuitongCore
import Synchronization

/// One ledger entry being written: the dataset and the rejects (an exchange) or the differences
/// (a reconciliation) are streamed in, record by record, then ``commit(_:)`` adds the manifest
/// and makes the entry part of the ledger.
///
/// - Records must come in the ledger's order (``RecordOrder``): dataset records by key,
///   each key once; rejects by key, stage and location; differences by key, each key once. A record out of order is refused
///   with ``LedgerError/Code/recordOutOfOrder`` (or `duplicateRecord`) and not written; the
///   entry stays usable. Memory stays at a few write buffers per file (one being filled, at most
///   two being hashed and written on the file's own thread), however many records.
/// - A dataset that is the same bytes as the previous entry's of the same job and target is not
///   kept twice: the commit removes the new file and the manifest says where the bytes are
///   (`storedIn`), so an unchanged daily exchange costs a manifest, not a copy.
/// - Until ``commit(_:)`` returns, nothing is visible to readers. ``abandon()``, or letting
///   the writer go without committing, removes the unfinished entry; after a crash the next
///   writer removes it.
/// - The writer is safe to share between tasks (a lock guards it), but records from several
///   tasks must still arrive in order.
package final class LedgerEntryWriter: Sendable {
    private let ledger: ExchangeLedger
    /// What the entry records, which decides its companion file and its commit.
    package let kind: EntryKind
    private let state: Mutex<State>

    struct State: Sendable {
        enum Phase: Sendable {
            /// Records are being appended.
            case writing(dataset: RecordFileWriter, companion: RecordFileWriter)
            /// The files are complete and synced; the manifest is not written yet (a commit
            /// found the ledger busy or damaged and may be tried again).
            case finished(LedgerFiles)
            /// Committed or abandoned: nothing more may happen.
            case closed
        }

        var phase: Phase
        var partial: PartialEntry
        var lastDatasetKey: String?
        var lastReject: RejectedRecord?
        var lastDifferenceKey: String?
    }

    init(ledger: ExchangeLedger, kind: EntryKind, partial: PartialEntry, dataset: RecordFileWriter, companion: RecordFileWriter) {
        self.ledger = ledger
        self.kind = kind
        state = Mutex(State(phase: .writing(dataset: dataset, companion: companion), partial: partial))
    }

    deinit {
        abandon()
    }

    /// Appends the record the platform holds under `key`, after every smaller key.
    ///
    /// - Throws: ``LedgerError`` `recordOutOfOrder` when `key` sorts before the previous
    ///   key, `duplicateRecord` when it equals it, `invalidRecord` for an empty key or a
    ///   value JSON cannot hold, `writeFailed` when the disk refuses, `writerClosed` after
    ///   the entry's files were completed.
    package func appendDatasetRecord(key: String, record: Value) throws(LedgerError) {
        try appendDatasetRecord(key: key) { (dataset) throws(LedgerError) in
            try dataset.append(DatasetRecord(key: key, record: record).jsonValue)
        }
    }

    /// Appends a record given as its canonical JSON (RFC 8785), as the pipeline stages it: the
    /// bytes are written as they are, not parsed and encoded again. `sha256` is the hash the
    /// pipeline made of them when it staged the record; bytes that do not match it (a damaged
    /// file, or state written before records were staged as canonical JSON) are parsed and
    /// written canonically — and refused when they are not JSON.
    package func appendDatasetRecord(key: String, canonicalRecord bytes: [UInt8], sha256 hash: String) throws(LedgerError) {
        // A hash that is not hexadecimal matches no bytes: the record is parsed, as a damaged one.
        let digest = Digest(hexadecimal: hash) ?? Digest(bytes: [])
        try bytes.withUnsafeBytes { raw in
            Result { () throws(LedgerError) in try appendDatasetRecord(key: key, canonicalRecord: raw, sha256: digest) }
        }.get()
    }

    /// ``appendDatasetRecord(key:canonicalRecord:sha256:)`` for bytes in place (a slice of a
    /// line of the accepted state) and the hash as a digest: nothing is copied but into the file.
    package func appendDatasetRecord(key: String, canonicalRecord bytes: UnsafeRawBufferPointer, sha256 hash: Digest) throws(LedgerError) {
        try appendDatasetRecord(key: key) { (dataset) throws(LedgerError) in
            guard SHA256.hash(bytes) == hash else {
                guard let record = try? JSONReader().value(from: bytes) else {
                    throw LedgerError(.invalidRecord, path: dataset.path, "the record \"\(key)\" is not JSON",
                                      hint: "The run's staged records are damaged; run the job again to stage them afresh.")
                }
                try dataset.append(DatasetRecord(key: key, record: record).jsonValue)
                return
            }
            try dataset.appendLine(canonicalDatasetRecord: key, record: bytes)
        }
    }

    private func appendDatasetRecord(key: String, _ write: (inout RecordFileWriter) throws(LedgerError) -> Void) throws(LedgerError) {
        try state.withLock { (state) throws(LedgerError) in
            guard case .writing(var dataset, let companion) = state.phase else { throw Self.closed(state.phase) }
            guard !key.isEmpty else {
                throw LedgerError(.invalidRecord, path: dataset.path, "a dataset record has an empty key",
                                  hint: "Every record a platform holds has a key; check the target mapping's key fields.")
            }
            if let previous = state.lastDatasetKey {
                let order = RecordOrder.compare(previous, key)
                if order == 0 {
                    throw LedgerError(.duplicateRecord, path: dataset.path, "the key \"\(key)\" is in the dataset twice",
                                      hint: "A platform holds one record per key; de-duplicate before writing the ledger.")
                }
                if order > 0 {
                    throw LedgerError(.recordOutOfOrder, path: dataset.path,
                                      "the key \"\(key)\" comes after \"\(previous)\"; dataset records must be in ascending key order (UTF-8 bytes)",
                                      hint: "Sort the dataset with RecordOrder.keyPrecedes before writing it.")
                }
            }
            try write(&dataset)
            state.phase = .writing(dataset: dataset, companion: companion)
            state.lastDatasetKey = key
        }
    }

    /// Appends a record that was set aside or rejected, after every record that sorts before it.
    ///
    /// - Throws: ``LedgerError`` `recordOutOfOrder`, `duplicateRecord` (same key, stage and
    ///   location as the previous one), `invalidRecord` (no reasons), `writeFailed`, `writerClosed`.
    package func appendRejectedRecord(_ record: RejectedRecord) throws(LedgerError) {
        guard kind == .exchange else { throw wrongKind("a rejected record") }
        try state.withLock { (state) throws(LedgerError) in
            guard case .writing(let dataset, var rejects) = state.phase else { throw Self.closed(state.phase) }
            guard !record.reasons.isEmpty else {
                throw LedgerError(.invalidRecord, path: rejects.path, "the record \"\(record.key)\" (\(record.stage.rawValue)) has no reason",
                                  hint: "Every set-aside or rejected record must say why; pass the mapping's or the platform's reasons.")
            }
            if let previous = state.lastReject {
                let order = RecordOrder.compare(previous, record)
                if order == 0 {
                    throw LedgerError(.duplicateRecord, path: rejects.path,
                                      "the record \"\(record.key)\" (\(record.stage.rawValue), \(record.location ?? "no location")) is in the rejects twice",
                                      hint: "Merge its reasons into one record.")
                }
                if order > 0 {
                    throw LedgerError(.recordOutOfOrder, path: rejects.path,
                                      "the record \"\(record.key)\" (\(record.stage.rawValue)) comes after \"\(previous.key)\" (\(previous.stage.rawValue)); rejects must be in ascending order of key, stage, location",
                                      hint: "Sort the rejects with RecordOrder.rejectPrecedes before writing them.")
                }
            }
            try rejects.append(record.jsonValue)
            state.phase = .writing(dataset: dataset, companion: rejects)
            state.lastReject = record
        }
    }

    /// Appends what a reconciliation found for one key (a line of `differences.jsonl`: the
    /// object `huitong diff --format jsonl` prints, with `key` and `kind`), after every smaller key.
    ///
    /// - Throws: ``LedgerError`` `recordOutOfOrder`, `duplicateRecord`, `invalidRecord` (no
    ///   string `key` member), `writeFailed`, `writerClosed`; `invalidRecord` in an exchange's entry.
    package func appendDifference(_ line: Value) throws(LedgerError) {
        guard kind == .reconciliation else { throw wrongKind("a difference") }
        try state.withLock { (state) throws(LedgerError) in
            guard case .writing(let dataset, var differences) = state.phase else { throw Self.closed(state.phase) }
            guard case let .object(object) = line, case let .string(key)? = object["key"], !key.isEmpty else {
                throw LedgerError(.invalidRecord, path: differences.path, "a difference must be an object with its record's key",
                                  hint: "Pass the lines DatasetDiff's differences make.")
            }
            if let previous = state.lastDifferenceKey {
                let order = RecordOrder.compare(previous, key)
                if order >= 0 {
                    throw LedgerError(order == 0 ? .duplicateRecord : .recordOutOfOrder, path: differences.path,
                                      "the difference for \"\(key)\" comes after the one for \"\(previous)\"; differences must be in ascending key order, one per key",
                                      hint: "Write the differences in the order DatasetDiff finds them.")
                }
            }
            try differences.append(line)
            state.phase = .writing(dataset: dataset, companion: differences)
            state.lastDifferenceKey = key
        }
    }

    private func wrongKind(_ what: String) -> LedgerError {
        LedgerError(.invalidRecord, path: nil, "\(what) does not belong in the entry of \(kind == .exchange ? "an exchange" : "a reconciliation")",
                    hint: "Begin the entry with the kind it records: ExchangeLedger.beginEntry(kind:).")
    }

    /// Completes the entry: syncs its files, writes the manifest chained to the newest
    /// entry, and renames the entry into place under the ledger's lock.
    ///
    /// Committing is idempotent per exchange: when the ledger already holds an entry with the
    /// same run id, job and target (a run resumed after a crash that followed its commit),
    /// that entry is returned and this one is discarded, so an exchange is never recorded twice.
    ///
    /// - Returns: the entry as a reader sees it, with its sequence number and manifest hash.
    /// - Throws: ``LedgerError``. After `ledgerBusy` or `ledgerDamaged` the entry is kept and
    ///   `commit` may be called again (or ``abandon()``); after `invalidRecord` (a description
    ///   that is not truthful, such as negative counts) too. Any other error abandons the entry.
    @discardableResult
    package func commit(_ exchange: ExchangeDescription) throws(LedgerError) -> LedgerEntry {
        guard kind == .exchange else { throw wrongKind("an exchange's description") }
        try exchange.validate()
        return try commit(.exchange(exchange))
    }

    /// Completes a reconciliation's entry, as ``commit(_:)-…`` completes an exchange's.
    @discardableResult
    package func commit(_ reconciliation: ReconciliationDescription) throws(LedgerError) -> LedgerEntry {
        guard kind == .reconciliation else { throw wrongKind("a reconciliation's description") }
        try reconciliation.validate()
        return try commit(.reconciliation(reconciliation))
    }

    private func commit(_ content: EntryContent) throws(LedgerError) -> LedgerEntry {
        let subject = content.subject
        return try state.withLock { (state) throws(LedgerError) in
            var files = try Self.finishFiles(&state)
            // The earlier copy's bytes are hashed before the lock is taken (committed entries do
            // not change, and other writers must not wait for a large dataset to be read); under
            // the lock it is only confirmed that it is still the previous entry of the target.
            let candidate = (try? LedgerLayout(root: ledger.directory).scan().entries).flatMap { entries in
                Self.earlierCopy(of: files.dataset, for: subject, among: entries, layout: ledger.layout, hashing: true)
            }
            return try ledger.withLedgerLock { () throws(LedgerError) in
                if let existing = try ledger.entry(runId: subject.runId, job: subject.job, target: subject.target) {
                    state.partial.remove()
                    state.phase = .closed
                    return existing
                }
                let tail = try ChainTail(ledger.layout)
                let name = EntryName(sequence: tail.nextSequence,
                                     entryId: EntryName.entryId(runId: subject.runId, job: subject.job, target: subject.target))
                do throws(LedgerError) {
                    if let candidate, Self.earlierCopy(of: files.dataset, for: subject, among: tail.entries, layout: ledger.layout, hashing: false) == candidate {
                        // The same bytes are in the ledger already: the manifest names them instead.
                        do throws(StorageError) {
                            try FileStorage.remove(state.partial.path + "/" + LedgerFormat.datasetFile)
                        } catch {
                            throw error.ledgerError(.writeFailed, hint: "Check the disk holding the ledger (permissions); the entry was abandoned.")
                        }
                        files.datasetStoredIn = candidate
                    }
                    let manifest = ExchangeManifest(sequence: name.sequence, entryId: name.entryId,
                                                    previousManifestSHA256: tail.previousManifestSHA256, content: content, files: files)
                    let entry = try Self.place(manifest, name: name, partial: state.partial, layout: ledger.layout)
                    state.phase = .closed
                    return entry
                } catch {
                    state.partial.remove()
                    state.phase = .closed
                    throw error
                }
            }
        }
    }

    /// How many of the newest entries are read, newest first, to find the previous entry of the
    /// same job and target: other jobs' entries come between, but not thousands of them.
    static let previousEntrySearchLimit = 256

    /// Where the ledger holds a `dataset.jsonl` with exactly the fingerprint `dataset` has: the
    /// entry directory of the previous entry of the same job, target and test setting, when its
    /// dataset is that (or the entry its own manifest names). `nil` when there is none, or when
    /// the dataset is empty (a reference would save nothing). `hashing`: the holder's file is
    /// read and hashed to prove the bytes are there; otherwise its size is checked.
    static func earlierCopy(of dataset: LedgerFileSummary, for subject: EntrySubject, among entries: [EntryName], layout: LedgerLayout, hashing: Bool) -> String? {
        guard dataset.byteCount > 0 else { return nil }
        for name in entries.reversed().prefix(previousEntrySearchLimit) {
            guard case let .success(manifest) = LedgerReader.entry(name, at: layout.path(of: name)).manifest else { return nil }
            let previous = manifest.subject
            guard previous.job == subject.job, previous.target == subject.target, previous.test == subject.test else { continue }
            guard manifest.files.dataset.matches(dataset) else { return nil }
            let holder = manifest.files.datasetStoredIn ?? name.directoryName
            // The bytes must really be there: a holder that is gone or changed is no place to point.
            let path = layout.entriesPath + "/" + holder + "/" + LedgerFormat.datasetFile
            if hashing {
                guard let found = try? POSIXFile.fingerprint(path), found.matches(dataset) else { return nil }
            } else {
                guard FileKind.of(path) == .file, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int,
                      size == dataset.byteCount else { return nil }
            }
            return holder
        }
        return nil
    }

    /// Gives the entry up: its directory is removed and nothing is added to the ledger.
    /// Safe to call more than once, and after a commit (it then does nothing).
    package func abandon() {
        state.withLock { state in
            if case .closed = state.phase { return }
            state.partial.remove()
            state.phase = .closed
        }
    }

    /// Syncs both files, once; later calls return the fingerprints found the first time.
    private static func finishFiles(_ state: inout State) throws(LedgerError) -> LedgerFiles {
        switch state.phase {
        case .closed:
            throw closed(state.phase)
        case let .finished(files):
            return files
        case .writing(var dataset, var companion):
            do {
                let files = LedgerFiles(dataset: try dataset.finish(), companion: try companion.finish())
                state.phase = .finished(files)
                return files
            } catch {
                state.partial.remove()
                state.phase = .closed
                throw error.ledgerError(.writeFailed, hint: "Check the disk holding the ledger (space, permissions); the entry was abandoned.")
            }
        }
    }

    /// Writes the manifest, syncs the entry directory, renames it into place and syncs `entries/`.
    private static func place(_ manifest: ExchangeManifest, name: EntryName, partial: PartialEntry, layout: LedgerLayout) throws(LedgerError) -> LedgerEntry {
        let bytes = try manifest.canonicalBytes()
        let destination = layout.path(of: name)
        guard FileKind.of(destination) == nil else {
            throw LedgerError(.ledgerDamaged, path: destination, "an entry directory with this name already exists",
                              hint: "Run 'huitong ledger verify' on this ledger; the entry was abandoned.")
        }
        do {
            let file = try WritableFile(partial.path + "/" + LedgerFormat.manifestFile, mode: .createNew)
            try file.write(bytes)
            try file.sync()
            try FileStorage.syncDirectory(partial.path)
            try FileStorage.rename(partial.path, to: destination)
        } catch {
            throw error.ledgerError(.writeFailed, hint: "Check the disk holding the ledger (space, permissions); the entry was abandoned.")
        }
        // The entry is in place and complete; if syncing the rename fails, a power cut could at
        // worst undo the rename, which leaves the ledger as it was before: still a valid chain.
        try? FileStorage.syncDirectory(layout.entriesPath)
        return LedgerEntry(name: name, path: destination, manifestSHA256: SHA256.hash(bytes), manifest: .success(manifest))
    }

    private static func closed(_ phase: State.Phase) -> LedgerError {
        let what = if case .finished = phase { "its files are complete" } else { "it was committed or abandoned" }
        return LedgerError(.writerClosed, path: nil, "the ledger entry cannot take more records: \(what)",
                           hint: "Write every record before commit, and start a new entry with ExchangeLedger.beginEntry() for the next exchange.")
    }
}
