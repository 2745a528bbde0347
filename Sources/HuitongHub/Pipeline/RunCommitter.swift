import Foundation
import HuitongCore

/// What changed at one target, from its journal.
struct JournalOutcome: Sendable {
    /// Accepted upserts: key → staged offset and length of the line.
    var upserts: [String: Int] = [:]
    var deletes: Set<String> = []
    /// Refused by the platform: key → (staged offset, reasons).
    var rejected: [String: (offset: Int, reasons: Value)] = [:]
    /// Not sent, with reasons, for the report.
    var notSent: [(key: String, reasons: Value)] = []

    static func read(_ path: String) throws(HubError) -> JournalOutcome {
        var outcome = JournalOutcome()
        try TargetPusher.forEachLatestLine(path) { (_, line) throws(HubError) in
            for fate in line["fates"]?.arrayValue ?? [] {
                guard let key = fate["k"]?.stringValue else { continue }
                let upsert = fate["op"]?.stringValue == "upsert"
                switch fate["fate"]?.stringValue {
                case "accepted":
                    if upsert, let offset = fate["o"]?.integerValue {
                        outcome.upserts[key] = Int(offset)
                        outcome.deletes.remove(key)
                    } else if !upsert {
                        outcome.deletes.insert(key)
                        outcome.upserts[key] = nil
                    }
                case "rejected":
                    if let offset = fate["o"]?.integerValue { outcome.rejected[key] = (Int(offset), fate["reasons"] ?? .array([])) }
                default:
                    outcome.notSent.append((key, fate["reasons"] ?? .array([])))
                }
            }
        }
        return outcome
    }
}

/// Folds a finished run into the job's state: what the platform now holds, what it refused.
/// Every step can be repeated after a crash with the same result.
struct RunCommitter {
    let target: TargetConfiguration
    let paths: TargetPaths

    /// Rewrites `accepted.jsonl` (sync targets) and `rejected.jsonl`; returns the outcome.
    func commit() throws(HubError) -> JournalOutcome {
        let outcome = try JournalOutcome.read(paths.journal)
        let staged = try JSONLinesRandomReader(path: paths.staged)
        let needed = Set(outcome.upserts.values).union(outcome.rejected.values.map(\.offset))
        var stagedLength: [Int: Int] = [:]
        try forEachLine(of: paths.staged) { (_, offset, length) throws(HubError) in
            if needed.contains(offset) { stagedLength[offset] = length }
        }
        if target.mode == .sync {
            try mergeAccepted(outcome, staged: staged, lengths: stagedLength)
        }
        var rejected = try RejectedIndex.load(paths.rejected)
        for key in outcome.upserts.keys { rejected.entries[key] = nil }
        for key in outcome.deletes { rejected.entries[key] = nil }
        for (key, entry) in outcome.rejected {
            let line = try staged.value(at: entry.offset, length: stagedLength[entry.offset] ?? 0)
            rejected.entries[key] = (line["h"]?.stringValue ?? "", entry.reasons)
        }
        try rejected.write(to: paths.rejected)
        return outcome
    }

    /// Merges the old sorted state with the accepted upserts and deletes into a new sorted file.
    private func mergeAccepted(_ outcome: JournalOutcome, staged: JSONLinesRandomReader, lengths: [Int: Int]) throws(HubError) {
        let temporary = paths.accepted + ".new"
        let output = try JSONLinesAppender(path: temporary, truncate: true)
        let changed = outcome.upserts.keys.sorted(by: keyPrecedes)
        var next = 0
        func writeChanged(upTo limit: String?) throws(HubError) {
            while next < changed.count, limit.map({ keyPrecedes(changed[next], $0) }) ?? true {
                let key = changed[next]
                let offset = outcome.upserts[key]!
                let line = try staged.value(at: offset, length: lengths[offset] ?? 0)
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
        DurableFiles.syncDirectory(paths.state)
    }
}
