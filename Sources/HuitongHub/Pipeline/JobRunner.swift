import Foundation
import HuitongCore
import HuitongMapping
import HuitongPlatforms

/// Runs jobs: read → normalise → validate → stage on disk → compute what to send → push in
/// batches → record every record's fate → advance state → write the ledger entry.
///
/// Crash-safe at every step: staging is discarded unless its marker was written; after the
/// marker the run is finished by the next one, which resends exactly the batches without a
/// final answer under the same idempotency keys; committing can be repeated.
package struct JobRunner: Sendable {
    package struct Options: Sendable {
        package var test = false
        package var dryRun = false
        /// The operator's `--allow-deletes`: this run may send more deletes than the targets'
        /// delete policies allow (recorded in the marker and the ledger).
        package var allowDeletes = false
        /// The operator's request to stop (SIGTERM, SIGINT): no new batch is sent once it is made.
        package var stop: StopRequest?
        /// Keys per target to send again whatever the state says the platform holds: a repair
        /// after `huitong reconcile` found them lost or changed on the platform's side.
        package var resend: [String: Set<String>] = [:]
        package init(test: Bool = false, dryRun: Bool = false, allowDeletes: Bool = false, stop: StopRequest? = nil) {
            self.test = test
            self.dryRun = dryRun
            self.allowDeletes = allowDeletes
            self.stop = stop
        }
    }

    package let configuration: HubConfiguration
    let clock: any WallClock
    /// One connector per platform for the runner's life: every job shares its token.
    let connectors: ConnectorPool
    let ledger: (any LedgerRecording)?

    package init(
        configuration: HubConfiguration, clock: any WallClock = SystemWallClock(),
        ledger: (any LedgerRecording)? = nil,
        makeConnector: @escaping @Sendable (HubConfiguration.Platform) throws -> PlatformConnector = { platform in
            try PlatformConnector(profile: platform.profile, settings: platform.settings)
        }
    ) {
        self.configuration = configuration
        self.clock = clock
        self.ledger = ledger
        connectors = ConnectorPool(make: makeConnector)
    }

    /// Runs one job to the end (or to the first batch without a final answer).
    package func run(_ job: JobConfiguration, options: Options = Options(), progress: (@Sendable (RunProgress) -> Void)? = nil) async throws -> JobRunReport {
        guard configuration.credentials == .resolve else {
            throw HubError(.configuration, "job \(job.name): the configuration was loaded without its credentials (as huitong rejects and ledger load it); a run loads them")
        }
        let started = clock.now()
        let paths = JobPaths(stateDirectory: configuration.stateDirectory, job: job.name, test: options.test)
        let lock = try JobLock.acquire(at: paths.lock, job: job.name, clock: clock)
        defer { lock.release() }
        // Every run but a dry run is in the job's history, one that fails too.
        let history = options.dryRun ? nil : try RunHistoryRecorder.start(at: paths.history, job: job.name, test: options.test, clock: clock)
        do {
            var report = try await runLocked(job, options: options, paths: paths, started: started, progress: progress)
            history?.finish(&report, clock: clock)
            return report
        } catch {
            history?.finish(failure: error, stoppedBy: options.stop?.reason, clock: clock)
            throw error
        }
    }

    /// What `run` does holding the job's lock.
    private func runLocked(
        _ job: JobConfiguration, options: Options, paths: JobPaths, started: Timestamp, progress: (@Sendable (RunProgress) -> Void)?
    ) async throws -> JobRunReport {
        var marker = try RunMarker.read(paths, job: job.name)
        let resumed = marker != nil
        if !options.resend.isEmpty {
            if resumed {
                throw HubError(.interruptedRunWaiting, "job \(job.name) has an interrupted run waiting to be finished; run it ('huitong run \(job.name)') before repairing, then reconcile again")
            }
            if options.dryRun { throw HubError(.configuration, "a repair is not a dry run: it changes the job's state before it sends") }
            for (target, keys) in options.resend {
                _ = try AcceptedIndex.forget(keys, at: paths.target(target).accepted)
            }
        }
        if options.dryRun, resumed {
            throw HubError(.interruptedRunWaiting, "job \(job.name) has an interrupted run waiting to be finished; run it without --dry-run first")
        }
        let context = MappingContext(testMode: options.test, clock: clock)
        let runID = marker?.run ?? Self.makeRunID(clock.now())
        if marker == nil {
            progress?(.reading(source: job.source.description, records: 0))
            var stager = RunStager(job: job, paths: paths, context: context, runID: runID, memoBases: memoBases(job, test: options.test))
            let source = job.source.description
            if let progress {
                stager.readProgress = { @Sendable records in progress(.reading(source: source, records: records)) }
            }
            marker = try await stager.stage(markAsStaged: !options.dryRun, allowDeletes: options.allowDeletes, stop: options.stop)
        }
        guard let marker else { throw HubError.corrupt(paths.runMarker) }

        var report = JobRunReport(job: job.name, runID: runID, test: options.test, resumed: resumed, status: .complete)
        report.read = marker.source.read
        report.normalised = marker.source.normalised
        report.setAside = marker.source.setAside
        report.skipped = marker.source.skipped
        report.deletesAllowed = marker.deletesAllowed

        for target in job.targets {
            let counts = marker.targets[target.name] ?? StagedTarget()
            var targetReport = TargetRunReport(name: target.name, platform: target.platform, dataset: target.dataset, mode: target.mode.rawValue)
            targetReport.mapped = counts.mapped
            targetReport.setAside = counts.setAside
            targetReport.skipped = counts.skipped
            targetReport.unchanged = counts.unchanged
            targetReport.upserts = counts.upserts
            targetReport.deletes = counts.deletes
            targetReport.noLongerForTarget = counts.noLongerForTarget
            targetReport.deleteRefusal = counts.deleteRefusal
            if !options.dryRun {
                guard let platform = configuration.platform(named: target.platform) else {
                    throw HubError(.configuration, "job \(job.name): no platform \(target.platform)")
                }
                var pusher = TargetPusher(
                    target: target, paths: paths.target(target.name), connector: try connectors.connector(for: platform),
                    runID: runID, test: options.test, progress: Self.sendingProgress(progress, target: target.name, total: targetReport.upserts + targetReport.deletes)
                )
                pusher.stop = options.stop
                let pushed = try await pusher.push()
                targetReport.accepted = pushed.accepted
                targetReport.rejected = pushed.rejected
                targetReport.notSent = pushed.notSent
                targetReport.retries = pushed.retries
                targetReport.requests = pushed.requests
                targetReport.openBatches = pushed.open
                targetReport.failures = pushed.failures
                targetReport.notes = pushed.notes
                targetReport.settled = pushed.settled
                if pushed.stopped {
                    targetReport.stopped = true
                    report.stoppedBy = options.stop?.reason
                }
                targetReport.unconfirmed = pushed.unconfirmed
                targetReport.waitedSeconds = pushed.waitedSeconds
                targetReport.batchSeconds = pushed.batchSeconds
            }
            report.targets.append(targetReport)
        }

        if options.dryRun {
            for index in report.targets.indices {
                let targetPaths = paths.target(job.targets[index].name)
                (report.targets[index].wouldUpsert, report.targets[index].wouldDelete) = try Self.planSample(targetPaths, limit: 10)
            }
            try DurableFiles.remove(paths.run)
            report.status = .dryRun
        } else if report.targets.contains(where: { $0.openBatches > 0 || $0.stopped }) {
            report.status = .incomplete
        } else {
            var outcomes: [(TargetConfiguration, JournalOutcome)] = []
            var submissions: [LedgerSubmission] = []
            let committed = try Self.commitTargets(job.targets, paths: paths, sortsAppends: ledger != nil)
            for index in report.targets.indices {
                let target = job.targets[index]
                let targetPaths = paths.target(target.name)
                let (outcome, appended) = committed[index]
                outcomes.append((target, outcome))
                if ledger != nil {
                    submissions.append(LedgerSubmission(
                        job: job, target: target, runID: runID, test: options.test, started: started, finished: clock.now(),
                        report: report.targets[index], paths: targetPaths, sourceSetAside: paths.sourceSetAside,
                        outcome: outcome, configuration: configuration, readCount: report.read,
                        normalisedCount: report.normalised, sourceSetAsideCount: report.setAside,
                        deletesAllowed: report.deletesAllowed, appended: appended
                    ))
                }
            }
            // Every target's state is committed first; the entries are then written side by
            // side and committed in target order (a crash in between: the next run repeats both).
            if let ledger {
                // (The recorder passes the `ledger-written` failpoint after each entry's commit.)
                for (index, entry) in try ledger.record(all: submissions).enumerated() {
                    report.targets[index].ledgerEntry = entry
                }
            }
            try RejectsFile.write(job: job, paths: paths, outcomes: outcomes)
            if let checkpoint = DurableFiles.read(paths.runCheckpoint) {
                try DurableFiles.replace(paths.checkpoint, with: checkpoint)
            }
            // The marker goes first: a crash while removing the rest leaves a run that is
            // staged afresh (and finds nothing to send), never one resumed from half its files.
            try DurableFiles.remove(paths.runMarker)
            try DurableFiles.remove(paths.run)
            let findings = report.setAside > 0 || report.targets.contains { $0.setAside > 0 || $0.rejected > 0 || $0.notSent > 0 }
            report.status = findings ? .completeWithFindings : .complete
        }
        report.milliseconds = clock.now().millisecondsSinceEpoch - started.millisecondsSinceEpoch
        return report
    }

    /// Reads each target's journal once (its outcome serves the state, the rejects and the
    /// ledger entry; an append target's accepted records are sorted for the ledger on the way)
    /// and commits the target's state from it. The targets share no file, so with more than
    /// one each is committed on a thread of its own; every commit can be repeated, so a crash
    /// that leaves one committed and another not is finished by the next run like any other.
    /// The first failure, in target order, is thrown once every target's work has ended.
    static func commitTargets(
        _ targets: [TargetConfiguration], paths: JobPaths, sortsAppends: Bool
    ) throws -> [(JournalOutcome, AcceptedAppends?)] {
        let commit = { @Sendable (target: TargetConfiguration) throws -> UncheckedSendable<(JournalOutcome, AcceptedAppends?)> in
            let targetPaths = paths.target(target.name)
            let appended = sortsAppends && target.mode == .append ? try AcceptedAppends(directory: targetPaths.run, staged: targetPaths.staged) : nil
            let outcome = try JournalOutcome.read(
                targetPaths.journal, collectUpserts: target.mode == .sync, appended: appended.map { sorter in { try sorter.add(key: $0, place: $1) } }
            )
            try RunCommitter(target: target, paths: targetPaths).commit(outcome)
            Failpoints.hit("target-committed")
            return UncheckedSendable((outcome, appended))
        }
        guard targets.count > 1 else { return try targets.map { try commit($0).value } }
        let works = targets.map { target in BackgroundWork<UncheckedSendable<(JournalOutcome, AcceptedAppends?)>, any Error> { try commit(target) } }
        var results: [(JournalOutcome, AcceptedAppends?)] = []
        var failure: (any Error)?
        for work in works {
            do { results.append(try work.result().value) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        return results
    }

    /// Each target's ``MappingMemo`` basis: the target (its platform's profile and its
    /// dataset) and the run's mode, on the inputs every mapping depends on — the running code,
    /// every mapping, code table and platform profile — as they were when the configuration
    /// was loaded. Not the rest of `huitong.yaml` (base URLs, credentials, delete policies):
    /// none of it changes what a mapping makes. None when the files changed since the load (the
    /// mappings this run compiled are not the ones on disk), and none for a target whose mapping
    /// file is outside the mappings directory (the inputs do not cover it).
    func memoBases(_ job: JobConfiguration, test: Bool) -> [String: ContentHash] {
        guard let inputs = configuration.memoInputs,
              MappingMemo.inputs(mappings: configuration.mappingsDirectory, plugins: configuration.pluginsDirectory) == inputs else { return [:] }
        let prefix = configuration.mappingsDirectory.hasSuffix("/") ? configuration.mappingsDirectory : configuration.mappingsDirectory + "/"
        var bases: [String: ContentHash] = [:]
        for target in job.targets where target.mode == .sync && target.mapping.file.hasPrefix(prefix) {
            let profile = configuration.platform(named: target.platform)?.profile.name ?? ""
            bases[target.name] = MappingMemo.basis(inputs: inputs, target: "\(target.name) \(target.dataset) \(profile)", test: test)
        }
        return bases
    }

    static func sendingProgress(_ progress: (@Sendable (RunProgress) -> Void)?, target: String, total: Int) -> (@Sendable (Int) -> Void)? {
        guard let progress else { return nil }
        progress(.sending(target: target, answered: 0, total: total))
        return { done in progress(.sending(target: target, answered: done, total: total)) }
    }

    /// The first keys of a plan, for a dry run's report.
    static func planSample(_ paths: TargetPaths, limit: Int) throws -> (upserts: [String], deletes: [String]) {
        var upserts: [String] = []
        var deletes: [String] = []
        let staged = try JSONLinesRandomReader(path: paths.staged)
        let plan = try PlanReader(path: paths.plan)
        while upserts.count < limit || deletes.count < limit, let line = try plan.next() {
            switch line {
            case let .upsert(place): if upserts.count < limit { upserts.append(try staged.stagedRecord(at: place).key) }
            case let .delete(key): if deletes.count < limit { deletes.append(key) }
            }
        }
        return (upserts, deletes)
    }

    package static func makeRunID(_ now: Timestamp) -> String {
        let stamp = now.formatted(.rfc3339, in: .beijing).filter { $0.isNumber }.prefix(14)
        return "\(stamp)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }
}

/// What the ledger is given for one exchange.
package struct LedgerSubmission {
    package let job: JobConfiguration
    package let target: TargetConfiguration
    package let runID: String
    package let test: Bool
    package let started: Timestamp
    package let finished: Timestamp
    package let report: TargetRunReport
    let paths: TargetPaths
    let sourceSetAside: String
    let outcome: JournalOutcome
    package let configuration: HubConfiguration
    let readCount: Int
    let normalisedCount: Int
    let sourceSetAsideCount: Int
    /// The run was started with `--allow-deletes`.
    package let deletesAllowed: Bool
    /// An append target's accepted records, sorted by key (sync targets: the accepted state).
    let appended: AcceptedAppends?
}

/// Writes a ledger entry for one exchange; returns where it is. Must be idempotent for a
/// (run, target): a commit repeated after a crash must not add a second entry.
package protocol LedgerRecording: Sendable {
    func record(_ submission: LedgerSubmission) throws -> String
    /// The entries of one run's targets, in order; returns where each is.
    func record(all submissions: [LedgerSubmission]) throws -> [String]
}

extension LedgerRecording {
    package func record(all submissions: [LedgerSubmission]) throws -> [String] {
        try submissions.map(record)
    }
}

/// How far a run has come, for a progress bar: records read from the source so far, or records
/// a target's platform has answered out of those to send.
package enum RunProgress: Sendable, Equatable {
    case reading(source: String, records: Int)
    case sending(target: String, answered: Int, total: Int)
}
