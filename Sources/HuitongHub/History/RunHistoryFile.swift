import Foundation
import HuitongCore

/// Appends to a job's history file and keeps it bounded. Only a run holding the job's lock
/// writes it, so lines are never interleaved; readers take no lock: an append is one synced
/// write, and a compaction replaces the file whole (written beside it, renamed over it).
enum RunHistoryFile {
    /// Above this size the file is compacted before the next run's first line (a run is a
    /// little under a kilobyte a target, so this holds about a thousand runs).
    static let limit = 1 << 20

    /// Appends `line` and syncs it: once this returns, a crash keeps it.
    static func append(_ line: HistoryLine, to path: String) throws(HubError) {
        let appender = try JSONLinesAppender(path: path)
        try appender.append(line: try line.encoded())
        try appender.sync()
    }

    /// Readies the file for a new run: cuts off a torn last line (a crash during an append)
    /// and, above `limit` bytes, compacts it. Returns a note when a torn line was cut off.
    static func prepare(_ path: String, job: String, test: Bool, limit: Int = limit) throws(HubError) -> String? {
        let healed = try AppendOnlyFile.heal(path)
        try compact(path, job: job, test: test, limit: limit)
        return healed.map { "\((path as NSString).lastPathComponent): cut off an incomplete last line (line \($0.line)) left by a crash" }
    }

    /// Above `limit` bytes, keeps the newest runs that fit in half of it and folds the others
    /// into the `carried` line at the top, so the totals (and the metrics built from them)
    /// never go down. Only the lock holder calls this, so every run in the file has ended.
    static func compact(_ path: String, job: String, test: Bool, limit: Int = limit) throws(HubError) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int, size > limit,
              let bytes = DurableFiles.read(path) else { return }
        let history = JobHistory.parse(bytes, path: path, job: job, test: test)
        var kept: [[UInt8]] = []
        var keptBytes = 0
        var cut = history.runs.count
        for run in history.runs.reversed() {
            var lines: [[UInt8]] = [try HistoryLine.started(run).encoded()]
            if run.finish != nil { lines.append(try HistoryLine.finished(run).encoded()) }
            let length = lines.reduce(0) { $0 + $1.count }
            guard keptBytes + length <= limit / 2 || kept.isEmpty else { break }
            kept.insert(contentsOf: lines, at: 0)
            keptBytes += length
            cut -= 1
        }
        var carried = history.carried ?? HistoryTotals()
        for (run, outcome) in history.outcomes.prefix(cut) { carried.add(run, outcome: outcome) }
        let through = history.runs.prefix(cut).last?.started ?? history.carriedThrough ?? Timestamp(millisecondsSinceEpoch: 0)
        let top = try HistoryLine.carried(CarriedTotals(job: job, test: test, through: through, totals: carried)).encoded()
        try DurableFiles.replace(path, with: top + kept.joined())
    }
}
