import Foundation
import HuitongCore
import HuitongHub
import Testing

/// The next `count` times `schedule` fires in `zone` after the RFC 3339 `start`, each written in
/// RFC 3339 at the zone's offset then.
func fireTimes(_ schedule: String, in zone: String = "Asia/Shanghai", after start: String, count: Int = 5) throws -> [String] {
    let timeZone = try JobSchedule.timeZone(named: zone)
    let parsed = try JobSchedule(parsing: schedule, timeZone: timeZone)
    var instant = try Timestamp(parsing: start, as: .rfc3339)
    var times: [String] = []
    while times.count < count, let next = parsed.next(after: instant) {
        times.append(next.formatted(.rfc3339, in: timeZone.utcOffset(at: next)))
        instant = next
    }
    return times
}

/// What `JobSchedule(parsing:)` refuses `text` with.
func refusal(_ text: String) -> ScheduleSyntaxError? {
    do {
        _ = try JobSchedule(parsing: text)
        return nil
    } catch {
        return error
    }
}

@Suite struct CronExpressionTests {
    @Test func stepsListsAndRangesPickTheirMinutesAndHours() throws {
        #expect(try fireTimes("*/15 9 * * *", after: "2026-06-01T00:00:00+08:00") == [
            "2026-06-01T09:00:00+08:00", "2026-06-01T09:15:00+08:00", "2026-06-01T09:30:00+08:00", "2026-06-01T09:45:00+08:00",
            "2026-06-02T09:00:00+08:00",
        ])
        #expect(try fireTimes("1-30/5 0 * * *", after: "2026-06-01T00:00:00+08:00", count: 7) == [
            "2026-06-01T00:01:00+08:00", "2026-06-01T00:06:00+08:00", "2026-06-01T00:11:00+08:00", "2026-06-01T00:16:00+08:00",
            "2026-06-01T00:21:00+08:00", "2026-06-01T00:26:00+08:00", "2026-06-02T00:01:00+08:00",
        ])
        #expect(try fireTimes("5/10 10 * * *", after: "2026-06-01T10:00:00+08:00", count: 7) == [
            "2026-06-01T10:05:00+08:00", "2026-06-01T10:15:00+08:00", "2026-06-01T10:25:00+08:00", "2026-06-01T10:35:00+08:00",
            "2026-06-01T10:45:00+08:00", "2026-06-01T10:55:00+08:00", "2026-06-02T10:05:00+08:00",
        ])
        #expect(try fireTimes("0,30 8-9,17 * * *", after: "2026-06-01T08:10:00+08:00", count: 4) == [
            "2026-06-01T08:30:00+08:00", "2026-06-01T09:00:00+08:00", "2026-06-01T09:30:00+08:00", "2026-06-01T17:00:00+08:00",
        ])
    }

    @Test func aFireTimeIsStrictlyAfterTheStart() throws {
        #expect(try fireTimes("0 9 * * *", after: "2026-06-01T09:00:00+08:00", count: 1) == ["2026-06-02T09:00:00+08:00"])
        #expect(try fireTimes("0 9 * * *", after: "2026-06-01T08:59:59.999+08:00", count: 1) == ["2026-06-01T09:00:00+08:00"])
        #expect(try fireTimes("* * * * *", after: "2026-06-01T09:00:30+08:00", count: 1) == ["2026-06-01T09:01:00+08:00"])
    }

    @Test func monthAndWeekdayNamesInAnyCaseAreTheirNumbers() throws {
        #expect(try JobSchedule(parsing: "0 9 * jan-MAR Mon-fri") == JobSchedule(parsing: "0 9 * 1-3 1-5"))
        #expect(try JobSchedule(parsing: "0 9 * DEC/3 *") == JobSchedule(parsing: "0 9 * 12 *"), "N/STEP runs from N to the field's end")
        #expect(try JobSchedule(parsing: "0 9 * JAN/3 *") == JobSchedule(parsing: "0 9 * 1,4,7,10 *"))
        #expect(try JobSchedule(parsing: "0 0 * * 7") == JobSchedule(parsing: "0 0 * * 0"), "7 is Sunday too")
        #expect(try JobSchedule(parsing: "0 0 * * sun") == JobSchedule(parsing: "0 0 * * 0"))
        #expect(try JobSchedule(parsing: "0 0 * * FRI-SUN") == JobSchedule(parsing: "0 0 * * 5,6,0"), "a range may end on Sunday")
        #expect(try JobSchedule(parsing: "0 0 * * 5-7") == JobSchedule(parsing: "0 0 * * 5,6,0"))
        #expect(try JobSchedule(parsing: "0 0 * * 1-7/2") == JobSchedule(parsing: "0 0 * * 0,1,3,5"))
        #expect(try JobSchedule(parsing: "0 0 * * SUN-SUN") == JobSchedule(parsing: "0 0 * * 0"), "an equal range is its one value")
        #expect(try JobSchedule(parsing: "17-17 * * * *") == JobSchedule(parsing: "17 * * * *"))
        #expect(try JobSchedule(parsing: "0  9\t* * *") == JobSchedule(parsing: "0 9 * * *"), "fields are separated by any spaces and tabs")
    }

    @Test func bothDayFieldsRestrictedMatchEitherDay() throws {
        // 2026-01-01 is a Thursday; the 13th is a Tuesday, the Fridays are the 2nd, 9th, 16th…
        #expect(try fireTimes("0 0 13 * FRI", after: "2026-01-01T00:00:00+08:00") == [
            "2026-01-02T00:00:00+08:00", "2026-01-09T00:00:00+08:00", "2026-01-13T00:00:00+08:00", "2026-01-16T00:00:00+08:00",
            "2026-01-23T00:00:00+08:00",
        ])
    }

    @Test func aDayFieldStartingWithAStarMakesBothDayFieldsMatch() throws {
        // Odd days that are Fridays: `*/2` starts with `*`, so the fields are ANDed (Vixie cron).
        #expect(try fireTimes("0 0 */2 * FRI", after: "2026-01-01T00:00:00+08:00") == [
            "2026-01-09T00:00:00+08:00", "2026-01-23T00:00:00+08:00", "2026-02-13T00:00:00+08:00", "2026-02-27T00:00:00+08:00",
            "2026-03-13T00:00:00+08:00",
        ])
        #expect(try fireTimes("0 0 13 * *", after: "2026-01-01T00:00:00+08:00", count: 2) == ["2026-01-13T00:00:00+08:00", "2026-02-13T00:00:00+08:00"])
        // `1,*/10` does not start with `*`: either field, so every Friday and the 1st, 11th, 21st, 31st.
        #expect(try fireTimes("0 0 1,*/10 * FRI", after: "2026-01-01T00:00:00+08:00", count: 4) == [
            "2026-01-02T00:00:00+08:00", "2026-01-09T00:00:00+08:00", "2026-01-11T00:00:00+08:00", "2026-01-16T00:00:00+08:00",
        ])
    }

    @Test func the29thOfFebruaryComesInLeapYearsOnly() throws {
        #expect(try fireTimes("0 12 29 2 *", after: "2026-03-01T00:00:00+08:00", count: 3) == [
            "2028-02-29T12:00:00+08:00", "2032-02-29T12:00:00+08:00", "2036-02-29T12:00:00+08:00",
        ])
        #expect(try fireTimes("0 12 29 FEB *", after: "2096-03-01T00:00:00+08:00", count: 1) == ["2104-02-29T12:00:00+08:00"], "2100 is no leap year")
        // The 1st or 29th of February that is a Monday (`*/28` starts with `*`: both day fields must match).
        #expect(try fireTimes("0 0 */28 2 MON", after: "2040-03-01T00:00:00+08:00", count: 3) == [
            "2044-02-01T00:00:00+08:00", "2044-02-29T00:00:00+08:00", "2049-02-01T00:00:00+08:00",
        ])
    }

    @Test func aDayOfMonthSkipsTheMonthsWithoutIt() throws {
        #expect(try fireTimes("0 0 31 * *", after: "2026-01-01T00:00:00+08:00") == [
            "2026-01-31T00:00:00+08:00", "2026-03-31T00:00:00+08:00", "2026-05-31T00:00:00+08:00", "2026-07-31T00:00:00+08:00",
            "2026-08-31T00:00:00+08:00",
        ])
        #expect(try fireTimes("30 23 30 * *", after: "2026-01-31T00:00:00+08:00", count: 3) == [
            "2026-03-30T23:30:00+08:00", "2026-04-30T23:30:00+08:00", "2026-05-30T23:30:00+08:00",
        ])
        #expect(try fireTimes("59 23 31 12 *", after: "2026-12-31T23:59:00+08:00", count: 1) == ["2027-12-31T23:59:00+08:00"], "across a year end")
    }

    @Test func macrosAreTheirCronFields() throws {
        let pairs = [
            ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
            ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"),
        ]
        for (macro, fields) in pairs {
            #expect(try JobSchedule(parsing: macro) == JobSchedule(parsing: fields), "\(macro)")
            #expect(try JobSchedule(parsing: macro).description == macro)
        }
        #expect(try JobSchedule(parsing: "daily 02:00") == JobSchedule(parsing: "0 2 * * *"))
    }

    @Test func errorsNameTheFieldTheValueAndWhatIsAllowed() {
        let cases: [(String, ScheduleSyntaxError.Code, String)] = [
            ("0 24 * * *", .outOfRange, "field 2 (hour) has 24; hours are 0–23"),
            ("60 * * * *", .outOfRange, "field 1 (minute) has 60; minutes are 0–59"),
            ("0 0 0 * *", .outOfRange, "field 3 (day of month) has 0; days of the month are 1–31"),
            ("0 0 * 13 *", .outOfRange, "field 4 (month) has 13; months are 1–12 or JAN–DEC"),
            ("0 0 * * 8", .outOfRange, "field 5 (day of week) has 8; days of the week are 0–7 (0 and 7 are Sunday) or SUN–SAT"),
            ("0 0 * FOO *", .outOfRange, "field 4 (month) has \"FOO\"; months are 1–12 or JAN–DEC"),
            ("0 0 * MON *", .outOfRange, "field 4 (month) has \"MON\" (a day of the week); months are 1–12 or JAN–DEC"),
            ("0 0 * * MONDAY", .outOfRange, "field 5 (day of week) has \"MONDAY\" (did you mean MON?); days of the week are 0–7 (0 and 7 are Sunday) or SUN–SAT"),
            ("0 99999999999999999999 * * *", .outOfRange, "field 2 (hour) has 99999999999999999999; hours are 0–23"),
            ("*/0 * * * *", .invalidStep, "field 1 (minute) has the step 0 in \"*/0\"; a step is 1–60"),
            ("0 0 * * */8", .invalidStep, "field 5 (day of week) has the step 8 in \"*/8\"; a step is 1–7"),
            ("0 22-2 * * *", .backwardRange, "field 2 (hour) has the range 22-2, which runs backwards; write 22-23,0-2"),
            ("0 0 1,,2 * *", .malformed, "field 3 (day of month) \"1,,2\" has an empty list item"),
            ("1-2-3 * * * *", .malformed, "field 1 (minute) has \"1-2-3\", which is not a value, a range (1-5) or a step (*/15, 1-30/5, 5/10); minutes are 0–59"),
            ("0 2 * *", .fieldCount, "\"0 2 * *\" has 4 fields; a cron expression has 5: minute hour day-of-month month day-of-week"),
            ("0 0 0 2 * *", .fieldCount, "\"0 0 0 2 * *\" has 6 fields; a cron expression has 5: minute hour day-of-month month day-of-week"),
            ("0 0 30 2 *", .neverFires, "never fires: FEB has no day 30"),
            ("0 0 31 4,6,9,11 *", .neverFires, "never fires: APR, JUN, SEP, NOV have no day 31"),
            ("@weekdays", .unknownForm, "no macro \"@weekdays\"; the macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and @every INTERVAL"),
        ]
        for (text, code, detail) in cases {
            let error = refusal(text)
            #expect(error?.code == code, "\(text)")
            #expect(error?.detail == detail, "\(text)")
        }
    }

    @Test func cronExtensionsHuitongDoesNotTakeAreNamed() {
        for (text, letter) in [("0 0 L * *", "L"), ("0 0 15W * *", "W"), ("0 0 * * 1#2", "#"), ("0 0 ? * 1", "?"), ("H * * * *", "H")] {
            let error = refusal(text)
            #expect(error?.code == .malformed, "\(text)")
            #expect(error?.detail.contains("cron's \(letter) is not supported") == true, "\(text): \(error?.detail ?? "")")
        }
    }

    @Test func unknownFormsSuggestTheMacroMeant() {
        #expect(refusal("hourly")?.detail.contains("did you mean \"@hourly\"?") == true)
        #expect(refusal("weekly 02:00")?.code == .unknownForm)
        #expect(refusal("")?.code == .unknownForm)
    }
}
