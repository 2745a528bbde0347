import HuitongCore

/// Checks a whole ledger: every file of every entry against its manifest, every manifest
/// against itself, and the chain of manifests from the first entry to the newest.
///
/// Each problem is named with its entry and file (``LedgerProblem``). A change of one byte
/// anywhere in an entry is found: in a data file by its hash in the manifest; in a manifest by
/// its `selfSHA256`, its canonical form, and the next manifest's `previousManifestSHA256`.
/// Removing the newest entries leaves a shorter chain that is intact in itself; an auditor
/// who recorded the head earlier finds that with `verify(recordedHead:)`.
package struct LedgerVerifier: Sendable {
    /// The ledger directory.
    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    /// Verifies the ledger.
    ///
    /// - Parameter recordedHead: the manifest hash of a head recorded earlier (see
    ///   ``LedgerVerification/head``); the ledger must still hold that manifest.
    /// - Throws: ``LedgerError`` `ledgerUnreadable` only when the ledger directory is missing
    ///   or cannot be listed; everything else is a problem in the result.
    package func verify(recordedHead: Digest? = nil) throws(LedgerError) -> LedgerVerification {
        let layout = LedgerLayout(root: directory)
        let scan = try layout.scan()
        var problems = scan.unexpected.map { file in
            LedgerProblem(kind: .unexpectedFile, file: file, message: "\(file) is not part of the ledger format; something was added")
        }
        let inspections = scan.entries.map { EntryInspection($0, layout: layout) }
        var groups: [[EntryInspection]] = []
        for inspection in inspections {
            if inspection.name.sequence == groups.last?.first?.name.sequence {
                groups[groups.count - 1].append(inspection)
            } else {
                groups.append([inspection])
            }
        }
        problems += Self.datasetReferences(inspections)
        var chain = ChainWalk(inspections)
        for (index, group) in groups.enumerated() {
            for inspection in group { problems += inspection.problems }
            problems += chain.check(group, successors: index + 1 < groups.count ? groups[index + 1] : [])
        }
        if let recordedHead, !inspections.contains(where: { $0.manifestSHA256 == recordedHead }) {
            problems.append(LedgerProblem(kind: .recordedHeadMissing,
                                          message: "no manifest in the ledger hashes to the recorded head \(recordedHead.hex): that entry, or the entries up to it, were removed or changed"))
        }
        let head = chain.head.flatMap { newest in
            newest.manifestSHA256.map { LedgerVerification.Head(sequence: newest.name.sequence, entryId: newest.name.entryId, manifestSHA256: $0) }
        }
        return LedgerVerification(directory: directory, entryCount: inspections.count, head: head,
                                  problems: problems, ignoredPartialEntries: scan.partials)
    }

    /// Each dataset stored in another entry (`storedIn`) must be in an earlier entry that holds
    /// the file itself, with the same fingerprint; that entry's file is checked byte for byte
    /// against its own manifest, so every byte of the referring entry's dataset is covered too.
    static func datasetReferences(_ inspections: [EntryInspection]) -> [LedgerProblem] {
        var byName: [String: EntryInspection] = [:]
        for inspection in inspections { byName[inspection.name.directoryName] = inspection }
        var problems: [LedgerProblem] = []
        let bySequence = Dictionary(inspections.map { ($0.name.sequence, $0) }, uniquingKeysWith: { first, _ in first })
        for inspection in inspections {
            guard let reconciliation = inspection.manifest?.reconciliation else { continue }
            let reference = reconciliation.reconciles
            func broken(_ message: String) {
                problems.append(LedgerProblem(.reconciliationReferenceBroken, inspection.name, file: LedgerFormat.manifestFile,
                                              "the reconciliation names entry \(EntryName.paddedSequence(reference.sequence)) (manifest \(reference.manifestSHA256.hex)), but \(message)"))
            }
            guard reference.sequence < inspection.name.sequence, let reconciled = bySequence[reference.sequence] else {
                broken("the ledger has no such earlier entry")
                continue
            }
            guard reconciled.manifestSHA256 == reference.manifestSHA256 else { broken("that entry's manifest hashes otherwise"); continue }
            guard let exchange = reconciled.manifest?.exchange else { broken("that entry is not an exchange"); continue }
            if (exchange.job, exchange.target, exchange.test) != (reconciliation.job, reconciliation.target, reconciliation.test) {
                broken("that exchange is of \(exchange.job) to \(exchange.target)\(exchange.test ? " (joint test)" : ""), not of \(reconciliation.job) to \(reconciliation.target)\(reconciliation.test ? " (joint test)" : "")")
            }
        }
        for inspection in inspections {
            guard let manifest = inspection.manifest, let holderName = manifest.files.datasetStoredIn else { continue }
            func broken(_ message: String) {
                problems.append(LedgerProblem(.datasetReferenceBroken, inspection.name, file: LedgerFormat.datasetFile,
                                              "the manifest says the dataset is stored in \(holderName), but \(message)"))
            }
            guard let holder = byName[holderName] else { broken("the ledger has no such entry"); continue }
            guard holder.name.sequence < inspection.name.sequence else { broken("that entry is not an earlier one"); continue }
            guard let held = holder.manifest else { broken("that entry's manifest cannot be read"); continue }
            guard held.files.datasetStoredIn == nil else { broken("that entry's dataset is stored elsewhere itself"); continue }
            guard held.files.dataset.matches(manifest.files.dataset) else {
                broken("that entry's dataset has SHA-256 \(held.files.dataset.sha256.hex), \(held.files.dataset.byteCount) bytes and \(held.files.dataset.recordCount) records; this manifest says \(manifest.files.dataset.sha256.hex), \(manifest.files.dataset.byteCount) and \(manifest.files.dataset.recordCount)")
                continue
            }
            let datasetPath = LedgerLayout.relative(holder.name, LedgerFormat.datasetFile)
            if holder.problems.contains(where: { $0.file == datasetPath }) {
                broken("that entry's \(LedgerFormat.datasetFile) is damaged (its problem is listed with it)")
            }
        }
        return problems
    }
}
