/// A wall-clock date and time with no offset attached, in the proleptic Gregorian calendar:
/// what a clock on the wall shows, not yet an instant.
///
/// Values made with the throwing initialiser always name a real moment of years 0000–9999,
/// which every format in ``TimestampFormat`` can write. Pair one with a ``UTCOffset`` to get a
/// ``Timestamp``.
package struct CivilDateTime: Sendable, Hashable, CustomStringConvertible {
    /// The year; 0000–9999 for values made with the throwing initialiser.
    package let year: Int
    /// 1–12.
    package let month: Int
    /// 1–28, 29, 30 or 31, as the month and year allow.
    package let day: Int
    /// 0–23.
    package let hour: Int
    /// 0–59.
    package let minute: Int
    /// 0–59; leap seconds are refused because a ``Timestamp`` cannot hold them.
    package let second: Int
    /// 0–999.
    package let millisecond: Int

    /// The date and time from its fields; throws ``TimeError/Code/outOfRange`` naming the first
    /// field that does not exist, such as 2026-02-29 or hour 24.
    package init(
        year: Int, month: Int, day: Int,
        hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0
    ) throws(TimeError) {
        if let problem = Self.rangeProblem(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millisecond)
        {
            throw TimeError(.outOfRange, detail: problem.detail)
        }
        self.init(
            validYear: year, month: month, day: day,
            hour: hour, minute: minute, second: second, millisecond: millisecond)
    }

    /// The wall time at `timestamp` in `offset`. Never fails; for instants outside years
    /// 0000–9999 the year is simply outside that range.
    package init(_ timestamp: Timestamp, in offset: UTCOffset) {
        let localMilliseconds = timestamp.millisecondsSinceEpoch + Int64(offset.seconds) * 1_000
        let days = floorDivide(localMilliseconds, by: 86_400_000)
        let millisecondOfDay = Int(localMilliseconds - days * 86_400_000)
        let date = GregorianCalendar.date(daysSinceEpoch: days)
        self.init(
            validYear: Int(date.year), month: date.month, day: date.day,
            hour: millisecondOfDay / 3_600_000,
            minute: millisecondOfDay / 60_000 % 60,
            second: millisecondOfDay / 1_000 % 60,
            millisecond: millisecondOfDay % 1_000)
    }

    /// The instant at which clocks at `offset` show this wall time.
    package func timestamp(in offset: UTCOffset) -> Timestamp {
        let days = GregorianCalendar.daysSinceEpoch(year: Int64(year), month: month, day: day)
        let millisecondOfDay = Int64(((hour * 60 + minute) * 60 + second) * 1_000 + millisecond)
        let local = days * 86_400_000 + millisecondOfDay
        return Timestamp(millisecondsSinceEpoch: local - Int64(offset.seconds) * 1_000)
    }

    /// `yyyy-MM-dd HH:mm:ss`, with `.SSS` appended when the milliseconds are not zero.
    package var description: String {
        var writer = TimeTextWriter()
        writer.writeDate(self)
        writer.write(" ")
        writer.writeTime(self, milliseconds: millisecond != 0)
        return writer.text
    }

    /// Fields already known to be in range: from calendar arithmetic or a checked parse.
    init(validYear year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// The fields, for pointing at the one out of range.
    enum Field: Sendable {
        case year, month, day, hour, minute, second, millisecond
    }

    /// The first field out of range and what is wrong with it, or `nil` if the fields name a
    /// real moment; shared with the parser so both refuse the same values with the same words.
    static func rangeProblem(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
    ) -> (field: Field, detail: String)? {
        guard (0...9_999).contains(year) else { return (.year, "year \(year) is outside 0000–9999") }
        guard (1...12).contains(month) else { return (.month, "month \(month) is outside 01–12") }
        let monthLength = GregorianCalendar.daysInMonth(month, year: Int64(year))
        guard (1...monthLength).contains(day) else {
            var writer = TimeTextWriter()
            writer.write(Int64(year), width: 4)
            writer.write("-")
            writer.writeTwoDigits(month)
            return (.day, "day \(day) does not exist in \(writer.text), which has \(monthLength) days")
        }
        guard (0...23).contains(hour) else { return (.hour, "hour \(hour) is outside 00–23") }
        guard (0...59).contains(minute) else { return (.minute, "minute \(minute) is outside 00–59") }
        guard (0...59).contains(second) else { return (.second, "second \(second) is outside 00–59") }
        guard (0...999).contains(millisecond) else {
            return (.millisecond, "millisecond \(millisecond) is outside 000–999")
        }
        return nil
    }
}
