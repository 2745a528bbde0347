import Foundation
import HuitongCore
import HuitongLedger

/// Builds a ``JointTestReport`` from the ledger — every exchange of the report's runs, its
/// counts, batches and rejects — and what the ledger does not hold: the platform checks made
/// before sending and, per target, the records left unconfirmed, the waits and the errors.
///
/// What is not the ledger's is kept beside the report (`STATE/reports/RUN.json`), so
/// `huitong report RUN` renders the same report again later.
package struct JointTestReportBuilder: Sendable {
    /// Per target of a run, what only the run knew.
    package struct TargetOutcome: Sendable, Equatable {
        package var job: String
        package var target: String
        package var platform: String
        package var dataset: String
        package var unconfirmed = 0
        package var waitedSeconds = 0.0
        package var errors: [String] = []
        /// The run ended before the exchange was recorded: no ledger entry.
        package var sent = 0

        package init(job: String, target: String, platform: String, dataset: String) {
            self.job = job
            self.target = target
            self.platform = platform
            self.dataset = dataset
        }
    }

    /// What is saved beside the report: enough, with the ledger, to make it again.
    package struct Inputs: Sendable, Equatable {
        package var runs: [String]
        package var started: Timestamp
        package var finished: Timestamp
        package var platforms: [JointTestReport.PlatformCheck]
        package var targets: [TargetOutcome]
        package var thresholds: JointTestReport.Thresholds

        package init(runs: [String], started: Timestamp, finished: Timestamp, platforms: [JointTestReport.PlatformCheck],
                     targets: [TargetOutcome], thresholds: JointTestReport.Thresholds) {
            self.runs = runs
            self.started = started
            self.finished = finished
            self.platforms = platforms
            self.targets = targets
            self.thresholds = thresholds
        }
    }

    /// Examples kept per reason.
    static let examples = 3

    package let ledger: LedgerReader

    package init(ledger: LedgerReader) {
        self.ledger = ledger
    }

    /// The report of `inputs.runs`: one dataset per target, its counts from the run's ledger
    /// entry (when the exchange was recorded), the rest from `inputs`.
    package func report(_ inputs: Inputs) throws -> JointTestReport {
        let runs = Set(inputs.runs)
        var entries: [String: (LedgerEntry, ExchangeDescription)] = [:]
        if FileKind.of(ledger.directory) == .directory {
            for entry in try ledger.entries() {
                guard case let .success(manifest) = entry.manifest, let exchange = manifest.exchange, runs.contains(exchange.runId) else { continue }
                entries["\(exchange.job)\u{0}\(exchange.target)"] = (entry, exchange)
            }
        }
        var datasets: [JointTestReport.Dataset] = []
        for outcome in inputs.targets {
            var dataset = JointTestReport.Dataset(job: outcome.job, target: outcome.target, platform: outcome.platform, dataset: outcome.dataset)
            dataset.unconfirmed = outcome.unconfirmed
            dataset.waitedSeconds = outcome.waitedSeconds
            dataset.errors = outcome.errors
            dataset.sent = outcome.sent
            if let (entry, exchange) = entries["\(outcome.job)\u{0}\(outcome.target)"] {
                dataset.ledgerEntry = entry.directoryName
                let counts = exchange.counts
                dataset.sent = counts.upserted + counts.deleted
                dataset.accepted = counts.accepted
                dataset.rejected = counts.rejected
                dataset.notSent = counts.notSent
                dataset.setAside = counts.setAside
                dataset.retries = counts.retries
                dataset.latencies = exchange.batches.compactMap(\.milliseconds)
                (dataset.rejections, dataset.setAsideReasons) = try reasons(of: entry)
            } else if dataset.errors.isEmpty {
                dataset.errors = ["no ledger entry: the exchange did not complete (see the run's summary; the next run finishes it)"]
            }
            datasets.append(dataset)
        }
        return JointTestReport(runs: inputs.runs, started: inputs.started, finished: inputs.finished, platforms: inputs.platforms,
                               datasets: datasets, thresholds: inputs.thresholds)
    }

    /// The entry's rejects grouped by reason: rejected by the platform, then set aside.
    private func reasons(of entry: LedgerEntry) throws -> ([JointTestReport.ReasonGroup], [JointTestReport.ReasonGroup]) {
        var groups: [RejectedRecord.Stage: [String: (count: Int, examples: [String])]] = [:]
        let rejects = try ledger.rejectedRecords(of: entry)
        while let record = try rejects.next() {
            let reason = record.reasons.map(RecordHistory.text).joined(separator: "; ")
            var group = groups[record.stage, default: [:]][reason, default: (0, [])]
            group.count += 1
            if group.examples.count < Self.examples {
                group.examples.append((record.key.isEmpty ? "(no key)" : record.key) + (record.location.map { " (\($0))" } ?? ""))
            }
            groups[record.stage, default: [:]][reason] = group
        }
        func sorted(_ stage: RejectedRecord.Stage) -> [JointTestReport.ReasonGroup] {
            (groups[stage] ?? [:]).map { JointTestReport.ReasonGroup(reason: $0.key, count: $0.value.count, examples: $0.value.examples) }
                .sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
        }
        return (sorted(.rejected), sorted(.setAside))
    }

    /// The inputs of a joint test whose run wrote no report (it was killed, or the machine went
    /// down), from the run histories: the run and its targets' counts. The platform checks were
    /// not kept, so each platform says so and the verdict fails — the report shows what is known.
    package static func inputs(run: String, histories: [JobHistory], thresholds: JointTestReport.Thresholds) -> Inputs? {
        for history in histories {
            for (entry, _) in history.outcomes {
                guard let finish = entry.finish, let id = finish.run, id == run || id.hasPrefix(run) else { continue }
                var targets: [TargetOutcome] = []
                for counts in finish.targets {
                    var outcome = TargetOutcome(job: entry.job, target: counts.target, platform: counts.platform, dataset: counts.dataset)
                    outcome.unconfirmed = counts.unconfirmed
                    outcome.waitedSeconds = counts.waitedSeconds
                    outcome.sent = counts.sent
                    if let error = finish.error { outcome.errors = [error] }
                    targets.append(outcome)
                }
                let platforms = Set(finish.targets.map(\.platform)).sorted().map {
                    JointTestReport.PlatformCheck(platform: $0, error: "not recorded: the run ended before its report was written (made again from the run history)")
                }
                return Inputs(runs: [id], started: entry.started, finished: finish.finished, platforms: platforms, targets: targets, thresholds: thresholds)
            }
        }
        return nil
    }
}
