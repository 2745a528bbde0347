import Foundation
import HuitongCore
import HuitongHub
import HuitongPlatforms

/// `huitong status [JOB…]`: each job's last run, last success, next run and freshness.
struct StatusCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "status",
            summary: "Show each job's last run and result, last success, next run, and whether its data is fresh.",
            discussion: """
            For each JOB (default: every job of the configuration), from its run history: the last run (when it
            started, how it ended: succeeded, finished-with-findings, incomplete, interrupted, failed, or running while
            the job's lock is held), the last success (a run that succeeded or finished with findings), the next
            run its schedule: gives it (after its last start; "overdue" when that time has passed), and its freshness:
            a job with freshness: {warn: 2h, error: 1d} whose last success is older than that — or that never
            succeeded — is flagged warn or error. --metrics prints the metrics of every job instead, in the
            Prometheus text format (version 0.0.4). Sends nothing, so it needs no credentials.
            Exit 0: every job is fresh (or has no freshness:); 1: a job is at warn or error; 2: unknown job;
            3: configuration problem; 4: a history that cannot be read. With --metrics: 0 unless 3 or 4.
            """,
            options: [
                .config,
                OptionSpec(name: "test", help: "the joint-test runs"),
                OptionSpec(name: "metrics", help: "print the metrics in the Prometheus text format instead"),
                OptionSpec(name: "json", help: "print one JSON object for scripts"),
            ],
            arguments: [ArgumentSpec(name: "JOB", arity: .variadic, help: "job names from the configuration")],
            examples: [
                ("huitong status", "every job"),
                ("huitong status --json", "machine-readable; exit 1 when a job is stale"),
                ("huitong status --metrics > /var/lib/node_exporter/huitong.prom", "for a textfile collector"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        guard let (jobs, histories) = try HistoryCommand.histories(arguments, command: "status", console: console) else { return .usage }
        let test = arguments.flag("test")
        if arguments.flag("metrics") {
            console.writeOutput(MetricsSnapshot.from(histories: histories).text)
            return .success
        }
        let now = SystemWallClock().now()
        let statuses = zip(jobs, histories).map { JobStatus(job: $0, history: $1, now: now) }
        let stale = statuses.filter(\.isStale)
        if arguments.flag("json") {
            console.line(try JSONWriter().string(for: [
                "test": .bool(test), "now": .string(now.formatted(.rfc3339Milliseconds, in: .beijing)),
                "jobs": .array(statuses.map(\.json)), "stale": .array(stale.map { .string($0.job) }),
            ]))
        } else {
            for status in statuses { Self.print(status, console: console) }
            console.line(stale.isEmpty
                ? "\(statuses.count) job(s); none stale"
                : "\(statuses.count) job(s); stale: " + stale.map { "\($0.job) (\($0.level!.rawValue))" }.joined(separator: ", "))
        }
        for status in statuses {
            for problem in status.problems { console.diagnostic("huitong status: \(status.job): \(problem)") }
        }
        return stale.isEmpty ? .success : .finishedWithFindings
    }

    private static func print(_ status: JobStatus, console: Console) {
        func time(_ instant: Timestamp?) -> String { instant?.formatted(.dateTime) ?? "never" }
        console.line(status.job + (status.lastRun.map { "  \($0.outcome.rawValue)" } ?? "  never run"))
        if let (run, outcome) = status.lastRun {
            let seconds = run.finish.map { "  \(String(format: "%.1f", Double($0.milliseconds) / 1000)) s" } ?? ""
            console.line("  last run      \(time(run.started))\(seconds)  \(outcome.rawValue)")
            if let error = run.finish?.error { console.line("                \(error.prefix { $0 != "\n" })") }
        }
        console.line("  last success  \(time(status.lastSuccess))")
        if let schedule = status.schedule {
            console.line("  next run      \(time(status.nextRun))  (\(schedule))\(status.overdue ? "  overdue" : "")")
        }
        if let freshness = status.freshness, let level = status.level {
            let bounds = [freshness.warnSeconds.map { "warn after \(DurationText.text(seconds: $0))" }, freshness.errorSeconds.map { "error after \(DurationText.text(seconds: $0))" }]
                .compactMap { $0 }.joined(separator: ", ")
            let age = status.ageSeconds.map { "last success \(DurationText.approximate(seconds: $0)) ago" } ?? "never succeeded"
            console.line("  freshness     \(level.rawValue): \(age) (\(bounds))")
        }
        console.line()
    }
}
