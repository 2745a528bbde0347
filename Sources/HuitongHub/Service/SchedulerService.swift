import Dispatch
import Foundation
import HuitongCore
import Synchronization

/// `huitong serve`'s loop: runs each scheduled job when ``ServicePlan`` says, as `huitong run`
/// runs it, several at a time within the limits, and sleeps until the next fire or the next
/// event (a run ending, a reload, a stop) — never polling.
///
/// One ``JobRunner`` serves every run (one connector, so one token, per platform) until a
/// reload brings a new configuration; runs in flight finish with the one they started with.
package final class SchedulerService: Sendable {
    /// What happened, for the log: one JSON object per event.
    package typealias Log = @Sendable (_ event: String, _ fields: OrderedObject) -> Void

    private struct State: Sendable {
        var configuration: HubConfiguration
        var runner: JobRunner
        var plan: ServicePlan
        var lastOutcomes: [String: Value] = [:]
        var runs = 0
        var notifier: Notifier?
        /// Webhook deliveries under way: the service waits for them before it exits.
        var notifications: [Int: Task<Void, Never>] = [:]
        var nextNotification = 0
        /// The freshness level last reported per job, so each breach is said once.
        var freshness: [String: FreshnessPolicy.Level] = [:]
        /// When freshness was last looked at: at most every 30 s (it reads each job's history).
        var freshnessChecked: Timestamp?
    }

    private let state: Mutex<State>
    private let clock: any WallClock
    private let stop: StopRequest
    private let wakeup = Wakeup()
    private let store: ServiceStateStore
    private let log: Log
    private let makeRunner: @Sendable (HubConfiguration) -> JobRunner
    /// Stop after this many runs have ended (trials and tests); nil: until stopped.
    private let maxRuns: Int?
    /// Held from the snapshot to the save, so two saves never interleave and a stale one never
    /// replaces a newer one.
    private let saving = Mutex(())

    package init(
        configuration: HubConfiguration, store: ServiceStateStore, stop: StopRequest, clock: any WallClock = SystemWallClock(),
        maxRuns: Int? = nil, makeRunner: @escaping @Sendable (HubConfiguration) -> JobRunner, log: @escaping Log
    ) throws {
        let now = clock.now()
        let saved = try store.load()
        let plan = ServicePlan(jobs: Self.serviceJobs(configuration), lastFires: saved.lastFires, now: now, limits: Self.limits(configuration))
        state = Mutex(State(configuration: configuration, runner: makeRunner(configuration), plan: plan, lastOutcomes: saved.lastOutcomes,
                            notifier: configuration.service.notify.map { Notifier(settings: $0) }))
        self.clock = clock
        self.stop = stop
        self.store = store
        self.log = log
        self.makeRunner = makeRunner
        self.maxRuns = maxRuns
    }

    static func serviceJobs(_ configuration: HubConfiguration) -> [ServiceJob] {
        configuration.jobs.compactMap { job in
            job.schedule.map { schedule in
                ServiceJob(name: job.name, schedule: schedule, overlap: job.service.overlap, misfire: job.service.misfire,
                           jitterMilliseconds: Int64(job.service.jitterSeconds) * 1000, platforms: Set(job.targets.map(\.platform)))
            }
        }
    }

    static func limits(_ configuration: HubConfiguration) -> ServicePlan.Limits {
        ServicePlan.Limits(jobs: configuration.service.maxJobs, perPlatform: configuration.service.maxPerPlatform)
    }

    /// Runs until a stop is requested and the runs in flight have ended (or `maxRuns` runs ended).
    /// - Returns: how many runs ended.
    package func run() async -> Int {
        let (jobs, limits) = state.withLock { (Self.serviceJobs($0.configuration).map(\.name), $0.plan.limits) }
        log("service-started", ["jobs": .array(jobs.map { .string($0) }), "maxJobs": .integer(Int64(limits.jobs)),
                                "maxPerPlatform": .integer(Int64(limits.perPlatform))])
        while true {
            let now = clock.now()
            let stopping = stop.isRequested || maxRuns.map { limit in state.withLock { $0.runs >= limit } } == true
            let (decisions, runner, configuration) = state.withLock { state in
                (state.plan.decide(at: now, stopping: stopping), state.runner, state.configuration)
            }
            for decision in decisions { carryOut(decision, runner: runner, configuration: configuration) }
            if decisions.contains(where: { if case .start = $0 { true } else { false } }) { persist() }
            let (running, wake) = state.withLock { ($0.plan.running, $0.plan.nextWake()) }
            if stopping, running.isEmpty { break }
            checkFreshness(at: now)
            // A minute at most, so a clock set forwards or backwards is noticed.
            let seconds = stopping ? 60 : wake.map { Double($0.millisecondsSinceEpoch - clock.now().millisecondsSinceEpoch) / 1000 } ?? 60
            await wakeup.wait(seconds: min(60, max(0, seconds)))
        }
        persist()
        // Webhook deliveries under way get a few seconds more; then the service goes without them.
        for _ in 0..<100 where !state.withLock({ $0.notifications.isEmpty }) { await wakeup.wait(seconds: 0.1) }
        let abandoned = state.withLock { state in
            defer { state.notifications.values.forEach { $0.cancel() } }
            return state.notifications.count
        }
        if abandoned > 0 { log("notify-abandoned", ["deliveries": .integer(Int64(abandoned)), "hint": "The service stopped before the webhook answered; see the runs' outcomes in the log."]) }
        return state.withLock { $0.runs }
    }

    private func carryOut(_ decision: ServicePlan.Decision, runner: JobRunner, configuration: HubConfiguration) {
        switch decision {
        case let .start(name, fire, reason):
            guard let job = configuration.job(named: name) else { return }
            log("run-started", ["job": .string(name), "fire": .string(Self.text(fire)), "reason": .string(reason.rawValue)])
            let stop = self.stop
            Task.detached { [self] in
                let started = clock.now()
                var fields: OrderedObject = ["job": .string(name)]
                // A joint test checks the platforms first and ends with its report.
                var reporting = job.service.jointTest ? await JointTestReporting.begin(configuration: configuration, jobs: [job], runner: runner) : nil
                do {
                    let report = try await runner.run(job, options: JobRunner.Options(test: job.service.jointTest, stop: stop))
                    reporting?.add(report)
                    fields["test"] = .bool(report.test)
                    fields["run"] = .string(report.runID)
                    fields["outcome"] = .string(report.stoppedBy != nil ? "stopped" : report.status.rawValue)
                    fields["counts"] = Self.counts(report)
                    fields["targets"] = .array(report.targets.map(Self.target))
                } catch {
                    fields["outcome"] = "failed"
                    fields["error"] = .string((error as? any OperatorFacingError)?.description ?? "\(error)")
                    reporting?.add(failed: job, error: fields["error"]?.stringValue ?? "")
                }
                if let reporting {
                    do {
                        if let written = try reporting.finish() {
                            fields["jointTest"] = ["verdict": .string(written.report.passed ? "pass" : "fail"), "html": .string(written.html), "markdown": .string(written.markdown)]
                        }
                    } catch {
                        fields["jointTestError"] = .string((error as? any OperatorFacingError)?.description ?? "\(error)")
                    }
                }
                fields["durationMilliseconds"] = .integer(clock.now().millisecondsSinceEpoch - started.millisecondsSinceEpoch)
                finished(name, fields: fields, at: clock.now())
            }
        case let .skipOverlap(name, fire):
            log("run-skipped", ["job": .string(name), "fire": .string(Self.text(fire)), "reason": "overlap: the previous run is still going"])
        case let .queue(name, fire):
            log("run-queued", ["job": .string(name), "fire": .string(Self.text(fire)), "reason": "overlap: runs when the previous run ends"])
        case let .wait(name, fire, platform):
            log("run-waiting", ["job": .string(name), "fire": .string(Self.text(fire)),
                                "reason": .string(platform.map { "the limit of runs sending to \($0) is reached" } ?? "the service's limit of runs is reached")])
        case let .misfire(name, missed, first, policy):
            log("misfire", ["job": .string(name), "missed": .integer(Int64(missed)), "first": .string(Self.text(first)), "policy": .string(policy.rawValue)])
        }
    }

    private func finished(_ name: String, fields: OrderedObject, at now: Timestamp) {
        var outcome = fields
        outcome["finished"] = .string(Self.text(now))
        state.withLock { $0.lastOutcomes[name] = .object(outcome) }
        log("run-finished", fields)
        // The webhook's delivery is registered, and the state saved, while the run still counts
        // as running: the loop cannot end (and the process exit) before either.
        switch fields["outcome"]?.stringValue {
        case "failed": notify(.failed, event: "run-failed", fields)
        case "incomplete": notify(.incomplete, event: "run-incomplete", fields)
        default: break
        }
        persist()
        state.withLock { state in
            state.plan.finished(job: name)
            state.plan.forget(job: name)
            state.runs += 1
        }
        persist()
        wakeup.signal()
    }

    /// POSTs a summary to the configuration's webhook, when it asks for `kind`; logs the result.
    package func notify(_ kind: ServiceSettings.Notification.Event, event: String, _ fields: OrderedObject) {
        state.withLock { locked in
            guard let notifier = locked.notifier, notifier.wants(kind) else { return }
            var summary: OrderedObject = ["source": "huitong", "event": .string(event)]
            for (key, value) in fields where key != "targets" { summary[key] = value }
            let number = locked.nextNotification
            locked.nextNotification += 1
            let log = self.log
            locked.notifications[number] = Task.detached { [self] in
                let result = await notifier.send(.object(summary))
                var line: OrderedObject = ["host": .string(notifier.host), "about": .string(event), "attempts": .integer(Int64(result.attempts))]
                if let job = fields["job"] { line["job"] = job }
                if let failure = result.failure { line["failure"] = .string(failure) }
                log(result.delivered ? "notified" : "notify-failed", line)
                _ = state.withLock { $0.notifications.removeValue(forKey: number) }
            }
        }
    }

    /// The configuration new runs use.
    package var configuration: HubConfiguration { state.withLock { $0.configuration } }

    /// Each job with `freshness:` whose level rose (fresh → warn → error) since it was last looked
    /// at is logged and, when the webhook asks for it, notified; a job back to fresh is said too.
    private func checkFreshness(at now: Timestamp) {
        let due = state.withLock { state -> Bool in
            guard state.freshnessChecked.map({ now.millisecondsSinceEpoch - $0.millisecondsSinceEpoch >= 30_000 || $0 > now }) ?? true else { return false }
            state.freshnessChecked = now
            return true
        }
        guard due else { return }
        let configuration = self.configuration
        for job in configuration.jobs where job.freshness != nil {
            guard let history = try? JobHistory.read(stateDirectory: configuration.stateDirectory, job: job.name, test: job.service.jointTest) else { continue }
            let status = JobStatus(job: job, history: history, now: now)
            guard let level = status.level else { continue }
            let previous = state.withLock { state -> FreshnessPolicy.Level? in
                defer { state.freshness[job.name] = level }
                return state.freshness[job.name]
            }
            guard previous != level, level != .fresh || previous != nil else { continue }
            var fields: OrderedObject = ["job": .string(job.name), "level": .string(level.rawValue)]
            fields["lastSuccess"] = status.lastSuccess.map { .string(Self.text($0)) } ?? .null
            fields["ageSeconds"] = status.ageSeconds.map { .integer($0) } ?? .null
            log("freshness", fields)
            if level != .fresh { notify(.freshness, event: "freshness", fields) }
        }
    }

    /// A new configuration (SIGHUP): new runs use it; runs in flight finish with theirs.
    package func reload(_ configuration: HubConfiguration) {
        let now = clock.now()
        state.withLock { state in
            state.configuration = configuration
            state.runner = makeRunner(configuration)
            state.notifier = configuration.service.notify.map { Notifier(settings: $0) }
            state.plan.limits = Self.limits(configuration)
            state.plan.reload(jobs: Self.serviceJobs(configuration), now: now)
        }
        log("reloaded", ["configuration": .string(configuration.file), "jobs": .array(Self.serviceJobs(configuration).map { .string($0.name) })])
        wakeup.signal()
    }

    /// Wakes the loop (a stop was requested).
    package func wake() { wakeup.signal() }

    /// The service as `GET /status` shows it: per job its schedule, next fire, whether it is
    /// running, and its last run's outcome.
    package func status() -> Value {
        state.withLock { state in
            let jobs = state.configuration.jobs.filter { $0.schedule != nil }.map { job -> Value in
                var object: OrderedObject = ["job": .string(job.name), "schedule": .string(job.schedule!.description)]
                object["next"] = state.plan.due(job.name).map { .string(Self.text($0)) } ?? .null
                object["running"] = .bool(state.plan.running.contains(job.name))
                object["lastFire"] = state.plan.lastFires[job.name].map { .string(Self.text($0)) } ?? .null
                object["last"] = state.lastOutcomes[job.name] ?? .null
                return .object(object)
            }
            return ["configuration": .string(state.configuration.file), "stopping": .bool(stop.isRequested),
                    "runs": .integer(Int64(state.runs)), "jobs": .array(jobs)]
        }
    }

    private func persist() {
        let failure = saving.withLock { _ -> StorageError? in
            let saved = state.withLock { ServiceStateStore.Saved(lastFires: $0.plan.lastFires, lastOutcomes: $0.lastOutcomes) }
            do throws(StorageError) {
                try store.save(saved)
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            log("state-not-saved", ["error": .string(failure.description), "hint": "Check the state directory's disk and permissions; the service goes on, and a restart may run missed jobs again."])
        }
    }

    static func text(_ instant: Timestamp) -> String { instant.formatted(.rfc3339Milliseconds, in: .beijing) }

    static func counts(_ report: JobRunReport) -> Value {
        let targets = report.targets
        return [
            "read": .integer(Int64(report.read)), "normalised": .integer(Int64(report.normalised)), "setAside": .integer(Int64(report.setAside)),
            "sent": .integer(Int64(targets.reduce(0) { $0 + $1.upserts + $1.deletes })),
            "accepted": .integer(Int64(targets.reduce(0) { $0 + $1.accepted })), "rejected": .integer(Int64(targets.reduce(0) { $0 + $1.rejected })),
            "unconfirmed": .integer(Int64(targets.reduce(0) { $0 + $1.unconfirmed })), "retries": .integer(Int64(targets.reduce(0) { $0 + $1.retries })),
        ]
    }

    static func target(_ target: TargetRunReport) -> Value {
        [
            "target": .string(target.name), "sent": .integer(Int64(target.upserts + target.deletes)),
            "accepted": .integer(Int64(target.accepted)), "rejected": .integer(Int64(target.rejected)),
            "unconfirmed": .integer(Int64(target.unconfirmed)), "ledgerEntry": target.ledgerEntry.map { .string(($0 as NSString).lastPathComponent) } ?? .null,
        ]
    }
}

/// A sleep that ends early when signalled: the loop's only way of waiting.
final class Wakeup: Sendable {
    private struct State {
        var signalled = false
        var waiting: CheckedContinuation<Void, Never>?
        var generation = 0
    }

    private let state = Mutex(State())

    /// Ends the current wait, or the next one at once if none is going on.
    func signal() {
        let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiting = state.waiting else {
                state.signalled = true
                return nil
            }
            state.waiting = nil
            state.generation += 1
            return waiting
        }
        waiting?.resume()
    }

    /// Waits `seconds`, or less when ``signal()`` is called.
    func wait(seconds: Double) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let generation = state.withLock { state -> Int? in
                if state.signalled {
                    state.signalled = false
                    return nil
                }
                state.waiting = continuation
                return state.generation
            }
            guard let generation else {
                continuation.resume()
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                let expired = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard state.generation == generation, let waiting = state.waiting else { return nil }
                    state.waiting = nil
                    state.generation += 1
                    return waiting
                }
                expired?.resume()
            }
        }
    }
}
