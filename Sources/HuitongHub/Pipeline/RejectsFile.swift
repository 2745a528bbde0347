import Foundation
import HuitongCore

/// The records of a job's last completed run that did not reach a platform, with their
/// reasons: set aside at the source or for a target, refused by a platform, or not sent.
/// One JSON object per line: `stage`, `target`, `key`, `origin`, `reasons`.
public enum RejectsFile {
    static func path(stateDirectory: String, job: String, test: Bool) -> String {
        JobPaths(stateDirectory: stateDirectory, job: job, test: test).root + "/rejects.jsonl"
    }

    /// Writes the list for a finished run (replacing the previous run's).
    static func write(job: JobConfiguration, paths: JobPaths, outcomes: [(TargetConfiguration, JournalOutcome)]) throws(HubError) {
        let temporary = paths.root + "/rejects.jsonl.new"
        let output = try JSONLinesAppender(path: temporary, truncate: true)
        try forEachLine(of: paths.sourceSetAside) { (line, _, _) throws(HubError) in
            try output.append(["stage": "set-aside", "target": .null, "key": line["key"] ?? .null, "origin": line["origin"] ?? .null, "reasons": line["reasons"] ?? .array([])])
        }
        for (target, outcome) in outcomes {
            let targetPaths = paths.target(target.name)
            try forEachLine(of: targetPaths.setAside) { (line, _, _) throws(HubError) in
                try output.append(["stage": "set-aside", "target": .string(target.name), "key": line["key"] ?? .null, "origin": line["origin"] ?? .null, "reasons": line["reasons"] ?? .array([])])
            }
            for (key, entry) in outcome.rejected.sorted(by: { keyPrecedes($0.key, $1.key) }) {
                try output.append(["stage": "rejected", "target": .string(target.name), "key": .string(key), "origin": .null, "reasons": entry.reasons])
            }
            for entry in outcome.notSent {
                try output.append(["stage": "not-sent", "target": .string(target.name), "key": .string(entry.key), "origin": .null, "reasons": entry.reasons])
            }
        }
        try output.sync()
        let final = paths.root + "/rejects.jsonl"
        guard rename(temporary, final) == 0 else { throw HubError.disk("cannot replace \(final)", errno) }
    }

    /// The entries of a job's last completed run (empty when it has none).
    public static func read(stateDirectory: String, job: String, test: Bool) throws -> [Value] {
        var entries: [Value] = []
        try forEachLine(of: path(stateDirectory: stateDirectory, job: job, test: test)) { (value, _, _) throws(HubError) in
            entries.append(value)
        }
        return entries
    }
}
