import HuitongCore

/// Runs the configuration's scheduled jobs, each when it is due, one at a time, until told to
/// stop. A job whose run fails is reported and tried again at its next time; a job still
/// running when it falls due again is simply run once when the current run ends.
package struct Scheduler: Sendable {
    package let runner: JobRunner
    let clock: any WallClock
    let sleep: @Sendable (Double) async -> Void

    package init(
        runner: JobRunner, clock: any WallClock = SystemWallClock(),
        sleep: @escaping @Sendable (Double) async -> Void = { seconds in try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9)) }
    ) {
        self.runner = runner
        self.clock = clock
        self.sleep = sleep
    }

    /// What happened to one scheduled run.
    package enum Event: Sendable {
        case started(job: String, due: Timestamp)
        case finished(JobRunReport)
        case failed(job: String, error: String)
    }

    /// Runs due jobs until `shouldStop` says so (checked at least once a second) or `maxRuns`
    /// runs have happened. `every` jobs are due at once when the scheduler starts, `daily`
    /// jobs at their next time.
    /// `options` are every run's (a `StopRequest` in them stops the run in progress too).
    package func run(
        maxRuns: Int? = nil, options: JobRunner.Options = JobRunner.Options(), shouldStop: @Sendable () -> Bool,
        events: @Sendable (Event) -> Void
    ) async {
        let jobs = runner.configuration.jobs.compactMap { job in job.schedule.map { (job, $0) } }
        guard !jobs.isEmpty else { return }
        let start = clock.now()
        var due: [String: Timestamp] = [:]
        for (job, schedule) in jobs {
            if case .every = schedule { due[job.name] = start } else { due[job.name] = schedule.next(after: start) }
        }
        var runs = 0
        while !shouldStop() {
            if let maxRuns, runs >= maxRuns { return }
            let now = clock.now()
            guard let (job, schedule) = jobs.min(by: { due[$0.0.name]! < due[$1.0.name]! }) else { return }
            let when = due[job.name]!
            if when > now {
                await sleep(min(1, Double(when.millisecondsSinceEpoch - now.millisecondsSinceEpoch) / 1000))
                continue
            }
            events(.started(job: job.name, due: when))
            let started = clock.now()
            do {
                events(.finished(try await runner.run(job, options: options)))
            } catch let error as any OperatorFacingError {
                events(.failed(job: job.name, error: error.description))
            } catch {
                events(.failed(job: job.name, error: "\(error)"))
            }
            runs += 1
            // The next time after this start; a run longer than the interval does not pile up.
            var next = schedule.next(after: started)
            while next <= clock.now() { next = schedule.next(after: next) }
            due[job.name] = next
        }
    }
}
