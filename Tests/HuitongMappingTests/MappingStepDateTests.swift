import HuitongCore
import Testing
@testable import HuitongMapping

/// The date and time steps through the language: date, datetime, format, epoch_ms, date_of and
/// not_future. "Now" is 2026-12-01 10:00 Beijing time (`MappingTestSupport.now`).
@Suite("Mapping steps: dates and times")
struct MappingStepDateTests {
    static let registryDates = "- date: {formats: [yyyy-MM-dd, yyyy/M/d, yyyy年M月d日]}"

    // MARK: date

    @Test("date reads the first format that matches and writes yyyy-MM-dd")
    func dateFormats() throws {
        let probe = try StepProbe("day", steps: Self.registryDates)
        #expect(try probe.value("2019-07-01") == "2019-07-01")
        #expect(try probe.value("2019/7/1") == "2019-07-01")
        #expect(try probe.value("2019年7月1日") == "2019-07-01")
    }

    @Test("date without formats reads yyyy-MM-dd")
    func dateDefaultFormat() throws {
        let probe = try StepProbe("day", steps: "- date")
        #expect(try probe.value("2019-07-01") == "2019-07-01")
        #expect(try probe.failure("2019/7/1").message == #"not a date in the format yyyy-MM-dd: "2019/7/1""#)
    }

    @Test("date fails text in none of the formats, listing them")
    func dateUnparsable() throws {
        let failure = try StepProbe("day", steps: Self.registryDates).failure("2019.7.1")
        #expect(failure.rule == "date")
        #expect(failure.message == #"not a date in any of the formats yyyy-MM-dd, yyyy/M/d, yyyy年M月d日: "2019.7.1""#)
    }

    @Test("date fails a day that does not exist, saying why")
    func dateNonexistent() throws {
        let failure = try StepProbe("day", steps: Self.registryDates).failure("2026/2/30")
        #expect(failure.message.hasPrefix(#"no such date: "2026/2/30" ("#))
    }

    @Test("date refuses a pattern with an unknown letter when the mapping is loaded")
    func dateBadPattern() throws {
        let errors = try StepProbe.errors("day", steps: "- date: {formats: [dd.MM.yy]}")
        #expect(errors == [#"13:15 date-time pattern "dd.MM.yy": yy is not a field; write yyyy"#])
    }

    @Test("date refuses a pattern with a time of day")
    func datePatternWithTime() throws {
        let errors = try StepProbe.errors("day", steps: #"- date: {formats: ["yyyy-MM-dd HH:mm"]}"#)
        #expect(errors == [#"13:15 date format "yyyy-MM-dd HH:mm" has a time of day; use datetime and date_of"#])
    }

    @Test("date refuses a zone, which a calendar date does not have")
    func dateRefusesZone() throws {
        let errors = try StepProbe.errors("day", steps: #"- date: {formats: [yyyy-MM-dd], zone: "+09:00"}"#)
        #expect(errors == [#"13:39 step date has no argument "zone"; it takes formats"#])
    }

    // MARK: datetime

    @Test("datetime reads a wall-time pattern in Beijing time and writes RFC 3339 with +08:00")
    func datetimePattern() throws {
        let probe = try StepProbe("instant", steps: #"- datetime: {formats: ["yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm"]}"#)
        #expect(try probe.value("2026/11/28 9:30") == "2026-11-28T09:30:00+08:00")
        #expect(try probe.value("2026-11-28 09:30:05") == "2026-11-28T09:30:05+08:00")
    }

    @Test("datetime with rfc3339 reads any offset and writes Beijing time")
    func datetimeRFC3339() throws {
        let probe = try StepProbe("instant", steps: "- datetime: {formats: [rfc3339]}")
        #expect(try probe.value("2026-11-28T01:30:00Z") == "2026-11-28T09:30:00+08:00")
        #expect(try probe.value("2026-11-28T09:30:00.250+08:00") == "2026-11-28T09:30:00.250+08:00")
    }

    @Test("datetime with epoch_seconds reads an integer input")
    func datetimeEpochSeconds() throws {
        let probe = try StepProbe("instant", from: "n", steps: "- datetime: {formats: [epoch_seconds]}")
        #expect(try probe.value(record: ["n": 1_795_829_400]) == "2026-11-28T09:30:00+08:00")
    }

    @Test("datetime fails an integer when no epoch format is listed")
    func datetimeIntegerWithoutEpoch() throws {
        let failure = try StepProbe("instant", from: "n", steps: "- datetime: {formats: [rfc3339]}").failure(record: ["n": 5])
        #expect(failure.rule == "datetime")
        #expect(failure.message == "the number 5 is not a time here: add epoch_seconds or epoch_milliseconds to the formats")
    }

    @Test("datetime reads a wall time in the zone given")
    func datetimeZone() throws {
        let probe = try StepProbe("instant", steps: #"- datetime: {formats: ["yyyy-MM-dd HH:mm:ss"], zone: "Z"}"#)
        #expect(try probe.value("2026-11-28 01:30:00") == "2026-11-28T09:30:00+08:00")
    }

    @Test("datetime fails text in none of its formats")
    func datetimeUnparsable() throws {
        let failure = try StepProbe("instant", steps: #"- datetime: {formats: ["yyyy-MM-dd HH:mm:ss", rfc3339]}"#)
            .failure("28/11/2026")
        #expect(failure.message == #"not a date and time in any of the formats yyyy-MM-dd HH:mm:ss, rfc3339: "28/11/2026""#)
    }

    @Test("datetime refuses a zone that is not an offset, at the zone")
    func datetimeBadZone() throws {
        let errors = try StepProbe.errors("instant", steps: #"- datetime: {formats: [rfc3339], zone: "+8"}"#)
        #expect(errors == [#"13:46 zone "+8" is not an offset such as +08:00 or Z"#])
    }

    @Test("datetime refuses an unknown argument")
    func datetimeUnknownArgument() throws {
        let errors = try StepProbe.errors("instant", steps: "- datetime: {format: [rfc3339]}")
        #expect(errors == [#"13:20 step datetime has no argument "format"; it takes formats, zone"#])
    }

    // MARK: format, epoch_ms, date_of

    @Test("format writes a datetime in a pattern, in Beijing time by default")
    func formatDatetime() throws {
        let probe = try StepProbe("text", steps: """
            - datetime: {formats: [rfc3339]}
            - format: {pattern: "yyyy-MM-dd HH:mm:ss"}
            """)
        #expect(try probe.value("2026-11-28T01:30:00Z") == "2026-11-28 09:30:00")
    }

    @Test("format writes a datetime in the zone given")
    func formatZone() throws {
        let probe = try StepProbe("text", steps: """
            - datetime: {formats: [rfc3339]}
            - format: {pattern: "yyyy/M/d H:mm", zone: "Z"}
            """)
        #expect(try probe.value("2026-11-28T09:30:00+08:00") == "2026/11/28 1:30")
    }

    @Test("format writes a date in a pattern given as a bare string")
    func formatDate() throws {
        let probe = try StepProbe("text", steps: Self.registryDates + "\n- format: yyyy年M月d日")
        #expect(try probe.value("2019-07-01") == "2019年7月1日")
    }

    @Test("format refuses a string input when the mapping is loaded")
    func formatNeedsTime() throws {
        let errors = try StepProbe.errors("text", steps: "- format: yyyy-MM-dd")
        #expect(errors == ["13:9 step format takes datetime or date, but receives string here"])
    }

    @Test("epoch_ms gives milliseconds since the Unix epoch")
    func epochMilliseconds() throws {
        let probe = try StepProbe("count", steps: #"- datetime: {formats: ["yyyy-MM-dd HH:mm:ss"]}"# + "\n- epoch_ms")
        #expect(try probe.value("2026-11-28 09:30:00") == .integer(1_795_829_400_000))
    }

    @Test("epoch_ms refuses a date when the mapping is loaded")
    func epochMillisecondsNeedsDatetime() throws {
        let errors = try StepProbe.errors("count", steps: Self.registryDates + "\n- epoch_ms")
        #expect(errors == ["14:9 step epoch_ms takes datetime, but receives date here"])
    }

    @Test("date_of gives the calendar date in Beijing by default and in the zone given")
    func dateOf() throws {
        let beijing = try StepProbe("day", steps: "- datetime: {formats: [rfc3339]}\n- date_of")
        #expect(try beijing.value("2026-11-28T20:00:00Z") == "2026-11-29")
        let utc = try StepProbe("day", steps: "- datetime: {formats: [rfc3339]}\n- date_of: {zone: Z}")
        #expect(try utc.value("2026-11-28T20:00:00Z") == "2026-11-28")
    }

    @Test("date_of refuses a string input when the mapping is loaded")
    func dateOfNeedsDatetime() throws {
        #expect(try StepProbe.errors("day", steps: "- date_of") == ["13:9 step date_of takes datetime, but receives string here"])
    }

    // MARK: not_future

    @Test("not_future passes today and fails tomorrow (Beijing time)")
    func notFutureDate() throws {
        let probe = try StepProbe("day", steps: Self.registryDates + "\n- not_future")
        #expect(try probe.value("2026-12-01") == "2026-12-01")
        let failure = try probe.failure("2026/12/2")
        #expect(failure.rule == "not_future")
        #expect(failure.message == "date after today: 2026-12-02 (today is 2026-12-01)")
    }

    @Test("not_future on a datetime passes later today and fails the next day")
    func notFutureDatetime() throws {
        let probe = try StepProbe("instant", steps: #"- datetime: {formats: ["yyyy-MM-dd HH:mm:ss"]}"# + "\n- not_future")
        #expect(try probe.value("2026-12-01 23:59:59") == "2026-12-01T23:59:59+08:00")
        #expect(try probe.failure("2026-12-02 00:00:00").message
            == "time after today: 2026-12-02T00:00:00+08:00 (today is 2026-12-01)")
    }

    @Test("not_future refuses a string input when the mapping is loaded")
    func notFutureNeedsDate() throws {
        #expect(try StepProbe.errors("text", steps: "- not_future")
            == ["13:9 step not_future takes date or datetime, but receives string here"])
    }
}
