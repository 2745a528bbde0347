import Foundation
import HuitongCore

/// A job's run history as its file holds it (production or joint-test runs): the totals
/// carried from runs it dropped, every run since, oldest first, and what was wrong with the
/// file. A torn or damaged line is skipped and reported here, never fatal: the history is
/// read on every `huitong status`.
package struct JobHistory: Sendable {
    package let job: String
    package let test: Bool
    /// The totals of the runs the history dropped to stay bounded, and up to when.
    package var carried: HistoryTotals?
    package var carriedThrough: Timestamp?
    package var runs: [HistoryRun] = []
    /// Lines skipped, each said with its file and line number.
    package var problems: [String] = []
    /// Whether the job's lock (of this mode) was held when the history was read: a run is
    /// going on, so a last run without its finished line is running, not interrupted.
    package var lockHeld = false

    package init(job: String, test: Bool) {
        self.job = job
        self.test = test
    }

    /// The history of `job` under `stateDirectory` (its joint-test runs' with `test`); empty
    /// when the job never ran. Throws only when the file is there but cannot be read.
    package static func read(stateDirectory: String, job: String, test: Bool) throws(HubError) -> JobHistory {
        let paths = JobPaths(stateDirectory: stateDirectory, job: job, test: test)
        var history = JobHistory(job: job, test: test)
        if FileManager.default.fileExists(atPath: paths.history) {
            guard let bytes = DurableFiles.read(paths.history) else { throw HubError.disk("cannot read the run history \(paths.history)", EACCES) }
            history = parse(bytes, path: paths.history, job: job, test: test)
        }
        history.lockHeld = JobLock.isHeld(at: paths.lock)
        return history
    }

    /// The histories of `jobs`, in order.
    package static func read(_ jobs: [JobConfiguration], stateDirectory: String, test: Bool) throws(HubError) -> [JobHistory] {
        var histories: [JobHistory] = []
        for job in jobs { histories.append(try read(stateDirectory: stateDirectory, job: job.name, test: test)) }
        return histories
    }

    /// Every run with how it ended: a run without its finished line is `running` when it is
    /// the last and the lock is held, else `interrupted` (killed, or its machine went down).
    package var outcomes: [(run: HistoryRun, outcome: RunOutcome)] {
        runs.indices.map { index in (runs[index], outcome(at: index)) }
    }

    func outcome(at index: Int) -> RunOutcome {
        if let finish = runs[index].finish { return finish.outcome }
        return index == runs.count - 1 && lockHeld ? .running : .interrupted
    }

    /// Everything the history counted: the carried totals and every run since.
    package var totals: HistoryTotals {
        var totals = carried ?? HistoryTotals()
        for (run, outcome) in outcomes { totals.add(run, outcome: outcome) }
        return totals
    }

    /// The runs that started at or after `instant`.
    package func since(_ instant: Timestamp) -> [(run: HistoryRun, outcome: RunOutcome)] {
        outcomes.filter { $0.run.started >= instant }
    }

    /// Reads the history's bytes: lines in order; a last line without its line feed (an
    /// append cut short by a crash), or a last line that does not decode (zeros a crash left),
    /// is torn and ignored; any other line that does not decode is damaged and skipped.
    static func parse(_ bytes: [UInt8], path: String, job: String, test: Bool) -> JobHistory {
        var history = JobHistory(job: job, test: test)
        let name = (path as NSString).lastPathComponent
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if let last = lines.last, last.isEmpty { lines.removeLast() }
        let tornTail = bytes.last != UInt8(ascii: "\n") && !bytes.isEmpty
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if index == lines.count - 1, tornTail {
                history.problems.append("\(name):\(number): an incomplete last line (\(line.count) bytes), left by a write cut short (a crash); ignored, and cut off by the job's next run")
                break
            }
            let decoded: HistoryLine
            do {
                decoded = try HistoryLine(decoding: try JSONReader().value(from: Array(line)))
            } catch {
                if index == lines.count - 1 {
                    history.problems.append("\(name):\(number): the last line does not read (\(error)), left by a write cut short (a crash); ignored, and cut off by the job's next run")
                } else {
                    history.problems.append("\(name):\(number): a damaged line, skipped (\(error))")
                }
                continue
            }
            history.take(decoded, at: "\(name):\(number)", first: index == 0)
        }
        return history
    }

    private mutating func take(_ line: HistoryLine, at place: String, first: Bool) {
        switch line {
        case let .started(run):
            guard run.job == job, run.test == test else { return problems.append("\(place): a run of \(run.job)\(run.test ? " (joint test)" : ""), not of this history; skipped") }
            runs.append(run)
        case let .finished(run):
            guard run.job == job, run.test == test else { return problems.append("\(place): a run of \(run.job)\(run.test ? " (joint test)" : ""), not of this history; skipped") }
            if let index = runs.lastIndex(where: { $0.id == run.id }), runs[index].finish == nil {
                runs[index].finish = run.finish
            } else {
                runs.append(run)
            }
        case let .carried(carried):
            guard first else { return problems.append("\(place): carried totals after the first line; skipped") }
            self.carried = carried.totals
            carriedThrough = carried.through
        }
    }
}
