import Foundation
import HuitongCore

/// The records of a job's last completed run that did not reach a platform, with their
/// reasons: set aside at the source or for a target, refused by a platform, or not sent.
///
/// One JSON object per line, the ledger's rejected-record shape (``RejectedRecord``: `key`,
/// `location`, `stage`, `reasons` with field, rule, message and value) plus `target` (null for
/// the source): `stage` is `set-aside`, `rejected` or `not-sent`.
package enum RejectsFile {
    static func path(stateDirectory: String, job: String, test: Bool) -> String {
        JobPaths(stateDirectory: stateDirectory, job: job, test: test).root + "/rejects.jsonl"
    }

    static func line(target: String?, key: String, location: String?, stage: String, reasons: [RecordReason]) -> Value {
        [
            "target": target.map(Value.string) ?? .null, "key": .string(key), "location": location.map(Value.string) ?? .null,
            "stage": .string(stage), "reasons": .array(reasons.map(\.jsonValue)),
        ]
    }

    /// Writes the list for a finished run (replacing the previous run's).
    static func write(job: JobConfiguration, paths: JobPaths, outcomes: [(TargetConfiguration, JournalOutcome)]) throws(HubError) {
        let temporary = paths.root + "/rejects.jsonl.new"
        let output = try JSONLinesAppender(path: temporary, truncate: true)
        try forEachWorkingLine(of: paths.sourceSetAside, SetAsideLine.init(decoding:)) { (line) throws(HubError) in
            try output.append(Self.line(target: nil, key: line.key ?? "", location: line.location, stage: "set-aside", reasons: line.reasons))
        }
        for (target, outcome) in outcomes {
            let targetPaths = paths.target(target.name)
            try forEachWorkingLine(of: targetPaths.setAside, SetAsideLine.init(decoding:)) { (line) throws(HubError) in
                try output.append(Self.line(target: target.name, key: line.key ?? "", location: line.location, stage: "set-aside", reasons: line.reasons))
            }
            for (key, entry) in outcome.rejected.sorted(by: { keyPrecedes($0.key, $1.key) }) {
                try output.append(Self.line(target: target.name, key: key, location: nil, stage: "rejected", reasons: entry.reasons))
            }
            for entry in outcome.notSent {
                try output.append(Self.line(target: target.name, key: entry.key, location: nil, stage: "not-sent", reasons: entry.reasons))
            }
        }
        try output.sync()
        let final = paths.root + "/rejects.jsonl"
        guard rename(temporary, final) == 0 else { throw HubError.disk("cannot replace \(final)", errno) }
    }

    /// The entries of a job's last completed run (empty when it has none).
    package static func read(stateDirectory: String, job: String, test: Bool) throws -> [Value] {
        var entries: [Value] = []
        try forEachLine(of: path(stateDirectory: stateDirectory, job: job, test: test)) { (value, _, _) throws(HubError) in
            entries.append(value)
        }
        return entries
    }
}
