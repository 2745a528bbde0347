import Foundation
import HuitongCore
import HuitongHub
import Testing

/// Schedules in the local time of their zone, across daylight-saving changes: as Python's
/// croniter does (the reference of `CronReferenceTests`).
@Suite struct ScheduleTimeZoneTests {
    // New York, 2026: clocks go forward on 8 March at 02:00 EST and back on 1 November at 02:00 EDT.

    @Test func aWallTimeTheClocksSkipFiresAsTheyJump() throws {
        #expect(try fireTimes("30 2 * * *", in: "America/New_York", after: "2026-03-07T12:00:00-05:00", count: 3) == [
            "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00",
        ])
        #expect(try fireTimes("daily 02:15", in: "America/New_York", after: "2026-03-08T01:59:59-05:00", count: 2) == [
            "2026-03-08T03:00:00-04:00", "2026-03-09T02:15:00-04:00",
        ])
    }

    @Test func withEveryHourAllowedTheSkippedHourIsSkipped() throws {
        #expect(try fireTimes("*/30 * * * *", in: "America/New_York", after: "2026-03-08T01:00:00-05:00", count: 3) == [
            "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00",
        ])
    }

    @Test func aWallTimeTheClocksRepeatFiresTwice() throws {
        #expect(try fireTimes("30 1 * * *", in: "America/New_York", after: "2026-10-31T12:00:00-04:00", count: 3) == [
            "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00",
        ])
        #expect(try fireTimes("@hourly", in: "America/New_York", after: "2026-11-01T00:30:00-04:00", count: 3) == [
            "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00",
        ])
    }

    @Test func theSouthernHemisphereChangesTheOtherWayRound() throws {
        // Sydney, 2026: back on 5 April at 03:00 AEDT, forward on 4 October at 02:00 AEST.
        #expect(try fireTimes("30 2 * * *", in: "Australia/Sydney", after: "2026-04-04T12:00:00+11:00", count: 3) == [
            "2026-04-05T02:30:00+11:00", "2026-04-05T02:30:00+10:00", "2026-04-06T02:30:00+10:00",
        ])
        #expect(try fireTimes("30 2 * * *", in: "Australia/Sydney", after: "2026-10-03T12:00:00+10:00", count: 2) == [
            "2026-10-04T03:00:00+11:00", "2026-10-05T02:30:00+11:00",
        ])
    }

    @Test func beijingTimeIsTheDefaultAndHasNoChanges() throws {
        #expect(JobSchedule("daily 02:00")?.timeZone.identifier == "Asia/Shanghai")
        #expect(try fireTimes("0 2 * * *", after: "2026-03-07T12:00:00+08:00", count: 2) == ["2026-03-08T02:00:00+08:00", "2026-03-09T02:00:00+08:00"])
        #expect(try fireTimes("0 2 * * *", in: "Asia/Kolkata", after: "2026-03-07T12:00:00+05:30", count: 1) == ["2026-03-08T02:00:00+05:30"])
    }

    @Test func theSameScheduleInAnotherZoneFiresAtThatZonesWallTime() throws {
        let beijing = try JobSchedule(parsing: "0 9 * * MON-FRI")
        let newYork = try JobSchedule(parsing: "0 9 * * MON-FRI", timeZone: JobSchedule.timeZone(named: "America/New_York"))
        #expect(beijing != newYork)
        let start = try Timestamp(parsing: "2026-06-01T00:00:00Z", as: .rfc3339)
        #expect(beijing.next(after: start) == (try Timestamp(parsing: "2026-06-01T01:00:00Z", as: .rfc3339)))
        #expect(newYork.next(after: start) == (try Timestamp(parsing: "2026-06-01T13:00:00Z", as: .rfc3339)))
    }

    @Test func wallTimesResolveToNoneOneOrTwoInstants() throws {
        let zone = try JobSchedule.timeZone(named: "America/New_York")
        #expect(zone.instants(atWallTime: try CivilDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)).isEmpty)
        #expect(zone.instants(atWallTime: try CivilDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30)).map { $0.formatted(.rfc3339, in: .utc) }
            == ["2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"])
        #expect(zone.instants(atWallTime: try CivilDateTime(year: 2026, month: 6, day: 1, hour: 12)).map { $0.formatted(.rfc3339, in: .utc) }
            == ["2026-06-01T16:00:00Z"])
    }

    @Test func timeZonesAreIANANames() throws {
        #expect(try JobSchedule.timeZone(named: "America/New_York").identifier == "America/New_York")
        #expect(try JobSchedule.timeZone(named: "UTC").secondsFromGMT() == 0)
        for wrong in ["asia/shanghai", "Asia/Shangai", "GMT+8", "Mars/Olympus_Mons", ""] {
            #expect(throws: ScheduleSyntaxError.self, "\(wrong)") { try JobSchedule.timeZone(named: wrong) }
        }
        do {
            _ = try JobSchedule.timeZone(named: "Asia/Shangai")
        } catch {
            #expect(error.code == .unknownTimeZone)
            #expect(error.detail == "unknown time zone \"Asia/Shangai\"; did you mean \"Asia/Shanghai\"? write an IANA time-zone name such as Asia/Shanghai, America/New_York or UTC")
        }
    }
}
