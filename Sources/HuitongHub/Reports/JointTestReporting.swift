import Foundation
import HuitongCore
import HuitongLedger
import HuitongPlatforms

/// What a joint test adds to its runs (`huitong run --test`, or `huitong serve` running a job with
/// `joint_test: true`): each platform checked first (ping, clock, credentials), then, once the jobs
/// have run, the joint-test report written in Markdown and HTML beside the inputs it was made from.
package struct JointTestReporting: Sendable {
    let configuration: HubConfiguration
    let started: Timestamp
    var platforms: [JointTestReport.PlatformCheck] = []
    var targets: [JointTestReportBuilder.TargetOutcome] = []
    var runs: [String] = []

    /// Pings each platform the jobs send to, with its joint-test setting, through the runner's
    /// connectors: the ping and the runs share the platform's token.
    package static func begin(configuration: HubConfiguration, jobs: [JobConfiguration], runner: JobRunner) async -> JointTestReporting {
        var reporting = JointTestReporting(configuration: configuration, started: SystemWallClock().now())
        let names = Set(jobs.flatMap { $0.targets.map(\.platform) }).sorted()
        for name in names {
            guard let platform = configuration.platform(named: name) else { continue }
            do {
                let connector = try runner.connectors.connector(for: platform)
                let ping = try await connector.ping(test: true)
                reporting.platforms.append(JointTestReport.PlatformCheck(
                    platform: name, roundTripMilliseconds: ping.milliseconds, skewMilliseconds: ping.skewMilliseconds,
                    authentication: ping.authentication, credentialsProven: ping.credentialsProven))
            } catch {
                reporting.platforms.append(JointTestReport.PlatformCheck(platform: name, error: (error as? any OperatorFacingError)?.description ?? "\(error)"))
            }
        }
        return reporting
    }

    package mutating func add(_ report: JobRunReport) {
        runs.append(report.runID)
        for target in report.targets {
            var outcome = JointTestReportBuilder.TargetOutcome(job: report.job, target: target.name, platform: target.platform, dataset: target.dataset)
            outcome.unconfirmed = target.unconfirmed
            outcome.waitedSeconds = target.waitedSeconds
            outcome.errors = target.failures
            outcome.sent = target.upserts + target.deletes
            targets.append(outcome)
        }
    }

    /// A job that failed before it could report: each of its targets carries the error.
    package mutating func add(failed job: JobConfiguration, error: String) {
        for target in job.targets {
            var outcome = JointTestReportBuilder.TargetOutcome(job: job.name, target: target.name, platform: target.platform, dataset: target.dataset)
            outcome.errors = [error]
            targets.append(outcome)
        }
    }

    /// Builds and writes the report; its verdict and files.
    package func finish() throws -> (report: JointTestReport, markdown: String, html: String)? {
        guard !runs.isEmpty || !targets.isEmpty else { return nil }
        let inputs = JointTestReportBuilder.Inputs(
            runs: runs.isEmpty ? ["failed-" + JobRunner.makeRunID(started)] : runs, started: started, finished: SystemWallClock().now(),
            platforms: platforms, targets: targets, thresholds: configuration.jointTest.thresholds)
        let report = try JointTestReportBuilder(ledger: LedgerReader(directory: configuration.ledgerDirectory)).report(inputs)
        let files = try JointTestReportFiles(directory: configuration.jointTest.reportsDirectory).write(report, inputs: inputs)
        return (report, files.markdown, files.html)
    }
}
