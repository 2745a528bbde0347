import HuitongCore

/// Where one job stands, for `huitong status`: its last run and how it ended, its last
/// success, when its schedule runs it next, and whether its last success is fresh enough.
package struct JobStatus: Sendable {
    package let job: String
    package let schedule: String?
    package let lastRun: (run: HistoryRun, outcome: RunOutcome)?
    package let lastSuccess: Timestamp?
    /// When the schedule runs the job next, after its last start (or now, if it never ran).
    package let nextRun: Timestamp?
    /// The next run's time has passed: nothing running on the schedule started it.
    package let overdue: Bool
    package let freshness: FreshnessPolicy?
    /// Nil without a policy.
    package let level: FreshnessPolicy.Level?
    package let ageSeconds: Int64?
    package let problems: [String]

    package init(job: JobConfiguration, history: JobHistory, now: Timestamp) {
        self.job = job.name
        schedule = job.schedule?.description
        lastRun = history.outcomes.last
        lastSuccess = history.totals.lastSuccess
        if let schedule = job.schedule {
            // The time after the last start (a schedule with no time left has none).
            let next = schedule.next(after: lastRun?.run.started ?? now)
            nextRun = next
            overdue = next.map { $0 < now } == true && lastRun?.outcome != .running
        } else {
            nextRun = nil
            overdue = false
        }
        freshness = job.freshness
        level = job.freshness?.level(lastSuccess: lastSuccess, now: now)
        ageSeconds = lastSuccess.map { (now.millisecondsSinceEpoch - $0.millisecondsSinceEpoch) / 1000 }
        problems = history.problems
    }

    /// Whether the job breaks its freshness policy (at `warn` or `error`).
    package var isStale: Bool { level == .warn || level == .error }

    package var json: Value {
        var object: OrderedObject = ["job": .string(job)]
        object["schedule"] = schedule.map(Value.string) ?? .null
        object["running"] = .bool(lastRun?.outcome == .running)
        object["lastRun"] = lastRun.map { $0.run.reportJSON(outcome: $0.outcome) } ?? .null
        object["lastSuccess"] = lastSuccess.map(HistoryLine.time) ?? .null
        object["nextRun"] = nextRun.map(HistoryLine.time) ?? .null
        object["overdue"] = .bool(overdue)
        if let freshness {
            object["freshness"] = [
                "warn": freshness.warnSeconds.map { .string(DurationText.text(seconds: $0)) } ?? .null,
                "error": freshness.errorSeconds.map { .string(DurationText.text(seconds: $0)) } ?? .null,
                "level": .string(level?.rawValue ?? "fresh"),
                "ageSeconds": ageSeconds.map { .integer($0) } ?? .null,
            ]
        } else {
            object["freshness"] = .null
        }
        object["problems"] = .array(problems.map(Value.string))
        return .object(object)
    }
}
