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
}
