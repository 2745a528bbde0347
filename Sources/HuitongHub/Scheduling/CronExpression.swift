import HuitongCore

/// A five-field cron expression — minute, hour, day of month, month, day of week — as the set
/// of values each field allows, read against a wall clock with no time zone attached.
///
/// Which local minutes match is pure calendar arithmetic; ``next(after:in:)`` (in
/// `CronExpression+TimeZone.swift`) turns that into instants in a time zone, across its
/// daylight-saving changes. Made by ``init(parsing:)``, which refuses what cannot be read and
/// expressions that can never fire.
package struct CronExpression: Sendable, Hashable {
    /// Bit n is set when minute n (0–59) matches.
    let minutes: UInt64
    /// Bit n is set when hour n (0–23) matches.
    let hours: UInt32
    /// Bit n is set when day n (1–31) of the month matches.
    let daysOfMonth: UInt32
    /// Bit n is set when month n (1–12) matches.
    let months: UInt16
    /// Bit n is set when weekday n (0 Sunday … 6 Saturday) matches; 7 is stored as 0.
    let daysOfWeek: UInt8
    /// Vixie cron's rule for the two day fields: when both are restricted (neither is written
    /// starting with `*`), a day matches if either field matches it; otherwise both must.
    let daysMatchEither: Bool

    /// Every hour of the day matches. A time zone's skipped hour is then simply skipped (the
    /// next hour fires as usual) instead of firing once when the clocks have jumped; see
    /// ``next(after:in:)``.
    var matchesEveryHour: Bool { hours == Self.allHours }

    static let allMinutes: UInt64 = (1 << 60) - 1
    static let allHours: UInt32 = (1 << 24) - 1
    static let allDaysOfMonth: UInt32 = UInt32.max & ~1
    static let allMonths: UInt16 = ((1 << 13) - 1) & ~1
    static let allDaysOfWeek: UInt8 = (1 << 7) - 1

    init(minutes: UInt64, hours: UInt32, daysOfMonth: UInt32, months: UInt16, daysOfWeek: UInt8, daysMatchEither: Bool) {
        self.minutes = minutes
        self.hours = hours
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.daysOfWeek = daysOfWeek
        self.daysMatchEither = daysMatchEither
    }

    /// `M H * * *`: once a day at that wall time (what `daily HH:MM` means).
    init(dailyAt minuteOfDay: Int) {
        self.init(
            minutes: 1 << UInt64(minuteOfDay % 60), hours: 1 << UInt32(minuteOfDay / 60), daysOfMonth: Self.allDaysOfMonth,
            months: Self.allMonths, daysOfWeek: Self.allDaysOfWeek, daysMatchEither: false
        )
    }

    /// Whether the expression fires on this date (`weekday` 0 for Sunday).
    func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard months & (1 << UInt16(month)) != 0 else { return false }
        let dayOfMonth = daysOfMonth & (1 << UInt32(day)) != 0
        let dayOfWeek = daysOfWeek & (1 << UInt8(weekday)) != 0
        return daysMatchEither ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek
    }

    /// The first matching minute of a day at or after `minuteOfDay` (0–1439), if any.
    func firstMinute(atOrAfter minuteOfDay: Int) -> Int? {
        var hour = minuteOfDay / 60, minute = minuteOfDay % 60
        while hour < 24 {
            if hours & (1 << UInt32(hour)) != 0 {
                let later = minutes >> UInt64(minute)
                if later != 0 { return hour * 60 + minute + later.trailingZeroBitCount }
            }
            hour += 1
            minute = 0
        }
        return nil
    }

    /// The first matching wall-clock minute in `start..<end`, each counted in minutes since
    /// 1970-01-01 00:00 of the wall clock (not of UTC), or `nil` if there is none.
    ///
    /// Walks the calendar a month or a day at a time, so even an expression that fires once in
    /// 28 years (`0 0 */28 2 MON`: the 29th of February that is a Monday) is found in a few
    /// thousand steps.
    func firstWallMinute(atOrAfter start: Int64, before end: Int64) -> Int64? {
        var day = floorDivide(start, by: Self.minutesPerDay)
        var fromMinute = Int(start - day * Self.minutesPerDay)
        while day * Self.minutesPerDay < end {
            let date = GregorianCalendar.date(daysSinceEpoch: day)
            if months & (1 << UInt16(date.month)) == 0 {
                day += Int64(GregorianCalendar.daysInMonth(date.month, year: date.year) - date.day + 1)
                fromMinute = 0
                continue
            }
            if matchesDay(month: date.month, day: date.day, weekday: GregorianCalendar.weekday(daysSinceEpoch: day)),
               let minute = firstMinute(atOrAfter: fromMinute)
            {
                let found = day * Self.minutesPerDay + Int64(minute)
                return found < end ? found : nil
            }
            day += 1
            fromMinute = 0
        }
        return nil
    }

    static let minutesPerDay: Int64 = 1_440
}
