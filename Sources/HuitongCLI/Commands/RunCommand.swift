import Foundation
import HuitongCore
import HuitongHub
import Synchronization

/// `huitong run [JOB…]`: the jobs of the configuration, end to end.
struct RunCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "run",
            summary: "Run jobs: read each source, normalise, send what changed to each platform, record the exchange.",
            discussion: """
            For each JOB (default: every job of the configuration, in order): reads the source, maps it into
            the shared schema and for each target, stages everything on disk, compares it with what the
            platform last accepted, and sends new and changed records as upserts and records gone from the
            source as deletes (append targets send each new record once). Every record's fate is recorded
            (accepted, rejected by the platform, set aside, not sent) and a ledger entry written.
            A run interrupted at any point (even kill -9) is finished by the next run, which resends exactly
            the batches without an answer under the same idempotency keys. Two runs of one job never overlap.
            A run that would delete more than a target's delete policy allows (max_delete_share of what the
            platform holds, default 20%, beyond delete_floor, default 10 but at most half of what it holds;
            max_delete_count), or that would
            delete everything because the read makes no record, stops before sending anything; name the job
            with --allow-deletes to let it through (the ledger records that you did).
            SIGTERM or SIGINT stops a run cleanly: no new batch is sent, the batches in flight are answered and
            journaled (for at most --stop-grace seconds), the lock is released, what is left is printed and the
            command exits 4; the next run finishes the job. A second signal stops at once, also with exit 4.
            Exit 0: done; 1: done, with records set aside or rejected; 4: some batches have no final answer
            yet, or the run was stopped (run again to finish); 3: configuration problem, or deletes refused.
            """,
            options: [
                .config,
                OptionSpec(name: "test", help: "a joint-test run (联调联测): test mode at the platforms, separate state"),
                OptionSpec(name: "dry-run", help: "read and normalise, show what would be sent; send and write nothing"),
                OptionSpec(name: "allow-deletes", help: "let the named jobs send more deletes than their delete policy allows"),
                OptionSpec(name: "stop-grace", kind: .value(placeholder: "SECONDS"), help: "after SIGTERM/SIGINT, how long the batches in flight may take (default 30)"),
                OptionSpec(name: "json", help: "print one JSON object for scripts"),
            ],
            arguments: [ArgumentSpec(name: "JOB", arity: .variadic, help: "job names from the configuration")],
            examples: [
                ("huitong run", "every job"),
                ("huitong run shelters sensors", "two jobs"),
                ("huitong run --dry-run shelters", "what would be sent"),
                ("huitong run --allow-deletes shelters", "the register really shrank: send its deletes"),
                ("huitong run --test --json", "a joint-test run, machine-readable"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let configuration = try HubConfiguration.load(path: arguments.configurationPath)
        guard let jobs = ConfiguredNames.select(
            arguments.allPositionals("JOB"), from: configuration.jobs, name: \.name, kind: "job",
            command: "run", file: configuration.file, console: console
        ) else { return .usage }
        let allowDeletes = arguments.flag("allow-deletes")
        if allowDeletes, arguments.allPositionals("JOB").isEmpty {
            throw UsageError(
                command: "run", message: "--allow-deletes needs the jobs it is for",
                hint: "Name them: huitong run --allow-deletes shelters. It is never given to every job at once."
            )
        }
        let grace = try Self.stopGrace(arguments, command: "run")
        let signals = StopSignals(command: "huitong run", grace: grace, console: console)
        // Kept alive to the end: its deinit gives SIGINT and SIGTERM back their default action.
        defer { withExtendedLifetime(signals) {} }
        let options = JobRunner.Options(
            test: arguments.flag("test"), dryRun: arguments.flag("dry-run"), allowDeletes: allowDeletes, stop: signals.request
        )
        let runner = JobRunner(configuration: configuration, ledger: LedgerRecorder(directory: configuration.ledgerDirectory))
        let json = arguments.flag("json")
        let interactive = console.isInteractive && !json
        var reports: [Value] = []
        var status = ExitStatus.success
        var notStarted: [String] = []
        // A joint test checks each platform first, and ends with its report.
        var reporting = options.test && !options.dryRun ? await JointTestReporting.begin(configuration: configuration, jobs: jobs, runner: runner) : nil
        for job in jobs {
            if signals.request.isRequested {
                notStarted.append(job.name)
                continue
            }
            let display = interactive ? ProgressDisplay(job: job.name, write: console.writeError) : nil
            // The progress line ends before anything else is printed, a failure included.
            defer { display?.finish() }
            do {
                var progress: (@Sendable (RunProgress) -> Void)?
                if let display { progress = { step in display.show(step) } }
                let report = try await runner.run(job, options: options, progress: progress)
                display?.finish()
                reporting?.add(report)
                status = Self.worse(status, report.exitStatus)
                reports.append(report.json)
                if !json { RunSummary.print(report, console: console) }
            } catch let error as any OperatorFacingError {
                display?.finish()
                status = Self.worse(status, error.exitStatus)
                reporting?.add(failed: job, error: error.description)
                reports.append(.object(["job": .string(job.name), "status": "failed", "error": .string(error.description)]))
                if !json { console.line("\(job.name)  FAILED\n  \(error.description)\n") }
            }
        }
        // A signal that came when every job had finished cut nothing short: the status stays.
        if let reason = signals.request.reason, !notStarted.isEmpty || status == .runtimeFailure {
            status = Self.worse(status, .runtimeFailure)
            if !json {
                let waiting = notStarted.isEmpty ? "" : " Jobs not started: \(notStarted.joined(separator: ", "))."
                console.line("Stopped by \(reason).\(waiting) Run `huitong run\(options.test ? " --test" : "")` again to finish: nothing is lost, and nothing answered is sent twice.")
            }
        }
        var jointTest: Value?
        if let written = try reporting?.finish() {
            if !written.report.passed { status = Self.worse(status, .finishedWithFindings) }
            let failed = written.report.checks.filter { !$0.passed }
            jointTest = ["verdict": .string(written.report.passed ? "pass" : "fail"), "markdown": .string(written.markdown), "html": .string(written.html),
                         "failed": .array(failed.map { .string("\($0.subject): \($0.detail)") })]
            if !json {
                console.line("Joint-test report: \(written.report.passed ? "PASS" : "FAIL")  \(written.html)  (\(written.markdown))")
                for check in failed.prefix(10) { console.line("  fail  \(check.subject): \(check.detail)") }
            }
        }
        if json {
            var object: OrderedObject = ["jobs": .array(reports)]
            if let jointTest { object["jointTest"] = jointTest }
            if let reason = signals.request.reason {
                object["stoppedBy"] = .string(reason)
                object["notStarted"] = .array(notStarted.map { .string($0) })
            }
            console.line(try JSONWriter().string(for: .object(object)))
        }
        return status
    }

    /// `--stop-grace SECONDS`: how long the batches in flight may take after a stop signal.
    static func stopGrace(_ arguments: ParsedArguments, command: String) throws -> Double {
        guard let text = arguments.value("stop-grace") else { return 30 }
        guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
            throw UsageError(command: command, message: "--stop-grace takes seconds from 0 to 3600, not \"\(text)\"", hint: "See 'huitong \(command) --help'.")
        }
        return seconds
    }

    /// The more serious of two statuses: runtime failure over invalid input over findings.
    static func worse(_ a: ExitStatus, _ b: ExitStatus) -> ExitStatus {
        let order: [ExitStatus] = [.success, .finishedWithFindings, .usage, .invalidInput, .runtimeFailure]
        return order.firstIndex(of: a)! >= order.firstIndex(of: b)! ? a : b
    }
}

/// The one-screen summary of a run.
enum RunSummary {
    static func print(_ report: JobRunReport, console: Console) {
        let seconds = String(format: "%.1f", Double(report.milliseconds) / 1000)
        let status = report.status.rawValue.replacingOccurrences(of: "-", with: " ")
        console.line("\(report.job)  \(status)\(report.test ? "  [joint test]" : "")\(report.resumed ? "  (finished an interrupted run)" : "")\(report.deletesAllowed ? "  [deletes allowed]" : "")  run \(report.runID)  \(seconds) s")
        console.line("  read \(report.read) · normalised \(report.normalised) · set aside \(report.setAside) · skipped \(report.skipped)")
        for target in report.targets {
            console.line("  → \(target.platform) \(target.dataset) (\(target.mode))  mapped \(target.mapped) · set aside \(target.setAside) · skipped \(target.skipped) · unchanged \(target.unchanged)")
            let noLonger = target.noLongerForTarget > 0 ? " (\(target.noLongerForTarget) no longer for this target)" : ""
            let unconfirmed = target.unconfirmed > 0 ? " · unconfirmed \(target.unconfirmed)" : ""
            let waited = " · waited \(String(format: "%.1f", target.waitedSeconds)) s"
            console.line("      upserts \(target.upserts) · deletes \(target.deletes)\(noLonger) → accepted \(target.accepted) · rejected \(target.rejected) · not sent \(target.notSent)\(unconfirmed) · retries \(target.retries)\(waited)")
            if target.unconfirmed > 0 {
                console.line("      \(target.unconfirmed) record(s) unconfirmed: the platform's answer did not account for them; nothing was booked")
            }
            if target.stopped {
                console.line("      stopped before sending \(target.recordsLeft) record(s): run again to finish (same idempotency keys)")
            } else if target.openBatches > 0 {
                console.line("      \(target.openBatches) batch(es) without a final answer: run again to finish them (same idempotency keys)")
            }
            for note in target.notes { console.line("      note: \(note)") }
            for failure in target.failures.prefix(3) { console.line("      ! \(failure)") }
            if let refusal = target.deleteRefusal {
                console.line("      ! a run would stop here: \(refusal); --allow-deletes \(report.job) lets it through")
            }
            if let entry = target.ledgerEntry { console.line("      ledger: \(entry)") }
            if !target.wouldUpsert.isEmpty {
                console.line("      would upsert: \(target.wouldUpsert.joined(separator: ", "))\(target.upserts > target.wouldUpsert.count ? ", …" : "")")
            }
            if !target.wouldDelete.isEmpty {
                console.line("      would delete: \(target.wouldDelete.joined(separator: ", "))\(target.deletes > target.wouldDelete.count ? ", …" : "")")
            }
        }
        for note in report.notes { console.line("  note: \(note)") }
        if report.setAside > 0 || report.targets.contains(where: { $0.setAside > 0 || $0.rejected > 0 }) {
            console.line("  see: huitong rejects \(report.job)")
        }
        console.line()
    }
}
