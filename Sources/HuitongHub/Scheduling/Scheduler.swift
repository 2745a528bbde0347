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
    /// runs have happened. `every` jobs are due at once when the scheduler starts, calendar
    /// jobs (`daily`, cron fields, macros) at their next time; see ``JobSchedule``.
    /// `options` are every run's (a `StopRequest` in them stops the run in progress too).
    package func run(
        maxRuns: Int? = nil, options: JobRunner.Options = JobRunner.Options(), shouldStop: @Sendable () -> Bool,
        events: @Sendable (Event) -> Void
    ) async {
        let jobs = runner.configuration.jobs.compactMap { job in job.schedule.map { (job, $0) } }
        guard !jobs.isEmpty else { return }
        let start = clock.now()
        // A job with no time left (a calendar schedule past its search horizon) is never due.
        var due: [String: Timestamp] = [:]
        for (job, schedule) in jobs {
            due[job.name] = schedule.firstDue(schedulerStart: start)
        }
        var runs = 0
        while !shouldStop() {
            if let maxRuns, runs >= maxRuns { return }
            let now = clock.now()
            let pending = jobs.compactMap { job, schedule in due[job.name].map { (job, schedule, $0) } }
            guard let (job, schedule, when) = pending.min(by: { $0.2 < $1.2 }) else { return }
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
            // The next time after this start still to come; a run longer than the interval does not pile up.
            due[job.name] = schedule.nextDue(afterStart: started, now: clock.now())
        }
    }
}
