import Foundation
import HuitongCore
import HuitongHub
import HuitongLedger
import HuitongPlatforms

/// `huitong report RUN`: a joint test's report, made again from the ledger and what the run kept.
struct ReportCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "report",
            summary: "Show a joint test's report again (Markdown, HTML or JSON), made from the ledger and the run's saved checks.",
            discussion: """
            Every 'huitong run --test' writes its report to the configuration's joint_test: reports directory
            (default STATE/reports): RUN.md, RUN.html (one self-contained page: no script, nothing fetched) and
            RUN.json (the platform checks and what only the run knew: records left unconfirmed, waits, errors);
            for a joint test that ended before writing them, the run history stands in (its checks are then
            "not recorded", and the verdict fails).
            This command makes the report again from RUN.json and the ledger's entries of the run (counts,
            batches and their latencies, the reasons records were rejected or set aside), with the pass
            thresholds of the joint test, and prints it. RUN is any run id of the joint test, or its start.

            The report has, per platform, the ping, its round trip, the clock skew and whether the credentials
            were proven; per dataset the records sent, accepted, rejected (by reason, with examples),
            unconfirmed and not sent, batch latency p50 / p95 / max with a chart, retries and waits; then each
            check against the thresholds and the verdict. Exit 0 when it passed, 1 when it failed, 3 when
            there is no such report.
            """,
            options: [
                .config,
                OptionSpec(name: "format", kind: .value(placeholder: "FORMAT", allowed: ["markdown", "html", "json"]), help: "markdown (default), html or json (the verdict and each check)"),
            ],
            arguments: [ArgumentSpec(name: "RUN", help: "a run id of the joint test (or its start)")],
            examples: [
                ("huitong report 20261208100000-k3x9", "the report in Markdown"),
                ("huitong report 20261208100000-k3x9 --format html > joint-test.html", "the page to hand on"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let configuration = try HubConfiguration.load(path: arguments.configurationPath, credentials: .skip)
        let run = arguments.positional("RUN") ?? ""
        let files = JointTestReportFiles(directory: configuration.jointTest.reportsDirectory)
        let found = run.isEmpty ? (inputs: nil, unreadable: []) : try files.inputs(run: run)
        for path in found.unreadable { console.diagnostic("huitong report: \(path) is not a joint-test report's inputs; it was skipped (move it aside)") }
        // Without its saved inputs (the run was killed before its end), the run history still knows the run.
        let fromHistory = found.inputs == nil && !run.isEmpty
            ? JointTestReportBuilder.inputs(run: run, histories: (try? JobHistory.read(configuration.jobs, stateDirectory: configuration.stateDirectory, test: true)) ?? [],
                                            thresholds: configuration.jointTest.thresholds)
            : nil
        guard let inputs = found.inputs ?? fromHistory else {
            console.diagnostic("huitong report: no joint-test report of run \"\(run)\" in \(configuration.jointTest.reportsDirectory); 'huitong run --test' writes one")
            return .invalidInput
        }
        let report = try JointTestReportBuilder(ledger: LedgerReader(directory: configuration.ledgerDirectory)).report(inputs)
        switch arguments.value("format") ?? "markdown" {
        case "html": console.writeOutput(report.html())
        case "json":
            let value: Value = [
                "runs": .array(report.runs.map { .string($0) }), "verdict": .string(report.passed ? "pass" : "fail"),
                "checks": .array(report.checks.map { ["subject": .string($0.subject), "passed": .bool($0.passed), "detail": .string($0.detail)] }),
            ]
            console.line(try JSONWriter().string(for: value))
        default: console.writeOutput(report.markdown())
        }
        return report.passed ? .success : .finishedWithFindings
    }
}
