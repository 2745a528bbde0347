import HuitongCore
import Testing
@testable import HuitongMapping

@Suite("Dates and times")
struct FunctionsDateTimeTests {
    /// The completion-date formats of the mapping agreement (`jgrq`).
    static let completionDate = try! DateParser(formats: ["yyyy-MM-dd", "yyyy/M/d", "yyyy年M月d日"])
    /// The update-time formats of the mapping agreement (`gxsj`).
    static let updateTime = try! DateTimeParser(formats: ["yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm"])

    @Test("dates are read in the first format that matches wholly", arguments: [
        "2019-07-01", "2019/7/1", "2019/07/01", "2019年7月1日", "2019年07月01日",
    ])
    func datesAreRead(text: String) throws {
        #expect(try Self.completionDate.parse(text) == CalendarDate(year: 2019, month: 7, day: 1))
        #expect(try Self.completionDate.parse(text).description == "2019-07-01")
    }

    @Test("text in none of the formats fails, naming the formats", arguments: [
        "2019-7-1", "2019.07.01", "19/7/1", "2019/7/1 ", "2019/123/1", "2019年7月1", "", "2019-07-01T00:00",
    ])
    func datesInNoFormatFail(text: String) {
        let error = #expect(throws: StepFailure.self) { try Self.completionDate.parse(text) }
        #expect(error?.message.hasPrefix("not a date in any of the formats yyyy-MM-dd, yyyy/M/d, yyyy年M月d日") == true)
    }

    @Test("dates that do not exist fail with the reason", arguments: [
        ("2026-02-30", "day 30 does not exist in 2026-02, which has 28 days"),
        ("2026/13/1", "month 13 is outside 01–12"),
        ("2026年0月1日", "month 0 is outside 01–12"),
    ])
    func nonexistentDatesFail(text: String, reason: String) {
        let error = #expect(throws: StepFailure.self) { try Self.completionDate.parse(text) }
        #expect(error?.message == "no such date: \"\(text)\" (\(reason))")
    }

    @Test("29 February exists in leap years only")
    func leapDays() throws {
        #expect(try Self.completionDate.parse("2024-02-29").day == 29)
        #expect(throws: StepFailure.self) { try Self.completionDate.parse("2100-02-29") }
        #expect(try Self.completionDate.parse("2000-02-29").day == 29)
    }

    @Test("wall times are read at Beijing time; missing seconds are 0", arguments: [
        ("2026-11-28 09:30:00", Int64(1_795_829_400_000)),
        ("2026/11/28 9:30", 1_795_829_400_000),
        ("2026/11/28 09:30", 1_795_829_400_000),
    ])
    func wallTimesAreRead(text: String, milliseconds: Int64) throws {
        #expect(try Self.updateTime.parse(text).millisecondsSinceEpoch == milliseconds)
    }

    @Test("a wall time that does not exist fails with the reason")
    func nonexistentTimesFail() {
        let error = #expect(throws: StepFailure.self) { try Self.updateTime.parse("2026-11-28 24:00:00") }
        #expect(error?.message == #"no such date or time: "2026-11-28 24:00:00" (hour 24 is outside 00–23)"#)
        #expect(throws: StepFailure.self) { try Self.updateTime.parse("2026/11/28 9:60") }
        #expect(throws: StepFailure.self) { try Self.updateTime.parse("2026/11/28 9:3") }
    }

    @Test("RFC 3339 text carries its own offset")
    func rfc3339IsRead() throws {
        let parser = try DateTimeParser(formats: ["rfc3339"])
        #expect(try parser.parse("2026-11-28T09:12:00+08:00").millisecondsSinceEpoch == 1_795_828_320_000)
        #expect(try parser.parse("2026-11-28T09:12:00Z").millisecondsSinceEpoch == 1_795_857_120_000)
        #expect(try parser.parse("2026-11-28T09:12:00.5+08:00").millisecondsSinceEpoch == 1_795_828_320_500)
        #expect(throws: StepFailure.self) { try parser.parse("2026-11-28 09:12:00") }
        let error = #expect(throws: StepFailure.self) { try parser.parse("2026-02-30T09:12:00Z") }
        #expect(error?.message.hasPrefix("no such date or time") == true)
    }

    @Test("epoch numbers are read from text and from integers")
    func epochNumbers() throws {
        let seconds = try DateTimeParser(formats: ["rfc3339", "epoch_seconds"])
        #expect(try seconds.parse("1795829400").millisecondsSinceEpoch == 1_795_829_400_000)
        #expect(try seconds.timestamp(fromEpoch: 1_795_829_400).millisecondsSinceEpoch == 1_795_829_400_000)
        let milliseconds = try DateTimeParser(formats: ["epoch_milliseconds"])
        #expect(try milliseconds.parse("1795829400000").millisecondsSinceEpoch == 1_795_829_400_000)
        #expect(try milliseconds.timestamp(fromEpoch: -1).millisecondsSinceEpoch == -1)
        #expect(throws: StepFailure.self) { try milliseconds.parse("+1") }
        #expect(throws: StepFailure.self) { try seconds.timestamp(fromEpoch: Int64.max) }
        #expect(throws: StepFailure.self) { try Self.updateTime.timestamp(fromEpoch: 1) }
    }

    @Test("a wall time is read in the zone the mapping names")
    func otherZones() throws {
        let utc = try DateTimeParser(formats: ["yyyy-MM-dd HH:mm:ss"], zone: DateTimeFunctions.zone(named: "Z"))
        #expect(try utc.parse("2026-11-28 09:12:00").millisecondsSinceEpoch == 1_795_857_120_000)
        #expect(try DateTimeFunctions.zone(named: "+08:00") == .beijing)
        #expect(try DateTimeFunctions.zone(named: "-05:30").seconds == -19_800)
        for bad in ["+8", "08:00", "+24:00", "UTC", "+08:60", ""] {
            #expect(throws: StepFailure.self, "\(bad)") { try DateTimeFunctions.zone(named: bad) }
        }
    }

    @Test("patterns with unknown letters, wrong letter counts or ambiguous neighbours are refused", arguments: [
        "yy-MM-dd", "yyyy-MM-dd hh:mm", "yyyy-MMM-dd", "yyyy-MM-dd a", "yyyyMd", "yyyy-MM", "MM-dd",
        "yyyy-MM-dd mm", "yyyy-MM-dd HH:ss", "yyyy-MM-dd HH:mm:ss.SS", "yyyy-MM-dd-dd", "yyyy-MM-dd H:m:sSSS",
    ])
    func badPatternsAreRefused(pattern: String) {
        #expect(throws: StepFailure.self) { try DateTimePattern(pattern) }
    }

    @Test("fixed-width fields can follow each other without separators")
    func compactPatterns() throws {
        let compact = try DateTimeParser(formats: ["yyyyMMddHHmmss"])
        #expect(try compact.parse("20261128093000").millisecondsSinceEpoch == 1_795_829_400_000)
    }

    @Test("a date format with a time of day is refused")
    func dateFormatsHaveNoTime() {
        #expect(throws: StepFailure.self) { try DateParser(formats: ["yyyy-MM-dd HH:mm"]) }
        #expect(throws: StepFailure.self) { try DateParser(formats: []) }
        #expect(throws: StepFailure.self) { try DateTimeParser(formats: []) }
    }

    @Test("instants are formatted in a pattern and a zone")
    func formatting() throws {
        let stamp = Timestamp(millisecondsSinceEpoch: 1_795_829_400_123)
        #expect(try DateTimePattern("yyyy-MM-dd HH:mm:ss").format(stamp, in: .beijing) == "2026-11-28 09:30:00")
        #expect(try DateTimePattern("yyyy-MM-dd HH:mm:ss").format(stamp, in: .utc) == "2026-11-28 01:30:00")
        #expect(try DateTimePattern("yyyy年M月d日 H时").format(stamp, in: .beijing) == "2026年11月28日 9时")
        #expect(try DateTimePattern("yyyy/M/d").format(try CalendarDate(year: 2019, month: 7, day: 1)) == "2019/7/1")
        #expect(try DateTimePattern("yyyyMMdd'T'HHmmss.SSS").format(stamp, in: .beijing) == "20261128'T'093000.123")
        #expect(DateTimeFunctions.rfc3339(stamp) == "2026-11-28T09:30:00.123+08:00")
        #expect(DateTimeFunctions.rfc3339(Timestamp(millisecondsSinceEpoch: 0), in: .utc) == "1970-01-01T00:00:00Z")
    }

    @Test("formatting an instant far outside years 0000–9999 does not trap")
    func farInstants() throws {
        let pattern = try DateTimePattern("yyyy-MM-dd")
        #expect(pattern.format(Timestamp(millisecondsSinceEpoch: -80_000_000_000_000), in: .beijing).hasPrefix("-0566-"))
        #expect(pattern.format(Timestamp(millisecondsSinceEpoch: 300_000_000_000_000), in: .beijing).hasPrefix("11476-"))
    }

    @Test("date_of gives the calendar date in the zone")
    func dateOf() {
        // 2026-11-27T20:00:00Z is already 28 November in Beijing.
        let stamp = Timestamp(millisecondsSinceEpoch: 1_795_795_200_000 + 4 * 3_600_000)
        #expect(CalendarDate(stamp, in: .beijing).description == "2026-11-28")
        #expect(CalendarDate(Timestamp(millisecondsSinceEpoch: 1_795_795_200_000 - 1), in: .beijing).description == "2026-11-27")
        #expect(CalendarDate(Timestamp(millisecondsSinceEpoch: 1_795_795_200_000), in: .utc).description == "2026-11-27")
    }

    @Test("canonical dates are read back")
    func canonicalDates() throws {
        #expect(try CalendarDate(canonical: "2019-07-01") == CalendarDate(year: 2019, month: 7, day: 1))
        #expect(throws: StepFailure.self) { try CalendarDate(canonical: "2019/7/1") }
        #expect(throws: StepFailure.self) { try CalendarDate(canonical: "2019-02-29") }
        #expect(throws: StepFailure.self) { try CalendarDate(year: 2019, month: 2, day: 29) }
    }

    @Test("not_future fails for dates after today in Beijing")
    func notFuture() throws {
        // 2026-11-28 01:00 Beijing is still 27 November in UTC: today is the Beijing date.
        let clock = FixedWallClock(Timestamp(millisecondsSinceEpoch: 1_795_795_200_000 + 3_600_000))
        try DateTimeFunctions.requireNotFuture(try CalendarDate(year: 2026, month: 11, day: 28), clock: clock)
        try DateTimeFunctions.requireNotFuture(try CalendarDate(year: 2019, month: 7, day: 1), clock: clock)
        let error = #expect(throws: StepFailure.self) {
            try DateTimeFunctions.requireNotFuture(try CalendarDate(year: 2027, month: 1, day: 1), clock: clock)
        }
        #expect(error?.message == "date after today: 2027-01-01 (today is 2026-11-28)")
    }

    @Test("not_future lets a time later today pass and fails for tomorrow")
    func notFutureForInstants() throws {
        let clock = FixedWallClock(Timestamp(millisecondsSinceEpoch: 1_795_829_400_000))  // 09:30 Beijing
        try DateTimeFunctions.requireNotFuture(Timestamp(millisecondsSinceEpoch: 1_795_829_400_000 + 14 * 3_600_000), clock: clock)
        let tomorrow = Timestamp(millisecondsSinceEpoch: 1_795_795_200_000 + 86_400_000)
        let error = #expect(throws: StepFailure.self) { try DateTimeFunctions.requireNotFuture(tomorrow, clock: clock) }
        #expect(error?.message == "time after today: 2026-11-29T00:00:00+08:00 (today is 2026-11-28)")
    }
}
