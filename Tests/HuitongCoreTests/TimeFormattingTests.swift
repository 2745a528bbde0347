import Testing
import HuitongCore

@Suite struct TimeFormattingTests {
    /// 2026-11-28T01:12:00Z, 09:12 in Beijing.
    private let morning = Timestamp(millisecondsSinceEpoch: 1_795_828_320_000)

    @Test("writes RFC 3339 in Beijing time by default, without a fraction when milliseconds are zero")
    func rfc3339Beijing() {
        #expect(morning.formatted(.rfc3339) == "2026-11-28T09:12:00+08:00")
    }

    @Test("writes RFC 3339 in UTC with Z")
    func rfc3339UTC() {
        #expect(morning.formatted(.rfc3339, in: .utc) == "2026-11-28T01:12:00Z")
    }

    @Test("writes RFC 3339 at a negative offset")
    func rfc3339NegativeOffset() throws {
        #expect(morning.formatted(.rfc3339, in: try UTCOffset(hours: -3, minutes: -30)) == "2026-11-27T21:42:00-03:30")
    }

    @Test("writes milliseconds in RFC 3339 when they are not zero")
    func rfc3339NonZeroMilliseconds() {
        #expect(morning.adding(milliseconds: 7).formatted(.rfc3339) == "2026-11-28T09:12:00.007+08:00")
    }

    @Test("always writes milliseconds in the fixed-width RFC 3339 form")
    func rfc3339Milliseconds() {
        #expect(morning.formatted(.rfc3339Milliseconds) == "2026-11-28T09:12:00.000+08:00")
    }

    @Test("writes yyyy-MM-dd HH:mm:ss in Beijing time, dropping milliseconds")
    func dateTimeBeijing() {
        #expect(morning.adding(milliseconds: 999).formatted(.dateTime) == "2026-11-28 09:12:00")
    }

    @Test("writes 2026-11-28T20:00:00Z as 2026-11-29 04:00:00 in Beijing, the next day")
    func beijingDayBoundary() throws {
        let evening = try Timestamp(parsing: "2026-11-28T20:00:00Z", as: .rfc3339)
        #expect(evening.formatted(.dateTime) == "2026-11-29 04:00:00")
        #expect(evening.formatted(.date) == "2026-11-29")
        #expect(evening.formatted(.date, in: .utc) == "2026-11-28")
    }

    @Test("writes epoch seconds and milliseconds as decimal numbers")
    func epochNumbers() {
        #expect(morning.formatted(.epochSeconds) == "1795828320")
        #expect(morning.formatted(.epochMilliseconds) == "1795828320000")
    }

    @Test("writes 1 ms before the epoch as 1969 in UTC and as second -1")
    func beforeEpoch() {
        let stamp = Timestamp(millisecondsSinceEpoch: -1)
        #expect(stamp.formatted(.rfc3339, in: .utc) == "1969-12-31T23:59:59.999Z")
        #expect(stamp.formatted(.dateTime) == "1970-01-01 07:59:59")
        #expect(stamp.formatted(.epochSeconds) == "-1")
        #expect(stamp.formatted(.epochMilliseconds) == "-1")
    }

    @Test("writes the Moon landing, 1969-07-20T20:17:40Z, from its negative epoch value")
    func moonLanding() {
        let stamp = Timestamp(millisecondsSinceEpoch: -14_182_940_000)
        #expect(stamp.formatted(.rfc3339, in: .utc) == "1969-07-20T20:17:40Z")
        #expect(stamp.formatted(.dateTime) == "1969-07-21 04:17:40")
    }

    @Test("zero-pads years before 1000")
    func smallYears() {
        // 0001-01-01T00:00:00Z, from Python: datetime(1,1,1,tzinfo=timezone.utc).timestamp().
        let stamp = Timestamp(millisecondsSinceEpoch: -62_135_596_800_000)
        #expect(stamp.formatted(.rfc3339, in: .utc) == "0001-01-01T00:00:00Z")
    }

    @Test("every format reads back what it wrote")
    func roundTrips() throws {
        let stamp = morning.adding(milliseconds: 250)
        for format in TimestampFormat.allCases {
            let text = stamp.formatted(format)
            let expected: Timestamp = switch format {
            case .rfc3339, .rfc3339Milliseconds, .epochMilliseconds: stamp
            case .dateTime, .epochSeconds: morning
            case .date: try Timestamp(parsing: "2026-11-28 00:00:00", as: .dateTime)
            }
            #expect(try Timestamp(parsing: text, as: format) == expected, "format \(format): \(text)")
        }
    }

    @Test("description is RFC 3339 in Beijing time with milliseconds")
    func description() {
        #expect(morning.description == "2026-11-28T09:12:00.000+08:00")
    }
}
