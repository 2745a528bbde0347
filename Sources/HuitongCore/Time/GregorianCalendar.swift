/// Day arithmetic in the proleptic Gregorian calendar, after Howard Hinnant's
/// "chrono-Compatible Low-Level Date Algorithms" (days_from_civil, civil_from_days).
///
/// Pure integer arithmetic valid for every day an `Int64` of milliseconds can reach, with no
/// time-zone database and no locale: wall-clock calendars (Beijing time, a schedule's local
/// time) are built on it, and the time zone is applied on top.
package enum GregorianCalendar {
    /// Whether `year` has a 29 February: every fourth year, except centuries not divisible by 400.
    package static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1–12) of `year`.
    package static func daysInMonth(_ month: Int, year: Int64) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given date; negative before it. `month` is 1–12, `day` 1–31.
    package static func daysSinceEpoch(year: Int64, month: Int, day: Int) -> Int64 {
        // Count years from 1 March so the leap day falls at the end of the counted year.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400                                  // 0…399
        let monthFromMarch = Int64(month > 2 ? month - 3 : month + 9)            // 0…11
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1          // 0…365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // 0…146096
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (before it when negative).
    package static func date(daysSinceEpoch days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097                                   // 0…146096
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153                           // 0…11
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// The day of the week of the day `days` days after 1970-01-01: 0 for Sunday to 6 for
    /// Saturday, as cron numbers them (1970-01-01 was a Thursday).
    package static func weekday(daysSinceEpoch days: Int64) -> Int {
        Int((days % 7 + 11) % 7)
    }
}
