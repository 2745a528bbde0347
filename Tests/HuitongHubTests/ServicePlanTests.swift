import HuitongCore
@testable import HuitongHub
import Testing

/// The service's decisions as values: no clock, no runs, only times and events.
@Suite("Service plan")
struct ServicePlanTests {
    let t0 = Timestamp(millisecondsSinceEpoch: 1_765_000_000_000)

    func at(_ seconds: Int64) -> Timestamp { t0.adding(milliseconds: seconds * 1000) }

    func every(_ name: String, _ seconds: Int, overlap: OverlapPolicy = .skip, platforms: Set<String> = ["province"]) -> ServiceJob {
        ServiceJob(name: name, schedule: .every(seconds: seconds), overlap: overlap, platforms: platforms)
    }

    @Test("an every job is due at once, then its interval after each start")
    func everyFromStart() {
        var plan = ServicePlan(jobs: [every("a", 10)], lastFires: [:], now: at(0))
        #expect(plan.decide(at: at(0)) == [.start(job: "a", fire: at(0), reason: .due)])
        #expect(plan.nextWake() == at(10))
        plan.finished(job: "a")
        #expect(plan.decide(at: at(5)) == [])
        #expect(plan.decide(at: at(12)) == [.start(job: "a", fire: at(10), reason: .due)])
        #expect(plan.due("a") == at(22), "counted from the start at 12 s")
    }

    @Test("overlap skip leaves a fire out; queue runs once more when the run ends, and a second fire meanwhile is skipped")
    func overlap() {
        var plan = ServicePlan(jobs: [every("s", 1), every("q", 1, overlap: .queue, platforms: ["city"])], lastFires: [:], now: at(0),
                               limits: .init(jobs: 4, perPlatform: 1))
        #expect(plan.decide(at: at(0)) == [.start(job: "q", fire: at(0), reason: .due), .start(job: "s", fire: at(0), reason: .due)])
        #expect(plan.decide(at: at(1)) == [.queue(job: "q", fire: at(1)), .skipOverlap(job: "s", fire: at(1))])
        #expect(plan.decide(at: at(2)) == [.skipOverlap(job: "q", fire: at(2)), .skipOverlap(job: "s", fire: at(2))])
        plan.finished(job: "q")
        #expect(plan.decide(at: at(2)) == [.start(job: "q", fire: at(1), reason: .queued)])
        #expect(plan.running == ["q", "s"])
    }

    @Test("the service-wide and the per-platform limit make a due job wait, said once, and start it when a slot frees")
    func limits() {
        let jobs = [every("a", 60, platforms: ["province"]), every("b", 60, platforms: ["province", "city"]), every("c", 60, platforms: ["city"])]
        var plan = ServicePlan(jobs: jobs, lastFires: [:], now: at(0), limits: .init(jobs: 2, perPlatform: 1))
        #expect(plan.decide(at: at(0)) == [
            .start(job: "a", fire: at(0), reason: .due), .wait(job: "b", fire: at(0), platform: "province"),
            .start(job: "c", fire: at(0), reason: .due),
        ])
        #expect(plan.decide(at: at(1)) == [], "a wait is said once")
        plan.finished(job: "a")
        #expect(plan.decide(at: at(2)) == [], "b still needs city, which c holds; its wait for this fire was said")
        plan.finished(job: "c")
        #expect(plan.decide(at: at(3)) == [.start(job: "b", fire: at(0), reason: .due)])
        var one = ServicePlan(jobs: [every("a", 60, platforms: ["x"]), every("b", 60, platforms: ["y"])], lastFires: [:], now: at(0),
                              limits: .init(jobs: 1, perPlatform: 5))
        #expect(one.decide(at: at(0)) == [.start(job: "a", fire: at(0), reason: .due), .wait(job: "b", fire: at(0), platform: nil)])
    }

    @Test("after downtime: run-once runs a missed job once, however many fires it missed; skip waits for the next time")
    func misfires() {
        let hourly = ServiceJob(name: "h", schedule: .every(seconds: 3600), misfire: .runOnce, platforms: ["p"])
        let daily = ServiceJob(name: "d", schedule: .daily(minuteOfDay: 120), misfire: .skip, platforms: ["q"])
        let lastDaily = daily.schedule.next(after: at(-4 * 86_400))!
        var plan = ServicePlan(jobs: [hourly, daily], lastFires: ["h": at(-5 * 3600 - 10), "d": lastDaily], now: at(0),
                               limits: .init(jobs: 4, perPlatform: 4))
        let decisions = plan.decide(at: at(0))
        #expect(decisions.contains(.misfire(job: "h", missed: 5, first: at(-4 * 3600 - 10), policy: .runOnce)), "\(decisions)")
        #expect(decisions.contains(.start(job: "h", fire: at(0), reason: .misfire)))
        #expect(decisions.contains { if case let .misfire("d", missed, _, .skip) = $0 { missed >= 3 } else { false } }, "\(decisions)")
        #expect(!decisions.contains { if case .start("d", _, _) = $0 { true } else { false } })
        #expect(plan.due("d") == daily.schedule.next(after: at(0))!)
        plan.finished(job: "h")
        #expect(plan.decide(at: at(1)) == [], "caught up once, not five times")
        #expect(plan.lastFires["h"] == at(0))

        let fresh = ServicePlan(jobs: [hourly], lastFires: ["h": at(-10)], now: at(0))
        #expect(fresh.due("h") == at(3590), "not missed: its next time after the last fire")
    }

    @Test("jitter delays each fire by the same amount for the same job and fire, within the window")
    func jitter() {
        var job = ServiceJob(name: "j", schedule: .daily(minuteOfDay: 0), jitterMilliseconds: 30_000, platforms: ["p"])
        let fire = job.schedule.next(after: at(0))!
        let start = ServicePlan.startTime(of: job, fire: fire)
        #expect(start >= fire && start < fire.adding(milliseconds: 30_000))
        #expect(ServicePlan.startTime(of: job, fire: fire) == start)
        var plan = ServicePlan(jobs: [job], lastFires: [:], now: at(0))
        #expect(plan.nextWake() == start)
        #expect(plan.decide(at: fire.adding(milliseconds: -1)) == [])
        #expect(plan.decide(at: start) == [.start(job: "j", fire: fire, reason: .due)])
        job.jitterMilliseconds = 0
        #expect(ServicePlan.startTime(of: job, fire: fire) == fire)
    }

    @Test("stopping starts nothing; a reload keeps last fires and running runs, adds new jobs and drops removed ones")
    func stoppingAndReload() {
        var plan = ServicePlan(jobs: [every("a", 10), every("b", 10, platforms: ["city"])], lastFires: [:], now: at(0))
        #expect(plan.decide(at: at(0), stopping: true) == [])
        _ = plan.decide(at: at(0))
        plan.reload(jobs: [every("a", 30), every("c", 5, platforms: ["x"])], now: at(1))
        #expect(plan.due("a") == at(30), "a changed schedule counts from the last fire")
        #expect(plan.due("c") == at(1))
        #expect(plan.running == ["a", "b"], "b's run goes on; it is dropped when it ends")
        #expect(plan.due("b") == nil)
        plan.finished(job: "b")
        plan.forget(job: "b")
        #expect(plan.running == ["a"])
        #expect(plan.decide(at: at(1)) == [.start(job: "c", fire: at(1), reason: .due)])
    }

    @Test("review fixes: a waiting job is no reason to wake; a queued run covers the fires that passed; a clock set back; skip after a very long downtime; every with jitter does not drift")
    func reviewFixes() {
        // Waiting for a slot: the next wake is the other job's fire, not the past one (no spin).
        var plan = ServicePlan(jobs: [every("a", 60), every("b", 60)], lastFires: [:], now: at(0), limits: .init(jobs: 1, perPlatform: 1))
        #expect(plan.decide(at: at(0)) == [.start(job: "a", fire: at(0), reason: .due), .wait(job: "b", fire: at(0), platform: nil)])
        #expect(plan.nextWake() == at(60), "b waits for a to end, which wakes the loop")
        plan.finished(job: "a")
        #expect(plan.nextWake() == at(0), "once a slot is free b is considered at once")
        #expect(plan.decide(at: at(1)) == [.start(job: "b", fire: at(0), reason: .due)])

        // The queued run ends after the next fire came and went unseen: one run, not two.
        var queued = ServicePlan(jobs: [every("q", 10, overlap: .queue)], lastFires: [:], now: at(0))
        _ = queued.decide(at: at(0))
        #expect(queued.decide(at: at(10)) == [.queue(job: "q", fire: at(10))])
        queued.finished(job: "q")
        #expect(queued.decide(at: at(25)) == [.start(job: "q", fire: at(10), reason: .queued)])
        #expect(queued.due("q") == at(30))
        queued.finished(job: "q")
        #expect(queued.decide(at: at(26)) == [])

        // A last fire in the future: the clock was set back; the job starts afresh.
        let back = ServicePlan(jobs: [every("c", 900)], lastFires: ["c": at(86_400)], now: at(0))
        #expect(back.due("c") == at(0))

        // A week down with @every 1s and misfire skip: the next second, not a start now.
        let skip = ServiceJob(name: "s", schedule: .every(seconds: 1), misfire: .skip, platforms: ["p"])
        var long = ServicePlan(jobs: [skip], lastFires: ["s": at(-7 * 86_400)], now: at(0))
        #expect(long.due("s") == at(1))
        #expect(!long.decide(at: at(0)).contains { if case .start = $0 { true } else { false } })

        // Jitter delays each start, but the interval counts from the fire it was meant for.
        let jittered = ServiceJob(name: "j", schedule: .every(seconds: 100), jitterMilliseconds: 50_000, platforms: ["p"])
        var drift = ServicePlan(jobs: [jittered], lastFires: [:], now: at(0))
        let start = ServicePlan.startTime(of: jittered, fire: at(0))
        #expect(drift.decide(at: start) == [.start(job: "j", fire: at(0), reason: .due)])
        #expect(drift.due("j") == at(100), "not \(start) + 100 s")
    }
}
