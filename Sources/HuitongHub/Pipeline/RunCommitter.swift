import Foundation
import HuitongCore

/// What changed at one target, from its journal.
struct JournalOutcome: Sendable {
    /// Accepted upserts: key → staged offset and length of the line (sync targets only: an
    /// append target's upserts are streamed from the journal instead, a batch at a time).
    var upserts: [String: StagedPlace] = [:]
    var deletes: Set<String> = []
    /// Refused by the platform: key → (staged place, reasons).
    var rejected: [String: (place: StagedPlace, reasons: Value)] = [:]
    /// Not sent, with reasons, for the report.
    var notSent: [(key: String, reasons: Value)] = []

    static func read(_ path: String, collectUpserts: Bool) throws(HubError) -> JournalOutcome {
        var outcome = JournalOutcome()
        try TargetPusher.forEachLatestLine(path) { (_, line) throws(HubError) in
            for fate in line["fates"]?.arrayValue ?? [] {
                guard let key = fate["k"]?.stringValue else { continue }
                let upsert = fate["op"]?.stringValue == "upsert"
                switch fate["fate"]?.stringValue {
                case "accepted":
                    if upsert, let place = StagedPlace(fate) {
                        if collectUpserts { outcome.upserts[key] = place }
                        outcome.deletes.remove(key)
                    } else if !upsert {
                        outcome.deletes.insert(key)
                        outcome.upserts[key] = nil
                    }
                case "rejected":
                    if let place = StagedPlace(fate) { outcome.rejected[key] = (place, fate["reasons"] ?? .array([])) }
                default:
                    outcome.notSent.append((key, fate["reasons"] ?? .array([])))
                }
            }
        }
        return outcome
    }
}

/// Where a staged payload line is: its offset and length in `staged.jsonl`.
struct StagedPlace: Sendable, Hashable {
    var offset: Int
    var length: Int

    init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }

    /// From a journal fate's `o` and `n`.
    init?(_ fate: Value) {
        guard let offset = fate["o"]?.integerValue, let length = fate["n"]?.integerValue else { return nil }
        self.init(offset: Int(offset), length: Int(length))
    }
}

/// Folds a finished run into the job's state: what the platform now holds, what it refused.
/// Every step can be repeated after a crash with the same result.
struct RunCommitter {
    let target: TargetConfiguration
    let paths: TargetPaths

    /// Rewrites `accepted.jsonl` (sync targets) and `rejected.jsonl`; returns the outcome.
    func commit() throws(HubError) -> JournalOutcome {
        let outcome = try JournalOutcome.read(paths.journal, collectUpserts: target.mode == .sync)
        let staged = try JSONLinesRandomReader(path: paths.staged)
        if target.mode == .sync {
            try mergeAccepted(outcome, staged: staged)
        }
        var rejected = try RejectedIndex.load(paths.rejected)
        for key in outcome.upserts.keys { rejected.entries[key] = nil }
        for key in outcome.deletes { rejected.entries[key] = nil }
        for (key, entry) in outcome.rejected {
            let line = try staged.value(at: entry.place.offset, length: entry.place.length)
            rejected.entries[key] = (line["h"]?.stringValue ?? "", entry.reasons)
        }
        try rejected.write(to: paths.rejected)
        return outcome
    }

    /// Merges the old sorted state with the accepted upserts and deletes into a new sorted file.
    private func mergeAccepted(_ outcome: JournalOutcome, staged: JSONLinesRandomReader) throws(HubError) {
        let temporary = paths.accepted + ".new"
        let output = try JSONLinesAppender(path: temporary, truncate: true)
        let changed = outcome.upserts.keys.sorted(by: keyPrecedes)
        var next = 0
        func writeChanged(upTo limit: String?) throws(HubError) {
            while next < changed.count, limit.map({ keyPrecedes(changed[next], $0) }) ?? true {
                let key = changed[next]
                let place = outcome.upserts[key]!
                let line = try staged.value(at: place.offset, length: place.length)
                try output.append(["k": line["k"] ?? .null, "s": line["s"] ?? .null, "h": line["h"] ?? .null, "r": line["r"] ?? .null])
                next += 1
            }
        }
        try forEachLine(of: paths.accepted) { (line, _, _) throws(HubError) in
            let key = line["k"]?.stringValue ?? ""
            try writeChanged(upTo: key)
            if next < changed.count, changed[next] == key { return }  // replaced by the new content
            if outcome.deletes.contains(key) { return }
            try output.append(line)
        }
        try writeChanged(upTo: nil)
        try output.sync()
        guard rename(temporary, paths.accepted) == 0 else { throw HubError.disk("cannot replace \(paths.accepted)", errno) }
        try DurableFiles.syncDirectory(paths.state)
    }
}
