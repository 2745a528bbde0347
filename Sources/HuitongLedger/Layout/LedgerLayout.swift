import HuitongCore

/// Where things are in a ledger directory, and what its `entries/` directory holds.
struct LedgerLayout: Sendable {
    /// The ledger directory as the caller named it.
    var root: String

    var entriesPath: String { root + "/" + LedgerFormat.entriesDirectory }
    var lockPath: String { root + "/" + LedgerFormat.lockFile }

    func path(of name: EntryName) -> String { entriesPath + "/" + name.directoryName }

    /// A path relative to the ledger, as problems name files: `entries/000003-…/dataset.jsonl`.
    static func relative(_ name: EntryName, _ file: String? = nil) -> String {
        LedgerFormat.entriesDirectory + "/" + name.directoryName + (file.map { "/" + $0 } ?? "")
    }

    /// The ledger's directories by what they are.
    struct Scan: Sendable {
        /// Entry directories, in sequence order (ties by name).
        var entries: [EntryName] = []
        /// Entries still being written, or left by a writer that crashed.
        var partials: [String] = []
        /// Names under the ledger or `entries/` that the format does not have.
        var unexpected: [String] = []
    }

    /// Lists the ledger. A ledger directory without `entries/` is an empty ledger.
    ///
    /// - Throws: ``LedgerError/Code/ledgerUnreadable`` when the ledger directory is missing or
    ///   cannot be listed.
    func scan() throws(LedgerError) -> Scan {
        guard FileKind.of(root) == .directory else {
            throw LedgerError(.ledgerUnreadable, path: root, "there is no ledger directory here",
                              hint: "Give the ledger's directory with --ledger DIR (the default is .huitong/ledger, made by the first exchange).")
        }
        var scan = Scan()
        do {
            for name in try FileStorage.sortedNames(in: root) where name != LedgerFormat.entriesDirectory && name != LedgerFormat.lockFile {
                scan.unexpected.append(name)
            }
            guard FileKind.of(entriesPath) != nil else { return scan }
            for name in try FileStorage.sortedNames(in: entriesPath) {
                if name.hasPrefix(LedgerFormat.partialPrefix) {
                    scan.partials.append(LedgerFormat.entriesDirectory + "/" + name)
                } else if let entry = EntryName(directoryName: name), FileKind.of(entriesPath + "/" + name) == .directory {
                    scan.entries.append(entry)
                } else {
                    scan.unexpected.append(LedgerFormat.entriesDirectory + "/" + name)
                }
            }
        } catch {
            throw error.ledgerError(.ledgerUnreadable, hint: "Check the ledger directory's permissions; huitong needs to read it.")
        }
        scan.entries.sort { ($0.sequence, $0.directoryName) < ($1.sequence, $1.directoryName) }
        return scan
    }
}
