import HuitongCore

/// What `huitong serve` does with a job that falls due while its previous run is still going.
package enum OverlapPolicy: String, Sendable, CaseIterable {
    /// Leave this fire out (logged as skipped); the job runs again at its next time.
    case skip
    /// Run once more as soon as the current run ends (one waiting run at most).
    case queue
}

/// What `huitong serve` does, when it starts, with the fires a job missed while the service was down.
package enum MisfirePolicy: String, Sendable, CaseIterable {
    /// Leave them out: the job runs at its next time from now.
    case skip
    /// Run the job once now (however many fires were missed), then at its times again.
    case runOnce = "run-once"
}

/// How the service treats one scheduled job.
package struct ServiceJob: Sendable, Equatable {
    package var name: String
    package var schedule: JobSchedule
    package var overlap: OverlapPolicy
    package var misfire: MisfirePolicy
    /// Up to this many milliseconds added to each fire, the same for the same job and fire
    /// (spreads jobs that share a time over a window without making runs unpredictable).
    package var jitterMilliseconds: Int64
    /// The platforms the job's targets send to: the per-platform limit counts them.
    package var platforms: Set<String>

    package init(name: String, schedule: JobSchedule, overlap: OverlapPolicy = .skip, misfire: MisfirePolicy = .runOnce,
                 jitterMilliseconds: Int64 = 0, platforms: Set<String>) {
        self.name = name
        self.schedule = schedule
        self.overlap = overlap
        self.misfire = misfire
        self.jitterMilliseconds = jitterMilliseconds
        self.platforms = platforms
    }
}

/// The scheduler service's decisions, as values: which job to start when, which fire to skip,
/// which to queue, which waits for a free slot — from the jobs, the clock's reading and what is
/// running. No clock, no I/O, no tasks: the service loop feeds it times and events and carries
/// out what it returns, and tests drive it through any sequence of times.
package struct ServicePlan: Sendable {
    package struct Limits: Sendable, Equatable {
        /// Runs at the same time across the service.
        package var jobs: Int
        /// Runs at the same time that send to one platform.
        package var perPlatform: Int

        package init(jobs: Int = 2, perPlatform: Int = 1) {
            self.jobs = max(1, jobs)
            self.perPlatform = max(1, perPlatform)
        }
    }

    /// Why a run starts.
    package enum Reason: String, Sendable, Equatable {
        /// Its time came.
        case due
        /// The service was down at its time(s); the misfire policy runs it once.
        case misfire
        /// It fell due while running, and its overlap policy is `queue`.
        case queued
    }

    /// One thing the loop must do or log.
    package enum Decision: Sendable, Equatable {
        /// Start a run of `job` for the fire scheduled at `fire`.
        case start(job: String, fire: Timestamp, reason: Reason)
        /// `fire` came while the job was running; its overlap policy left it out.
        case skipOverlap(job: String, fire: Timestamp)
        /// `fire` came while the job was running; it runs when the current run ends.
        case queue(job: String, fire: Timestamp)
        /// The job is due but a limit is reached (`platform` names the full one, or nil for the
        /// service-wide limit); said once per fire.
        case wait(job: String, fire: Timestamp, platform: String?)
        /// The service was down for `missed` fires of the job (the first at `first`); the policy
        /// ran it once (`runOnce`) or left them out.
        case misfire(job: String, missed: Int, first: Timestamp, policy: MisfirePolicy)
    }

    struct Entry: Sendable {
        var job: ServiceJob
        /// The next fire to act on (before jitter); nil: none (a schedule with no future fire).
        var due: Timestamp?
        var reason: Reason = .due
        var running = false
        var queued: Timestamp?
        /// The fire the last run started for (persisted, for misfires after a restart).
        var lastFire: Timestamp?
        /// The fire a wait was said for, so it is said once.
        var waitSaid: Timestamp?
        /// Due, but held back by a limit: not a reason to wake (the run that frees a slot wakes
        /// the loop), so the loop never spins while a job waits.
        var waiting = false
    }

    private(set) var entries: [String: Entry] = [:]
    package var limits: Limits
    private var pending: [Decision] = []

    /// The plan for `jobs` when the service starts at `now`, with the fires the state recorded
    /// (`lastFires`: job name → the fire its last run started for).
    ///
    /// A job never fired: `every` jobs are due at once, others at their next time. A job whose
    /// next fire after its last one has passed was missed while the service was down: its
    /// misfire policy decides (reported by the first ``decide(at:)``).
    package init(jobs: [ServiceJob], lastFires: [String: Timestamp], now: Timestamp, limits: Limits = Limits()) {
        self.limits = limits
        for job in jobs { add(job, lastFire: lastFires[job.name], now: now) }
    }

    private mutating func add(_ job: ServiceJob, lastFire: Timestamp?, now: Timestamp) {
        var entry = Entry(job: job, lastFire: lastFire)
        // A last fire in the future (the clock was set back) is not trusted: the job starts afresh.
        if let lastFire, lastFire <= now {
            if let next = job.schedule.next(after: lastFire), next <= now {
                // The fires between the last one and now were missed.
                var missed = 0
                var cursor: Timestamp? = next
                while let fire = cursor, fire <= now, missed < 100_000 {
                    missed += 1
                    cursor = job.schedule.next(after: fire)
                }
                pending.append(.misfire(job: job.name, missed: missed, first: next, policy: job.misfire))
                switch job.misfire {
                case .runOnce:
                    entry.due = now
                    entry.reason = .misfire
                case .skip:
                    entry.due = Self.nextFire(job.schedule, after: now, beyond: now)
                }
            } else {
                entry.due = job.schedule.next(after: lastFire)
            }
        } else if job.schedule.countsFromLastStart {
            entry.due = now
        } else {
            entry.due = job.schedule.next(after: now)
        }
        entries[job.name] = entry
    }

    /// The fire with the job's jitter added: when the run may start.
    package static func startTime(of job: ServiceJob, fire: Timestamp) -> Timestamp {
        guard job.jitterMilliseconds > 0 else { return fire }
        // FNV-1a of the name and the fire: the same offset for the same fire, in every process.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in job.name.utf8 + withUnsafeBytes(of: fire.millisecondsSinceEpoch.littleEndian, Array.init) {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return fire.adding(milliseconds: Int64(hash % UInt64(job.jitterMilliseconds)))
    }

    /// What to do at `now`: the misfires found at start, then, in order of time and name, each
    /// due job started (when no limit is reached), skipped or queued (when it is running), or
    /// said to wait. `stopping`: start nothing (the service was asked to stop).
    package mutating func decide(at now: Timestamp, stopping: Bool = false) -> [Decision] {
        var decisions = pending
        pending = []
        guard !stopping else { return decisions }
        let ready = entries.values.compactMap { entry -> (Timestamp, String)? in
            if !entry.running, let queued = entry.queued { return (queued, entry.job.name) }
            guard let due = entry.due, Self.startTime(of: entry.job, fire: due) <= now else { return nil }
            return (due, entry.job.name)
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for (_, name) in ready {
            guard var entry = entries[name] else { continue }
            if entry.running, let due = entry.due {
                switch entry.job.overlap {
                case .skip: decisions.append(.skipOverlap(job: name, fire: due))
                case .queue:
                    if entry.queued == nil {
                        entry.queued = due
                        decisions.append(.queue(job: name, fire: due))
                    } else {
                        decisions.append(.skipOverlap(job: name, fire: due))
                    }
                }
                entry.due = Self.nextFire(entry.job.schedule, after: due, beyond: now)
                entries[name] = entry
                continue
            }
            let fire = entry.queued ?? entry.due!
            let reason: Reason = entry.queued != nil ? .queued : entry.reason
            if let full = fullLimit(for: entry.job) {
                entry.waiting = true
                if entry.waitSaid != fire {
                    entry.waitSaid = fire
                    decisions.append(.wait(job: name, fire: fire, platform: full.isEmpty ? nil : full))
                }
                entries[name] = entry
                continue
            }
            decisions.append(.start(job: name, fire: fire, reason: reason))
            entry.running = true
            entry.lastFire = fire
            entry.waitSaid = nil
            entry.waiting = false
            if entry.queued != nil {
                entry.queued = nil
                // The queued run stands for every fire that passed while the job ran.
                if let due = entry.due, due <= now { entry.due = Self.nextFire(entry.job.schedule, after: due, beyond: now) }
            } else {
                entry.reason = .due
                // `every` counts from the start (without the fire's jitter, so periods do not
                // drift); other schedules from the fire. Fires that passed while the job waited
                // for a slot are one run, not a pile.
                let jitter = Self.startTime(of: entry.job, fire: fire).millisecondsSinceEpoch - fire.millisecondsSinceEpoch
                let start = now.adding(milliseconds: -jitter)
                let base = entry.job.schedule.countsFromLastStart ? max(fire, start) : fire
                entry.due = Self.nextFire(entry.job.schedule, after: base, beyond: now)
            }
            entries[name] = entry
        }
        return decisions
    }

    /// The first fire after `fire` that is later than `now` (nil: the schedule has none left).
    static func nextFire(_ schedule: JobSchedule, after fire: Timestamp, beyond now: Timestamp) -> Timestamp? {
        var next = schedule.next(after: fire)
        var guardCount = 0
        while let candidate = next, candidate <= now, guardCount < 1_000_000 {
            next = schedule.next(after: candidate)
            guardCount += 1
        }
        return next
    }

    /// The limit `job` would exceed if it started now: a platform's name, "" for the
    /// service-wide limit, nil when it may start.
    private func fullLimit(for job: ServiceJob) -> String? {
        let running = entries.values.filter(\.running)
        if running.count >= limits.jobs { return "" }
        for platform in job.platforms.sorted() where running.filter({ $0.job.platforms.contains(platform) }).count >= limits.perPlatform {
            return platform
        }
        return nil
    }

    /// The run of `job` ended.
    package mutating func finished(job name: String) {
        entries[name]?.running = false
        // A slot is free: every job waiting for one is considered again.
        for key in entries.keys { entries[key]?.waiting = false }
    }

    /// When the loop must look again (nil: nothing is scheduled). A running job's fire counts
    /// too: its overlap policy must be applied when it comes.
    package func nextWake() -> Timestamp? {
        var times = entries.values.filter { !$0.waiting }.compactMap { entry in entry.due.map { Self.startTime(of: entry.job, fire: $0) } }
        if !pending.isEmpty { times.append(Timestamp(millisecondsSinceEpoch: 0)) }
        return times.min()
    }

    /// The fire each job last started for: what the state persists.
    package var lastFires: [String: Timestamp] {
        entries.compactMapValues(\.lastFire)
    }

    /// Jobs running now.
    package var running: [String] { entries.values.filter(\.running).map(\.job.name).sorted() }

    /// The job's next fire, for status.
    package func due(_ job: String) -> Timestamp? { entries[job]?.due }

    /// A new configuration's jobs: jobs kept by name keep their last fire and their running run
    /// (a changed schedule takes effect from the last fire); new jobs start as at start-up,
    /// without misfires; jobs no longer configured are dropped once their run ends.
    package mutating func reload(jobs: [ServiceJob], now: Timestamp) {
        var next: [String: Entry] = [:]
        for job in jobs {
            if var entry = entries[job.name] {
                let scheduleChanged = entry.job.schedule != job.schedule
                entry.job = job
                if scheduleChanged {
                    entry.due = entry.lastFire.map { Self.nextFire(job.schedule, after: $0, beyond: now) }
                        ?? (job.schedule.countsFromLastStart ? now : job.schedule.next(after: now))
                }
                next[job.name] = entry
            } else {
                var entry = Entry(job: job)
                entry.due = job.schedule.countsFromLastStart ? now : job.schedule.next(after: now)
                next[job.name] = entry
            }
        }
        for (name, entry) in entries where next[name] == nil && entry.running {
            var leaving = entry
            leaving.due = nil
            leaving.queued = nil
            next[name] = leaving
        }
        entries = next
    }

    /// Drops jobs that are no longer configured and no longer running.
    package mutating func forget(job name: String) {
        if entries[name]?.due == nil, entries[name]?.running == false { entries[name] = nil }
    }
}
