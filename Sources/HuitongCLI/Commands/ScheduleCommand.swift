import Foundation
import HuitongCore
import HuitongHub
import Synchronization

/// `huitong schedule`: runs each job of the configuration at its `schedule:`, until stopped.
struct ScheduleCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "schedule",
            summary: "Run every scheduled job when it is due (every 15m, daily 02:00), until stopped with SIGINT or SIGTERM.",
            discussion: """
            Runs in the foreground (under systemd, a container or a terminal). Jobs with `every` schedules run
            at once and then at that interval from their last start; `daily HH:MM` jobs at that Beijing time.
            Jobs run one at a time, exactly as `huitong run JOB` runs them (a run interrupted by a crash is
            finished by the next one); a failing run is reported and tried again at its next time. Jobs
            without a schedule are left to `huitong run`. On SIGINT or SIGTERM the current run sends no new
            batch, waits for those in flight (at most --stop-grace seconds), and the scheduler exits: 0 when no
            run was cut short, 4 when one was (the next run finishes it). A second signal exits at once (4).
            Each finished run prints its summary (or, with --json, one JSON object per line).
            """,
            options: [
                .config,
                OptionSpec(name: "runs", kind: .value(placeholder: "N"), help: "stop after N runs (for trials and tests)"),
                OptionSpec(name: "stop-grace", kind: .value(placeholder: "SECONDS"), help: "after SIGTERM/SIGINT, how long the batches in flight may take (default 30)"),
                OptionSpec(name: "json", help: "one JSON object per finished run, one per line"),
            ],
            examples: [
                ("huitong schedule", "run the jobs on their schedules until stopped"),
                ("huitong schedule --runs 3 --json", "three runs, machine-readable"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let configuration = try HubConfiguration.load(path: arguments.configurationPath)
        var maxRuns: Int?
        if let text = arguments.value("runs") {
            guard let number = Int(text), number > 0 else {
                throw UsageError(command: "schedule", message: "--runs takes a whole number above 0, not \"\(text)\"", hint: "See 'huitong schedule --help'.")
            }
            maxRuns = number
        }
        let scheduled = configuration.jobs.filter { $0.schedule != nil }
        guard !scheduled.isEmpty else {
            console.diagnostic("huitong schedule: no job in \(configuration.file) has a schedule; add schedule: every 15m or daily 02:00 to a job")
            return .invalidInput
        }
        let json = arguments.flag("json")
        if !json {
            for job in scheduled { console.line("\(job.name): \(job.schedule!)") }
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
}
