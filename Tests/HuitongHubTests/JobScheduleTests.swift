import HuitongCore
import HuitongHub
import HuitongTestSupport
import HuitongYAML
import Testing
import Foundation
import FoundationEssentials

@Suite struct JobScheduleTests {
    static let beijing1000 = try! Timestamp(parsing: "2026-11-29 10:00:00", as: .dateTime, in: .beijing)

    @Test func intervalsAndDailyTimesParseAndPrintBack() {
        #expect(JobSchedule("every 15m") == .every(seconds: 900))
        #expect(JobSchedule("every 2h") == .every(seconds: 7200))
        #expect(JobSchedule("every 30s") == .every(seconds: 30))
        #expect(JobSchedule("daily 02:00") == .daily(minuteOfDay: 120))
        #expect(JobSchedule("daily 02:00")?.description == "daily 02:00")
        #expect(JobSchedule("every 15m")?.description == "every 15m")
        for wrong in ["hourly", "every 0m", "every 5x", "every m", "daily 24:00", "daily 2:00", "daily 02:60", "weekly 02:00", ""] {
            #expect(JobSchedule(wrong) == nil, "\(wrong)")
        }
    }

    @Test func everyCountsFromTheLastStart() {
        #expect(JobSchedule.every(seconds: 900).next(after: Self.beijing1000) == Self.beijing1000.adding(milliseconds: 900_000))
    }

    @Test func dailyIsTheNextBeijingWallTime() throws {
        let today0200 = try Timestamp(parsing: "2026-11-30 02:00:00", as: .dateTime, in: .beijing)
        #expect(JobSchedule.daily(minuteOfDay: 120).next(after: Self.beijing1000) == today0200, "02:00 has passed today: tomorrow")
        let today1030 = try Timestamp(parsing: "2026-11-29 10:30:00", as: .dateTime, in: .beijing)
        #expect(JobSchedule.daily(minuteOfDay: 630).next(after: Self.beijing1000) == today1030)
        #expect(JobSchedule.daily(minuteOfDay: 600).next(after: Self.beijing1000) == Self.beijing1000.adding(milliseconds: 86_400_000), "exactly now: the next day")
    }

    @Test func atEveryTakesHoursMinutesAndSecondsAndCountsFromTheLastStart() throws {
        #expect(JobSchedule("@every 90s") == .every(seconds: 90))
        #expect(JobSchedule("@every 1h30m") == .every(seconds: 5_400))
        #expect(JobSchedule("every 1h30m") == .every(seconds: 5_400), "every and @every are one form")
        #expect(JobSchedule("@every 2h")?.description == "@every 2h")
        #expect(JobSchedule("@every 15m")?.countsFromLastStart == true)
        #expect(JobSchedule("@daily")?.countsFromLastStart == false)
        #expect(JobSchedule("@every 1h30m")?.next(after: Self.beijing1000) == Self.beijing1000.adding(milliseconds: 5_400_000))
        let cases: [(String, String)] = [
            ("@every 0s", "@every 0s would run without pause; the interval must be above 0"),
            ("@every 90", "@every takes an interval with its unit, such as 90s, 15m, 2h or 1h30m, not \"90\""),
            ("@every 30s1m", "@every takes an interval such as 90s, 15m, 2h or 1h30m (hours, minutes, seconds, in that order), not \"30s1m\""),
            ("@every 1h1h", "@every takes an interval such as 90s, 15m, 2h or 1h30m (hours, minutes, seconds, in that order), not \"1h1h\""),
            ("@every", "@every takes one interval such as 90s, 15m, 2h or 1h30m"),
            ("every 8785h", "every 8785h is longer than a year; the longest interval is 8784h (366 days)"),
            ("every day", "every takes an interval such as 90s, 15m, 2h or 1h30m (hours, minutes, seconds, in that order), not \"day\""),
        ]
        for (text, detail) in cases {
            #expect(refusal(text)?.code == .invalidInterval, "\(text)")
            #expect(refusal(text)?.detail == detail, "\(text)")
        }
    }

    @Test func aRunIsDueAgainAtTheFirstTimeStillToCome() throws {
        let started = Self.beijing1000
        let every15m = try #require(JobSchedule("every 15m"))
        #expect(every15m.firstDue(schedulerStart: started) == started, "an interval job runs at once")
        #expect(every15m.nextDue(afterStart: started, now: started.adding(milliseconds: 60_000)) == started.adding(milliseconds: 900_000))
        #expect(every15m.nextDue(afterStart: started, now: started.adding(milliseconds: 2_400_000)) == started.adding(milliseconds: 2_700_000), "a 40-minute run: 10:45")
        #expect(every15m.nextDue(afterStart: started, now: started.adding(milliseconds: 900_000)) == started.adding(milliseconds: 1_800_000))
        let hourly = try #require(JobSchedule("@hourly"))
        #expect(hourly.firstDue(schedulerStart: started) == started.adding(milliseconds: 3_600_000), "a calendar job waits for its time")
        #expect(hourly.nextDue(afterStart: started, now: started.adding(milliseconds: 9_000_000)) == started.adding(milliseconds: 10_800_000), "ended 12:30: 13:00")
        #expect(hourly.dueTimes(schedulerStart: started, count: 3) == [1, 2, 3].map { started.adding(milliseconds: $0 * 3_600_000) })
        #expect(every15m.dueTimes(schedulerStart: started, count: 3) == [0, 1, 2].map { started.adding(milliseconds: $0 * 900_000) })
    }

    /// `huitong.yaml` of the test office with `lines` added to the job `teams`, and the line
    /// number (1-based) of the first of them.
    static func office(addingToTeams lines: [String]) throws -> (TestOffice, line: Int) {
        let bed = try TestOffice.withSamples()
        let text = bed.configurationText
        let line = text.components(separatedBy: "\n").firstIndex(of: "  teams:")! + 2
        try text.replacingOccurrences(of: "  teams:\n", with: "  teams:\n" + lines.map { "    \($0)\n" }.joined())
            .write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        return (bed, line)
    }

    static func problems(addingToTeams lines: [String]) throws -> (problems: [String], line: Int) {
        let (bed, line) = try office(addingToTeams: lines)
        do {
            _ = try HubConfiguration.load(path: bed.configurationPath)
            return ([], line)
        } catch {
            return (error.errors.map(\.description), line)
        }
    }

    @Test func aMisspeltScheduleIsAnErrorAtItsValue() throws {
        let (found, line) = try Self.problems(addingToTeams: ["schedule: every day"])
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains("huitong.yaml:\(line):15: invalid schedule \"every day\": every takes an interval such as 90s") == true, "\(found)")
    }

    @Test func anInvalidCronFieldIsAnErrorAtItsValueNamingTheField() throws {
        let (found, line) = try Self.problems(addingToTeams: ["schedule: \"0 24 * * MON-FRI\""])
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains("huitong.yaml:\(line):15: invalid schedule \"0 24 * * MON-FRI\": field 2 (hour) has 24; hours are 0–23") == true, "\(found)")
    }

    @Test func aJobsTimeZoneIsReadAndCheckedAtItsValue() throws {
        let (bed, _) = try Self.office(addingToTeams: ["schedule: 0 9 * * MON-FRI", "timezone: America/New_York"])
        let teams = try #require(try HubConfiguration.load(path: bed.configurationPath).job(named: "teams"))
        #expect(teams.schedule?.timeZone.identifier == "America/New_York")
        #expect(teams.schedule?.description == "0 9 * * MON-FRI")

        let (misspelt, line) = try Self.problems(addingToTeams: ["timezone: Asia/Shangai", "schedule: daily 02:00"])
        #expect(misspelt.count == 1, "\(misspelt)")
        #expect(misspelt.first?.contains("huitong.yaml:\(line):15: unknown time zone \"Asia/Shangai\"; did you mean \"Asia/Shanghai\"?") == true, "\(misspelt)")

        let (alone, _) = try Self.problems(addingToTeams: ["timezone: UTC"])
        #expect(alone.count == 1 && alone[0].contains("timezone sets the zone a job's schedule is read in; this job has no schedule"), "\(alone)")
    }
}
