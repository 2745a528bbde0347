import Foundation
import HuitongCore
@testable import HuitongHub
import HuitongTestSupport
import Testing
import HuitongYAML

@Suite struct FreshnessTests {
    @Test func durationsAreAWholeNumberAndOneUnit() {
        #expect(DurationText.seconds("90s") == 90 && DurationText.seconds("15m") == 900)
        #expect(DurationText.seconds("2h") == 7200 && DurationText.seconds("1d") == 86_400)
        for bad in ["", "h", "0m", "-1h", "1.5h", "2 h", "2H", "1w", "１h"] { #expect(DurationText.seconds(bad) == nil, "\(bad)") }
        #expect(DurationText.text(seconds: 86_400) == "1d" && DurationText.text(seconds: 5400) == "90m")
        #expect(DurationText.approximate(seconds: 3 * 3600 + 12 * 60 + 7) == "3h 12m")
        #expect(DurationText.approximate(seconds: 0) == "0s")
    }

    @Test func aLastSuccessOlderThanWarnOrErrorIsFlaggedAndNoneAtAllIsAsStaleAsThePolicySays() {
        let now = Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)
        let policy = FreshnessPolicy(warnSeconds: 7200, errorSeconds: 86_400)
        #expect(policy.level(lastSuccess: now.adding(milliseconds: -3_600_000), now: now) == .fresh)
        #expect(policy.level(lastSuccess: now.adding(milliseconds: -7_201_000), now: now) == .warn)
        #expect(policy.level(lastSuccess: now.adding(milliseconds: -86_401_000), now: now) == .error)
        #expect(policy.level(lastSuccess: nil, now: now) == .error)
        #expect(FreshnessPolicy(warnSeconds: 60).level(lastSuccess: nil, now: now) == .warn)
    }

    func load(_ freshness: String) throws -> (JobConfiguration?, [String]) {
        let bed = try TestOffice.withSamples()
        let text = bed.configurationText.replacingOccurrences(of: "  teams:\n", with: "  teams:\n    freshness: \(freshness)\n")
        try text.write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        do {
            return (try HubConfiguration.load(path: bed.configurationPath).job(named: "teams"), [])
        } catch {
            return (nil, error.errors.map(\.description))
        }
    }

    @Test func theFreshnessKeyIsReadWithTheJob() throws {
        let (job, problems) = try load("{warn: 2h, error: 1d}")
        #expect(problems.isEmpty, "\(problems)")
        #expect(job?.freshness == FreshnessPolicy(warnSeconds: 7200, errorSeconds: 86_400))
        #expect(try load("{error: 30m}").0?.freshness == FreshnessPolicy(errorSeconds: 1800))
    }

    @Test func aBadFreshnessIsReportedAtItsLineAndColumn() throws {
        let cases: [(String, String)] = [
            ("{warn: 2 hours}", "warn is how old the last success may be"),
            ("{warn: 1d, error: 2h}", "warn (1d) must be a shorter age than error (2h)"),
            ("{warm: 2h}", "did you mean \"warn\""),
            ("{}", "freshness needs warn:, error: or both"),
            ("2h", "freshness is a mapping"),
        ]
        for (freshness, message) in cases {
            let (_, problems) = try load(freshness)
            #expect(problems.count == 1, "\(freshness): \(problems)")
            // The sample configuration's teams job is at line 30 or so; the key is on the line after its name.
            #expect(problems.first.map { $0.contains("huitong.yaml:") && $0.contains(message) } == true, "\(freshness): \(problems)")
        }
    }

    @Test func theStatusSaysTheLastRunTheLastSuccessTheNextRunAndTheLevel() throws {
        let bed = try TestOffice.withSamples()
        let text = bed.configurationText.replacingOccurrences(of: "  teams:\n", with: "  teams:\n    schedule: every 15m\n    freshness: {warn: 2h, error: 1d}\n")
        try text.write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        let job = try #require(try HubConfiguration.load(path: bed.configurationPath).job(named: "teams"))
        let now = Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)
        var history = JobHistory(job: "teams", test: false)
        #expect(JobStatus(job: job, history: history, now: now).level == .error, "never succeeded")

        let started = now.adding(milliseconds: -3 * 3_600_000)
        var run = HistoryRun(id: "a1", job: "teams", test: false, started: started, pid: 1, finish: nil)
        run.finish = RunFinish(
            run: "r1", resumed: false, finished: started.adding(milliseconds: 1000), milliseconds: 1000, outcome: .finishedWithFindings,
            read: 42, normalised: 40, setAside: 2, stoppedBy: nil, error: nil, targets: []
        )
        history.runs = [run]
        let status = JobStatus(job: job, history: history, now: now)
        #expect(status.level == .warn && status.isStale)
        #expect(status.lastSuccess == started.adding(milliseconds: 1000))
        #expect(status.nextRun == started.adding(milliseconds: 15 * 60_000) && status.overdue)
        #expect(status.json["freshness"]?["level"] == "warn")
        #expect(status.json["lastRun"]?["outcome"] == "finished-with-findings")
    }
}
