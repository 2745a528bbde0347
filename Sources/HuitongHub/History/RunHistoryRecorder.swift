import Foundation
import HuitongCore

/// Records one run in its job's history: a `started` line when the run has the job's lock, a
/// `finished` line when it ends, however it ends short of a kill. A run killed with kill -9
/// leaves its started line alone, and the history shows it interrupted.
struct RunHistoryRecorder: Sendable {
    let path: String
    let run: HistoryRun
    /// When the run started, on the monotonic clock: its duration does not follow the wall clock.
    let monotonicStart: ContinuousClock.Instant
    /// What readying the file repaired (a torn line cut off), for the run's report.
    let note: String?

    /// Readies the file and appends the run's started line, durably. Call it holding the lock.
    static func start(at path: String, job: String, test: Bool, clock: any WallClock) throws(HubError) -> RunHistoryRecorder {
        let note = try RunHistoryFile.prepare(path, job: job, test: test)
        let now = clock.now()
        let run = HistoryRun(id: JobRunner.makeRunID(now), job: job, test: test, started: now, pid: Int(getpid()), finish: nil)
        try RunHistoryFile.append(.started(run), to: path)
        return RunHistoryRecorder(path: path, run: run, monotonicStart: .now, note: note)
    }

    /// Appends the finished line of a run that returned its report. The run's work is done and
    /// committed, so a history that cannot be written is a note on the report, not a failure.
    func finish(_ report: inout JobRunReport, clock: any WallClock) {
        if let note { report.notes.append(note) }
        guard let outcome = RunOutcome(report) else { return }
        do {
            try append(RunFinish(report, outcome: outcome, finished: clock.now(), milliseconds: elapsedMilliseconds))
        } catch {
            report.notes.append("the run is not in its history: \(error.description)")
        }
    }

    /// Appends the finished line of a run that failed with `error` (the run's own error is
    /// what the caller reports, so a history that cannot be written is left at that).
    func finish(failure error: any Error, stoppedBy: String?, clock: any WallClock) {
        let text = (error as? any OperatorFacingError)?.description ?? "\(error)"
        let stopped = (error as? HubError)?.code == .stoppedWhileReading
        try? append(RunFinish(
            run: nil, resumed: false, finished: clock.now(), milliseconds: elapsedMilliseconds, outcome: stopped ? .interrupted : .failed,
            read: 0, normalised: 0, setAside: 0, stoppedBy: stopped ? stoppedBy : nil, error: RunFinish.bounded(text), targets: []
        ))
    }

    private var elapsedMilliseconds: Int64 {
        Int64((ContinuousClock.now - monotonicStart) / .milliseconds(1))
    }

    private func append(_ finish: RunFinish) throws(HubError) {
        var finished = run
        finished.finish = finish
        try RunHistoryFile.append(.finished(finished), to: path)
    }
}
