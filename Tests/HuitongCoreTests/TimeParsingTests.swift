import Testing
import HuitongCore

/// Expected epoch values were computed with Python's `datetime` (aware, fixed offsets), e.g.
/// `int(datetime(2026,11,28,9,12,tzinfo=timezone(timedelta(hours=8))).timestamp()*1000)`.
@Suite struct TimeParsingTests {
    @Test("reads RFC 3339 with a +08:00 offset")
    func rfc3339WithOffset() throws {
        let stamp = try Timestamp(parsing: "2026-11-28T09:12:00+08:00", as: .rfc3339)
        #expect(stamp.millisecondsSinceEpoch == 1_795_828_320_000)
    }

    @Test("reads RFC 3339 in UTC with Z, and lower-case t and z mean the same")
    func rfc3339UTCAnyCase() throws {
        let upper = try Timestamp(parsing: "2026-11-28T01:12:00Z", as: .rfc3339)
        let lower = try Timestamp(parsing: "2026-11-28t01:12:00z", as: .rfc3339)
        #expect(upper.millisecondsSinceEpoch == 1_795_828_320_000)
        #expect(lower == upper)
    }

    @Test("reads RFC 3339 with a negative offset")
    func rfc3339NegativeOffset() throws {
        let stamp = try Timestamp(parsing: "2026-11-27T21:42:00-03:30", as: .rfc3339)
        #expect(stamp == (try Timestamp(parsing: "2026-11-28T01:12:00Z", as: .rfc3339)))
    }

    @Test("reads an RFC 3339 fraction of any length, keeping milliseconds and dropping the rest")
    func rfc3339Fractions() throws {
        let whole = try Timestamp(parsing: "2026-11-28T01:12:00Z", as: .rfc3339).millisecondsSinceEpoch
        for (fraction, milliseconds) in [(".5", 500), (".05", 50), (".123", 123), (".123456789", 123), (".9999", 999)] {
            let stamp = try Timestamp(parsing: "2026-11-28T01:12:00\(fraction)Z", as: .rfc3339)
            #expect(stamp.millisecondsSinceEpoch == whole + Int64(milliseconds), "fraction \(fraction)")
        }
    }

    @Test("reads -00:00 (offset unknown, RFC 3339 §4.3) as the same instant as Z")
    func rfc3339UnknownOffset() throws {
        #expect(
            try Timestamp(parsing: "2026-11-28T01:12:00-00:00", as: .rfc3339)
                == Timestamp(parsing: "2026-11-28T01:12:00Z", as: .rfc3339))
    }

    @Test("reads yyyy-MM-dd HH:mm:ss as Beijing wall time unless told otherwise")
    func dateTimeDefaultsToBeijing() throws {
        let beijing = try Timestamp(parsing: "2026-11-28 09:12:00", as: .dateTime)
        let utc = try Timestamp(parsing: "2026-11-28 01:12:00", as: .dateTime, in: .utc)
        #expect(beijing.millisecondsSinceEpoch == 1_795_828_320_000)
        #expect(utc == beijing)
    }

    @Test("gives 1795917600000 for Beijing wall time 2026-11-29 10:00:00")
    func beijingWallTimeEpochMilliseconds() throws {
        // 2026-11-29T02:00:00Z. The brief quoted 1764381600000, which is the same wall time one
        // year earlier (next test); `date -u -d @1795917600` gives Sun Nov 29 02:00:00 UTC 2026.
        let stamp = try Timestamp(parsing: "2026-11-29 10:00:00", as: .dateTime, in: .beijing)
        #expect(stamp.millisecondsSinceEpoch == 1_795_917_600_000)
    }

    @Test("gives 1764381600000 for Beijing wall time 2025-11-29 10:00:00")
    func beijingWallTimeEpochMillisecondsOneYearEarlier() throws {
        let stamp = try Timestamp(parsing: "2025-11-29 10:00:00", as: .dateTime, in: .beijing)
        #expect(stamp.millisecondsSinceEpoch == 1_764_381_600_000)
    }

    @Test("reads yyyy-MM-dd as the start of that day at the offset")
    func dateIsStartOfDay() throws {
        let stamp = try Timestamp(parsing: "2000-02-29", as: .date)
        #expect(stamp.millisecondsSinceEpoch == 951_753_600_000)
        #expect(stamp == (try Timestamp(parsing: "2000-02-28T16:00:00Z", as: .rfc3339)))
    }

    @Test("reads epoch seconds and milliseconds, including before 1970")
    func epochNumbers() throws {
        #expect(try Timestamp(parsing: "1795917600", as: .epochSeconds).millisecondsSinceEpoch == 1_795_917_600_000)
        #expect(try Timestamp(parsing: "-14182940000", as: .epochMilliseconds).millisecondsSinceEpoch == -14_182_940_000)
        #expect(try Timestamp(parsing: "-1", as: .epochSeconds).millisecondsSinceEpoch == -1_000)
    }

    @Test("refuses epoch seconds too large to count in milliseconds")
    func epochSecondsOverflow() {
        #expect(throws: TimeError.self) { try Timestamp(parsing: "9223372036854776", as: .epochSeconds) }
        #expect(throws: TimeError.self) { try Timestamp(parsing: "9223372036854775808", as: .epochMilliseconds) }
    }

    @Test("refuses 30 February as out of range, pointing at the day")
    func refusesFebruary30() {
        let error = parseError("2026-02-30 10:00:00", as: .dateTime)
        #expect(error?.code == .outOfRange)
        #expect(error?.column == 9)
        #expect(error?.detail == "day 30 does not exist in 2026-02, which has 28 days")
    }

    @Test("refuses hour 24, pointing at the hour")
    func refusesHour24() {
        let error = parseError("2026-11-28T24:00:00+08:00", as: .rfc3339)
        #expect(error?.code == .outOfRange)
        #expect(error?.column == 12)
    }

    @Test("refuses a leap second, which a Timestamp cannot hold")
    func refusesLeapSecond() {
        #expect(parseError("2016-12-31T23:59:60Z", as: .rfc3339)?.code == .outOfRange)
    }

    @Test("refuses an offset of 24 hours or more")
    func refusesOffsetOutOfRange() {
        #expect(parseError("2026-11-28T09:12:00+24:00", as: .rfc3339)?.code == .outOfRange)
    }

    @Test("refuses garbage as malformed at column 1")
    func refusesGarbage() {
        let error = parseError("yesterday", as: .dateTime)
        #expect(error?.code == .malformed)
        #expect(error?.column == 1)
    }

    @Test("refuses empty text as malformed")
    func refusesEmpty() {
        for format in TimestampFormat.allCases {
            #expect(parseError("", as: format)?.code == .malformed, "format \(format)")
        }
    }

    @Test("refuses text after a complete value, pointing at it")
    func refusesTrailingCharacters() {
        let error = parseError("2026-11-28 09:12:00Z", as: .dateTime)
        #expect(error?.code == .trailingCharacters)
        #expect(error?.column == 20)
        #expect(parseError("2026-11-28 ", as: .date)?.code == .trailingCharacters)
        #expect(parseError("1795917600s", as: .epochSeconds)?.code == .trailingCharacters)
    }

    @Test("refuses RFC 3339 without an offset, with a space separator, or with an empty fraction")
    func refusesIncompleteRFC3339() {
        #expect(parseError("2026-11-28T09:12:00", as: .rfc3339)?.code == .malformed)
        #expect(parseError("2026-11-28 09:12:00+08:00", as: .rfc3339)?.code == .malformed)
        #expect(parseError("2026-11-28T09:12:00.Z", as: .rfc3339)?.code == .malformed)
    }

    @Test("refuses fields with too few digits or surrounding spaces")
    func refusesShortFieldsAndPadding() {
        #expect(parseError("2026-1-28", as: .date)?.code == .malformed)
        #expect(parseError("26-11-28", as: .date)?.code == .malformed)
        #expect(parseError(" 2026-11-28", as: .date)?.code == .malformed)
    }

    @Test("describes the error with the input, column and expected format")
    func errorDescription() {
        let error = parseError("2026/11/28", as: .date)
        #expect(error?.description == "invalid date or time \"2026/11/28\" at column 5: expected '-'; the format is yyyy-MM-dd")
        #expect(error?.exitStatus == .invalidInput)
    }

    private func parseError(_ text: String, as format: TimestampFormat) -> TimeError? {
        do {
            _ = try Timestamp(parsing: text, as: format)
            return nil
        } catch {
            return error
        }
    }
}
