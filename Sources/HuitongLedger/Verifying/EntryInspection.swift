#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HuitongCore

/// Everything the verifier can check inside one entry directory without looking at others:
/// its files, its manifest, and each data file against the manifest.
struct EntryInspection: Sendable {
    let name: EntryName
    /// SHA-256 of `manifest.json`'s bytes, when the file could be read.
    private(set) var manifestSHA256: Digest?
    private(set) var manifest: ExchangeManifest?
    /// The manifest has a problem of its own, so a chain mismatch at the next entry is a
    /// consequence, not news.
    private(set) var manifestIsSuspect = false
    private(set) var problems: [LedgerProblem] = []

    init(_ name: EntryName, layout: LedgerLayout) {
        self.name = name
        let directory = layout.path(of: name)
        let present: [String]
        do {
            present = try FileStorage.sortedNames(in: directory)
        } catch {
            problems.append(LedgerProblem(.fileUnreadable, name, error.message))
            manifestIsSuspect = true
            return
        }
        inspectManifest(in: directory, present: present)
        // Without a manifest, the files of either kind are what an entry may hold.
        let kind = manifest?.kind
        let expected = [LedgerFormat.manifestFile, LedgerFormat.datasetFile] + (kind.map { [$0.companionFile] } ?? EntryKind.allCases.map(\.companionFile))
        for file in present where !expected.contains(file) {
            let why = LedgerFormat.entryFiles.contains(file) ? "the entry of \(kind == .exchange ? "an exchange" : "a reconciliation") has no \(file)" : "\(file) is not a file of a ledger entry"
            problems.append(LedgerProblem(.unexpectedFile, name, file: file, "\(why); something was added to the entry"))
        }
        if let storedIn = manifest?.files.datasetStoredIn {
            if present.contains(LedgerFormat.datasetFile) {
                problems.append(LedgerProblem(.unexpectedFile, name, file: LedgerFormat.datasetFile,
                                              "the manifest says the dataset is stored in \(storedIn), yet the entry has a \(LedgerFormat.datasetFile); something was added to the entry"))
            }
        } else if manifest != nil || present.contains(LedgerFormat.datasetFile) {
            inspectDataFile(LedgerFormat.datasetFile, in: directory, present: present)
        }
        if let kind {
            inspectDataFile(kind.companionFile, in: directory, present: present)
        } else {
            for file in EntryKind.allCases.map(\.companionFile) where present.contains(file) {
                inspectDataFile(file, in: directory, present: present)
            }
        }
    }

    private mutating func inspectManifest(in directory: String, present: [String]) {
        let file = LedgerFormat.manifestFile
        guard present.contains(file) else {
            problems.append(LedgerProblem(.fileMissing, name, file: file, "\(file) is missing; the entry cannot be checked"))
            manifestIsSuspect = true
            return
        }
        let bytes: [UInt8]
        do throws(StorageError) {
            guard FileKind.of(directory + "/" + file) == .file else { throw StorageError("read it as a file", path: file, number: EISDIR) }
            bytes = try POSIXFile.readAll(directory + "/" + file, limit: LedgerFormat.maximumManifestBytes)
        } catch {
            problems.append(LedgerProblem(.fileUnreadable, name, file: file, "\(file): \(error.message)"))
            manifestIsSuspect = true
            return
        }
        manifestSHA256 = SHA256.hash(bytes)
        let reading = ManifestReading(bytes: bytes)
        manifest = reading.manifest
        if let defect = reading.defect {
            manifestIsSuspect = true
            let kind: LedgerProblem.Kind = switch defect {
            case .notJSON: .manifestNotJSON
            case .notCanonical: .manifestNotCanonical
            case .selfHashMismatch: .manifestChanged
            case .notFormat: .manifestNotFormat
            }
            problems.append(LedgerProblem(kind, name, file: file, defect.description))
        }
        if let manifest, manifest.sequence != name.sequence || manifest.entryId != name.entryId {
            let stated = EntryName(sequence: manifest.sequence, entryId: manifest.entryId).directoryName
            problems.append(LedgerProblem(.entryMisplaced, name, file: file,
                                          "the directory is \(name.directoryName) but its manifest was written for \(stated): the entry was renamed, moved or renumbered"))
        }
    }

    private mutating func inspectDataFile(_ file: String, in directory: String, present: [String]) {
        guard present.contains(file) else {
            problems.append(LedgerProblem(.fileMissing, name, file: file, "\(file) is missing"))
            return
        }
        let path = directory + "/" + file
        let found: LedgerFileSummary
        do throws(StorageError) {
            guard FileKind.of(path) == .file else { throw StorageError("read it as a file", path: file, number: EISDIR) }
            found = try POSIXFile.fingerprint(path)
        } catch {
            problems.append(LedgerProblem(.fileUnreadable, name, file: file, "\(file): \(error.message)"))
            return
        }
        guard let manifest else { return }
        let recorded = file == LedgerFormat.datasetFile ? manifest.files.dataset : manifest.files.companion
        if found.sha256 != recorded.sha256 || found.byteCount != recorded.byteCount {
            problems.append(LedgerProblem(.fileChanged, name, file: file,
                                          "\(file) was changed: it has SHA-256 \(found.sha256.hex) and \(found.byteCount) bytes, the manifest says \(recorded.sha256.hex) and \(recorded.byteCount) bytes"))
        } else if found.recordCount != recorded.recordCount {
            problems.append(LedgerProblem(.fileChanged, name, file: file,
                                          "\(file) has \(found.recordCount) records, the manifest says \(recorded.recordCount)"))
        }
    }
}
