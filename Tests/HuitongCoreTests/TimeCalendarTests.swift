import Testing
import HuitongCore

/// Calendar rules through `CivilDateTime`: which dates exist, and how wall times map to instants.
@Suite struct TimeCalendarTests {
    @Test("accepts 29 February in the leap year 2024")
    func leapDay2024() {
        #expect(throws: Never.self) { try CivilDateTime(year: 2024, month: 2, day: 29) }
    }

    @Test("refuses 29 February in the common year 2026")
    func noLeapDay2026() {
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 2, day: 29) }
    }

    @Test("accepts 29 February 2000: centuries divisible by 400 are leap years")
    func leapDay2000() {
        #expect(throws: Never.self) { try CivilDateTime(year: 2000, month: 2, day: 29) }
    }

    @Test("refuses 29 February 1900: other centuries are not leap years")
    func noLeapDay1900() {
        #expect(throws: TimeError.self) { try CivilDateTime(year: 1900, month: 2, day: 29) }
    }

    @Test("refuses the 31st of a 30-day month, month 13 and month 0")
    func refusesImpossibleDates() {
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 4, day: 31) }
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 13, day: 1) }
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 0, day: 1) }
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 1, day: 0) }
    }

    @Test("refuses hour 24, minute 60, second 60 and millisecond 1000")
    func refusesImpossibleTimes() {
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 1, day: 1, hour: 24) }
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 1, day: 1, minute: 60) }
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 1, day: 1, second: 60) }
        #expect(throws: TimeError.self) { try CivilDateTime(year: 2026, month: 1, day: 1, millisecond: 1_000) }
    }

    @Test("refuses years outside 0000–9999, which the text formats cannot write")
    func refusesYearsOutOfRange() {
        #expect(throws: TimeError.self) { try CivilDateTime(year: 10_000, month: 1, day: 1) }
        #expect(throws: TimeError.self) { try CivilDateTime(year: -1, month: 1, day: 1) }
    }

    @Test("explains which field is out of range")
    func explainsRangeError() {
        #expect {
            try CivilDateTime(year: 2026, month: 2, day: 29)
        } throws: { error in
            (error as? TimeError)?.description == "invalid date or time: day 29 does not exist in 2026-02, which has 28 days"
        }
    }

    @Test("the Beijing wall time 2026-11-29 10:00:00 is 2026-11-29T02:00:00Z")
    func beijingWallTimeToInstant() throws {
        let wallTime = try CivilDateTime(year: 2026, month: 11, day: 29, hour: 10)
        #expect(wallTime.timestamp(in: .beijing).millisecondsSinceEpoch == 1_795_917_600_000)
    }

    @Test("2026-11-28T20:00:00Z is 2026-11-29 04:00:00 on Beijing clocks")
    func beijingDayBoundary() throws {
        let instant = try CivilDateTime(year: 2026, month: 11, day: 28, hour: 20).timestamp(in: .utc)
        #expect(CivilDateTime(instant, in: .beijing) == (try CivilDateTime(year: 2026, month: 11, day: 29, hour: 4)))
    }

    @Test("an instant in 1969 has the right wall time on both sides of the UTC midnight")
    func negativeEpoch() throws {
        let instant = Timestamp(millisecondsSinceEpoch: -1)
        #expect(CivilDateTime(instant, in: .utc) == (try CivilDateTime(
            year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999)))
        #expect(CivilDateTime(instant, in: .beijing) == (try CivilDateTime(
            year: 1970, month: 1, day: 1, hour: 7, minute: 59, second: 59, millisecond: 999)))
    }

    @Test("1900-01-01T00:00:00Z is -2208988800000 ms")
    func year1900() throws {
        // From Python: datetime(1900,1,1,tzinfo=timezone.utc).timestamp().
        let wallTime = try CivilDateTime(year: 1900, month: 1, day: 1)
        #expect(wallTime.timestamp(in: .utc).millisecondsSinceEpoch == -2_208_988_800_000)
    }

    @Test("the last millisecond of 9999 is 253402300799999 ms")
    func year9999() throws {
        // From Python: datetime(9999,12,31,23,59,59,999000,tzinfo=timezone.utc).timestamp().
        let wallTime = try CivilDateTime(
            year: 9_999, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999)
        #expect(wallTime.timestamp(in: .utc).millisecondsSinceEpoch == 253_402_300_799_999)
    }

    @Test("wall time and instant convert back and forth for every day from 1600 to 2400")
    func dayRoundTrips() {
        // 1600-03-01 to 2400-02-29: two whole 400-year cycles, every leap-year rule included.
        let firstDay: Int64 = -135_080
        var previous: CivilDateTime?
        for day in firstDay..<(firstDay + 2 * 146_097) {
            let instant = Timestamp(millisecondsSinceEpoch: day * 86_400_000 + 45_296_789)
            let wallTime = CivilDateTime(instant, in: .utc)
            #expect(wallTime.timestamp(in: .utc) == instant)
            if let previous {
                // Consecutive days: the next day of the month, or day 1 after the month's last day.
                let isNext = (wallTime.day == previous.day + 1 && wallTime.month == previous.month)
                    || (wallTime.day == 1 && (try? CivilDateTime(
                        year: previous.year, month: previous.month, day: previous.day + 1)) == nil)
                #expect(isNext, "after \(previous) came \(wallTime)")
            }
            previous = wallTime
        }
    }
}
