import HuitongCore

/// One entry's manifest as stored in `manifest.json`: what the entry records (an exchange, or a
/// reconciliation of one), the entry's place in the chain, and the fingerprints of its data files.
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
    package var content: EntryContent
    package var files: LedgerFiles

    init(
        format: String = LedgerFormat.identifier, huitongVersion: String = HuitongVersion.current,
        sequence: Int, entryId: String, previousManifestSHA256: Digest?,
        content: EntryContent, files: LedgerFiles
    ) {
        self.format = format
        self.huitongVersion = huitongVersion
        self.sequence = sequence
        self.entryId = entryId
        self.previousManifestSHA256 = previousManifestSHA256
        self.content = content
        self.files = files
    }

    /// The exchange the entry records; `nil` for a reconciliation.
    package var exchange: ExchangeDescription? {
        if case let .exchange(exchange) = content { exchange } else { nil }
    }

    /// The reconciliation the entry records; `nil` for an exchange.
    package var reconciliation: ReconciliationDescription? {
        if case let .reconciliation(reconciliation) = content { reconciliation } else { nil }
    }

    package var kind: EntryKind { content.kind }

    /// What every entry states, whatever its kind.
    package var subject: EntrySubject { content.subject }
}

/// What an entry records.
package enum EntryContent: Sendable, Hashable {
    /// Records sent to a platform and its verdicts; the dataset it held afterwards.
    case exchange(ExchangeDescription)
    /// The platform's dataset read back and compared with an exchange's.
    case reconciliation(ReconciliationDescription)

    package var kind: EntryKind {
        switch self {
        case .exchange: .exchange
        case .reconciliation: .reconciliation
        }
    }

    package var subject: EntrySubject {
        switch self {
        case let .exchange(e):
            EntrySubject(runId: e.runId, job: e.job, target: e.target, platform: e.platform, dataset: e.dataset, test: e.test, timings: e.timings)
        case let .reconciliation(r):
            EntrySubject(runId: r.runId, job: r.job, target: r.target, platform: r.platform, dataset: r.dataset, test: r.test, timings: r.timings)
        }
    }
}

/// The kinds of entry, as a manifest's `kind` member names them.
package enum EntryKind: String, Sendable, Hashable, CaseIterable {
    case exchange
    case reconciliation

    /// The entry's file beside `dataset.jsonl`.
    package var companionFile: String {
        switch self {
        case .exchange: LedgerFormat.rejectsFile
        case .reconciliation: LedgerFormat.differencesFile
        }
    }
}

/// Who, what and when, as every entry states it.
package struct EntrySubject: Sendable, Hashable {
    package var runId: String
    package var job: String
    package var target: String
    package var platform: String
    package var dataset: String
    package var test: Bool
    package var timings: ExchangeTimings
}
