import Foundation
import HuitongCore
import HuitongHub
import Synchronization

/// `huitong schedule`: runs each job of the configuration at its `schedule:`, until stopped.
struct ScheduleCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "schedule",
            summary: "Run every scheduled job when it is due (every 15m, daily 02:00, cron fields), until stopped with SIGINT or SIGTERM; --next lists the times.",
            discussion: """
            Runs in the foreground (under systemd, a container or a terminal). Jobs with `every`/`@every`
            schedules run at once and then at that interval from their last start; `daily HH:MM`, cron-field
            (`0 2 * * MON-FRI`) and macro (`@hourly`, `@daily`, …) jobs at their next wall time in the job's
            `timezone:` (default Asia/Shanghai, Beijing time); see docs/configuration.md, "Schedules".
            Jobs run one at a time, exactly as `huitong run JOB` runs them (a run interrupted by a crash is
            finished by the next one); a failing run is reported and tried again at its next time. Jobs
            without a schedule are left to `huitong run`. On SIGINT or SIGTERM the current run sends no new
            batch, waits for those in flight (at most --stop-grace seconds), and the scheduler exits: 0 when no
            run was cut short, 4 when one was (the next run finishes it). A second signal exits at once (4).
            Each finished run prints its summary (or, with --json, one JSON object per line).

            With --next N nothing runs: each scheduled job's next N times are listed, in RFC 3339 at the
            job's zone, and the command exits 0. They are counted from now, or from --from TIME: an RFC 3339
            time, or a wall time YYYY-MM-DD HH:MM read in each job's zone (a wall time the clocks repeat is
            its first occurrence; one they skip is refused). An `every` job is listed as a scheduler started
            then would run it if each run took no time: at once, then every interval. --next needs no
            credentials. With --json it prints one JSON document: {"jobs": [{"job", "schedule", "timezone",
            "from", "next": [...]}]}.
            """,
            options: [
                .config,
                OptionSpec(name: "runs", kind: .value(placeholder: "N"), help: "stop after N runs (for trials and tests)"),
                OptionSpec(name: "stop-grace", kind: .value(placeholder: "SECONDS"), help: "after SIGTERM/SIGINT, how long the batches in flight may take (default 30)"),
                OptionSpec(name: "next", kind: .value(placeholder: "N"), help: "list each job's next N times (1 to 1000) and exit; runs nothing"),
                OptionSpec(name: "from", kind: .value(placeholder: "TIME"), help: "with --next: count from TIME (RFC 3339, or YYYY-MM-DD HH:MM in each job's zone), not now"),
                OptionSpec(name: "json", help: "one JSON object per finished run, one per line; with --next, one JSON document"),
            ],
            examples: [
                ("huitong schedule", "run the jobs on their schedules until stopped"),
                ("huitong schedule --runs 3 --json", "three runs, machine-readable"),
                ("huitong schedule --next 5", "each job's next five times, without running anything"),
                ("huitong schedule --next 3 --from '2026-03-08 00:00'", "the next three from that wall time, in each job's zone"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        if arguments.value("next") != nil { return try listNext(arguments, console: console) }
        if arguments.value("from") != nil {
            throw UsageError(command: "schedule", message: "--from belongs to --next", hint: "See 'huitong schedule --help'.")
        }
        let configuration = try HubConfiguration.load(path: arguments.configurationPath)
        var maxRuns: Int?
        if let text = arguments.value("runs") {
            guard let number = Int(text), number > 0 else {
                throw UsageError(command: "schedule", message: "--runs takes a whole number above 0, not \"\(text)\"", hint: "See 'huitong schedule --help'.")
            }
            maxRuns = number
        }
        guard let scheduled = Self.scheduledJobs(of: configuration, console: console) else { return .invalidInput }
        let json = arguments.flag("json")
        if !json {
            for (job, schedule) in scheduled { console.line("\(job.name): \(Self.describe(schedule))") }
            console.line()
        }
        let signals = StopSignals(command: "huitong schedule", grace: try RunCommand.stopGrace(arguments, command: "schedule"), console: console)
        // Used below only through its request: without this, Swift may end its life early, and
        // its deinit would give SIGTERM back its default action — killing the scheduler outright.
        defer { withExtendedLifetime(signals) {} }
        let stop = signals.request
        let cutShort = Mutex(false)
        let runner = JobRunner(configuration: configuration, ledger: LedgerRecorder(directory: configuration.ledgerDirectory))
        await Scheduler(runner: runner).run(maxRuns: maxRuns, options: JobRunner.Options(stop: stop), shouldStop: { stop.isRequested }) { event in
            switch event {
            case let .started(job, _):
                if !json && console.isInteractive { console.diagnostic("  \(job): running…") }
            case let .finished(report):
                if report.stoppedBy != nil { cutShort.withLock { $0 = true } }
                if json {
                    console.line((try? JSONWriter().string(for: report.json)) ?? "{}")
                } else {
                    RunSummary.print(report, console: console)
                }
            case let .failed(job, error):
                if stop.isRequested { cutShort.withLock { $0 = true } }
                if json {
                    console.line((try? JSONWriter().string(for: .object(["job": .string(job), "status": "failed", "error": .string(error)]))) ?? "{}")
                } else {
                    console.line("\(job)  FAILED (tried again at its next time)\n  \(error)\n")
                }
            }
        }
        if let reason = stop.reason {
            let interrupted = cutShort.withLock { $0 }
            console.diagnostic("huitong schedule: stopped by \(reason)\(interrupted ? "; a run was cut short: the next run finishes it" : "")")
            return interrupted ? .runtimeFailure : .success
        }
        return .success
    }

    /// The jobs that have a schedule, or `nil` (reported) when none has.
    static func scheduledJobs(of configuration: HubConfiguration, console: Console) -> [(JobConfiguration, JobSchedule)]? {
        let scheduled = configuration.jobs.compactMap { job in job.schedule.map { (job, $0) } }
        guard !scheduled.isEmpty else {
            console.diagnostic("huitong schedule: no job in \(configuration.file) has a schedule; add schedule: every 15m, daily 02:00 or cron fields such as 0 2 * * MON-FRI to a job")
            return nil
        }
        return scheduled
    }

    /// `daily 02:00`, with the zone when it is not Beijing time: `0 9 * * MON-FRI (America/New_York)`.
    static func describe(_ schedule: JobSchedule) -> String {
        let zone = schedule.timeZone.identifier
        return schedule.countsFromLastStart || zone == JobSchedule.defaultTimeZone.identifier ? "\(schedule)" : "\(schedule) (\(zone))"
    }
}
