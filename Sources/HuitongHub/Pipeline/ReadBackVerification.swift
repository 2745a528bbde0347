import HuitongCore
import HuitongPlatforms

/// Settles batches whose answers did not account for their records, from what the platform
/// holds.
///
/// An unconfirmed batch is resent under its idempotency key, and an honest platform answers it
/// with its first verdict. A platform that remembers a false first answer — the contracts say
/// a resend "returns the first response again" — repeats it for ever, and the batch would stay
/// open for ever. So a batch answered unconfirmed *again* is checked against the platform's
/// read-back, where its profile has one: an upsert is accepted when the platform holds exactly
/// the record sent (the same canonical content under its key), a delete when it holds nothing
/// under the key; anything else stays unconfirmed, with what the platform holds said. Evidence
/// only: nothing is booked from the answer itself.
struct ReadBackVerification {
    /// One unconfirmed record: its key, whether it was an upsert, and for an upsert the content
    /// hash of what was sent.
    struct Claim: Sendable {
        var key: String
        var upsert: Bool
        var hash: String?
    }

    /// What the platform holds for the claimed keys: key → content hash.
    let held: [String: String]

    /// The verdict on one claim: accepted, or why it stays unconfirmed.
    func verdict(_ claim: Claim) -> String? {
        let holds = held[claim.key]
        if claim.upsert {
            guard let holds else { return "the platform's answer did not account for it, and a read-back shows nothing under its key" }
            return holds == claim.hash ? nil : "the platform's answer did not account for it, and a read-back shows another version under its key"
        }
        return holds == nil ? nil : "the platform's answer did not account for the delete, and a read-back shows the record still there"
    }

    /// Reads back what the platform holds for `keys` (one pass over the dataset, keeping only
    /// those keys: memory bounded by the batches being settled).
    static func read(
        _ connector: PlatformConnector, target: TargetConfiguration, test: Bool, keys: Set<String>
    ) async throws(PlatformError) -> ReadBackVerification {
        var held: [String: String] = [:]
        try await connector.readBack(dataset: target.dataset, test: test) { page in
            for case let .object(record) in page {
                let key = target.datasetProfile.key(of: record)
                if keys.contains(key) { held[key] = contentHash(of: record) }
            }
        }
        return ReadBackVerification(held: held)
    }

    /// The journal line of a batch settled by read-back: the answered line with each
    /// unconfirmed fate replaced by its verdict, final (and without the answer's failures)
    /// when none is left unconfirmed. `hashes` holds the content hash of each upsert sent.
    func settle(_ line: JournalLine, hashes: [String: String]) -> JournalLine {
        var settled = line
        var open = false
        settled.fates = line.fates.map { fate in
            guard case .unconfirmed = fate.outcome else { return fate }
            var entry = fate
            let claim = Claim(key: fate.key, upsert: fate.operation == .upsert, hash: hashes[fate.key])
            if let reason = verdict(claim) {
                open = true
                entry.outcome = .unconfirmed([RecordReason(message: reason)])
            } else {
                // An accepted upsert keeps its staged place, as every journaled upsert does.
                entry.outcome = .accepted
                entry.verifiedByReadBack = true
            }
            return entry
        }
        settled.final = !open
        if !open { settled.failures = [] }
        settled.verifiedByReadBack = true
        return settled
    }
}
