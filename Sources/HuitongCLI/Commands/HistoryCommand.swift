import Foundation
import HuitongCore
import HuitongHub
import HuitongPlatforms

/// `huitong history [JOB] [--since TIME]`: every run of the jobs, how it ended, its counts.
struct HistoryCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "history",
            summary: "List every run of the jobs (failed and interrupted ones too) with its outcome and counts.",
            discussion: """
            Every run of JOB (default: every job of the configuration), from the run history each run keeps in the
            state directory (state/<job>/history.jsonl), newest last, one line each: when it started (Beijing time),
            the job, the outcome — succeeded, finished-with-findings, incomplete (batches without a final answer),
            interrupted (stopped by a signal, or killed: a run that left no end at all), failed (with its error),
            or running — its duration, and its counts over all targets; then a short summary. The ledger holds only
            the exchanges that were written; this holds every run. A line of the history that cannot be read is
            reported on standard error and skipped. Sends nothing, so it needs no credentials.
            --since takes an RFC 3339 time, a Beijing date or date and time (2026-12-01, "2026-12-01 08:00:00"),
            or an age (90m, 24h, 7d). Exit 0; 2 for an unknown job or --since value; 3 for a configuration problem.
            """,
            options: [
                .config,
                OptionSpec(name: "since", kind: .value(placeholder: "TIME"), help: "only runs started at or after TIME (a time, a date, or an age: 24h, 7d)"),
                OptionSpec(name: "test", help: "the joint-test runs"),
                OptionSpec(name: "json", help: "print one JSON object for scripts"),
            ],
            arguments: [ArgumentSpec(name: "JOB", arity: .optional, help: "a job name from the configuration")],
            examples: [
                ("huitong history", "every run of every job"),
                ("huitong history shelters --since 24h", "one job's runs of the last day"),
                ("huitong history --test --json", "the joint-test runs, machine-readable"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let since = try arguments.value("since").map { text throws(UsageError) in try Self.instant(text, now: SystemWallClock().now()) }
        guard let (_, histories) = try Self.histories(arguments, command: "history", console: console) else { return .usage }
        let problems = histories.flatMap { history in history.problems.map { "\(history.job): \($0)" } }
        let runs = histories.flatMap { history in since.map(history.since) ?? history.outcomes }
            .sorted { $0.run.started < $1.run.started }
        var outcomes: [RunOutcome: Int] = [:]
        for run in runs { outcomes[run.outcome, default: 0] += 1 }
        let lastSuccess = runs.last { $0.outcome.isSuccess }

        if arguments.flag("json") {
            let summary: OrderedObject = [
                "runs": .integer(Int64(runs.count)),
                "outcomes": .object(OrderedObject(uniqueKeysWithValues: RunOutcome.allCases.compactMap { outcome in
                    outcomes[outcome].map { (outcome.rawValue, .integer(Int64($0))) }
                })),
                "lastSuccess": lastSuccess.flatMap { $0.run.finish }.map { .string($0.finished.formatted(.rfc3339Milliseconds, in: .beijing)) } ?? .null,
            ]
            console.line(try JSONWriter().string(for: [
                "test": .bool(arguments.flag("test")), "runs": .array(runs.map { $0.run.reportJSON(outcome: $0.outcome) }),
                "summary": .object(summary), "problems": .array(problems.map(Value.string)),
            ]))
        } else {
            for (run, outcome) in runs { console.line(Self.line(run, outcome: outcome)) }
            let counted = RunOutcome.allCases.compactMap { outcome in outcomes[outcome].map { "\($0) \(outcome.rawValue)" } }
            let span = since.map { " since \($0.formatted(.dateTime))" } ?? ""
            var summary = "\(runs.count) run(s)\(span)\(counted.isEmpty ? "" : ": " + counted.joined(separator: ", "))"
            if let lastSuccess, let finish = lastSuccess.run.finish {
                summary += "; last success \(finish.finished.formatted(.dateTime)) (\(lastSuccess.run.job))"
            } else if !runs.isEmpty {
                summary += "; no success"
            }
            if !runs.isEmpty { console.line() }
            console.line(summary)
        }
        for problem in problems { console.diagnostic("huitong history: \(problem)") }
        return .success
    }

    /// The named jobs (default: all) of the configuration and their histories (`--test`: of the
    /// joint-test runs); nil, after saying why, for an unknown job. Reads no credential.
    static func histories(
        _ arguments: ParsedArguments, command: String, console: Console
    ) throws -> (jobs: [JobConfiguration], histories: [JobHistory])? {
        let configuration = try HubConfiguration.load(path: arguments.configurationPath, credentials: .skip)
        guard let jobs = ConfiguredNames.select(
            arguments.allPositionals("JOB"), from: configuration.jobs, name: \.name, kind: "job",
            command: command, file: configuration.file, console: console
        ) else { return nil }
        return (jobs, try JobHistory.read(jobs, stateDirectory: configuration.stateDirectory, test: arguments.flag("test")))
    }

    /// One run on one line: start, job, outcome, duration, counts over its targets, run id, error.
    static func line(_ run: HistoryRun, outcome: RunOutcome) -> String {
        var text = "\(run.started.formatted(.dateTime))  \(run.job)  \(outcome.rawValue)\(run.test ? "  [joint test]" : "")"
        guard let finish = run.finish else { return text }
        text += "  \(String(format: "%.1f", Double(finish.milliseconds) / 1000)) s"
        var total = TargetRunCounts(target: "", platform: "", dataset: "")
        for target in finish.targets { total.add(target) }
        text += "  read \(finish.read) · set aside \(finish.setAside + total.setAside) · sent \(total.sent) · accepted \(total.accepted) · rejected \(total.rejected)"
        if total.notSent > 0 { text += " · not sent \(total.notSent)" }
        if total.unconfirmed > 0 { text += " · unconfirmed \(total.unconfirmed)" }
        if total.retries > 0 { text += " · retries \(total.retries)" }
        if total.waitedSeconds > 0 { text += " · waited \(String(format: "%.1f", total.waitedSeconds)) s" }
        if let id = finish.run { text += "  run \(id)\(finish.resumed ? " (resumed)" : "")" }
        if let stoppedBy = finish.stoppedBy { text += "  stopped by \(stoppedBy)" }
        if let error = finish.error { text += "  — \(error.prefix { $0 != "\n" })" }
        return text
    }

    /// `--since`: an RFC 3339 time, a Beijing date or date and time, or an age before `now`.
    static func instant(_ text: String, now: Timestamp) throws(UsageError) -> Timestamp {
        if let seconds = DurationText.seconds(text) { return now.adding(milliseconds: -seconds * 1000) }
        for format in [TimestampFormat.rfc3339, .dateTime, .date] {
            if let instant = try? Timestamp(parsing: text, as: format, in: .beijing) { return instant }
        }
        throw UsageError(
            command: "history", message: "--since takes a time, a date or an age, not \"\(text)\"",
            hint: "Write 2026-12-01T08:00:00+08:00, 2026-12-01, \"2026-12-01 08:00:00\" (Beijing time), or an age: 90m, 24h, 7d."
        )
    }
}
