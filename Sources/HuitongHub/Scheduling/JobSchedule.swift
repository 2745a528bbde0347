import Foundation
import HuitongCore

/// When a job runs, and the time zone whose wall clock its calendar is read in.
///
/// The forms of `schedule:`:
/// - `every 15m`, `@every 1h30m`: an interval (`h`, `m`, `s`, in that order) counted from the
///   job's last start;
/// - `daily 02:00`: once a day at that wall time;
/// - five cron fields, `0 2 * * MON-FRI` (see ``CronExpression/init(parsing:)``), or a macro:
///   `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`), `@hourly`.
///
/// Parsed when the configuration loads, so a misspelt schedule is an error at its line. The
/// decisions (``next(after:)``, ``firstDue(schedulerStart:)``, ``nextDue(afterStart:now:)``)
/// are pure: no clock, no I/O.
package struct JobSchedule: Sendable, Equatable, CustomStringConvertible {
    /// What the schedule says, apart from its time zone.
    package enum Rule: Sendable, Equatable {
        /// `every`, `@every`: this many seconds after the last start.
        case interval(seconds: Int)
        /// `daily`, cron fields and the calendar macros: matching wall-clock minutes.
        case calendar(CronExpression)
    }

    package let rule: Rule
    /// The zone whose local time `daily` and cron fields are read in; intervals ignore it.
    package let timeZone: TimeZone
    /// The schedule as written, spaces collapsed, for messages and `huitong schedule`.
    private let text: String

    /// Beijing time, the office's own: the zone of a job without `timezone:`.
    package static let defaultTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// The calendar macros and the cron fields each stands for.
    static let macros: [(name: String, fields: String)] = [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"),
    ]

    /// The longest interval `every` takes: a leap year.
    static let longestInterval = 366 * 86_400

    /// Reads a `schedule:` value, or throws a ``ScheduleSyntaxError`` saying what is wrong
    /// with which part of it.
    package init(parsing text: String, timeZone: TimeZone = Self.defaultTimeZone) throws(ScheduleSyntaxError) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        self.text = words.joined(separator: " ")
        self.timeZone = timeZone
        let first = words.first ?? ""
        switch first.lowercased() {
        case "every", "@every":
            guard words.count == 2 else {
                throw ScheduleSyntaxError(.invalidInterval, "\(first) takes one interval such as 90s, 15m, 2h or 1h30m")
            }
            rule = .interval(seconds: try Self.interval(words[1], after: first))
        case "daily":
            guard words.count == 2, let minuteOfDay = Self.minuteOfDay(words[1]) else {
                throw ScheduleSyntaxError(.unknownForm, "daily takes a wall time HH:MM, 00:00–23:59, such as daily 02:00")
            }
            rule = .calendar(CronExpression(dailyAt: minuteOfDay))
        case let word where word.hasPrefix("@"):
            guard let macro = Self.macros.first(where: { $0.name == word }), words.count == 1 else {
                let names = Self.macros.map(\.name).joined(separator: ", ")
                throw ScheduleSyntaxError(.unknownForm, "no macro \"\(self.text)\"; the macros are \(names) and @every INTERVAL")
            }
            rule = .calendar(try CronExpression(parsing: macro.fields))
        case _ where words.count == 5 || first.first.map({ $0.isNumber || $0 == "*" }) == true:
            rule = .calendar(try CronExpression(parsing: self.text))
        default:
            let macro = Self.macros.first { $0.name == "@" + first.lowercased() && words.count == 1 }.map { "did you mean \"\($0.name)\"? " } ?? ""
            throw ScheduleSyntaxError(
                .unknownForm,
                "not a form of schedule; \(macro)write every 15m, daily 02:00, @daily (or another macro), @every 1h30m or five cron fields such as 0 2 * * MON-FRI"
            )
        }
    }

    /// A schedule in the default time zone, or `nil` if `text` is not one.
    package init?(_ text: String) {
        guard let schedule = try? JobSchedule(parsing: text) else { return nil }
        self = schedule
    }

    private init(rule: Rule, text: String, timeZone: TimeZone) {
        self.rule = rule
        self.text = text
        self.timeZone = timeZone
    }

    /// `every N s`, written back the way `every` reads best: `every 15m`, `every 2h`, `every 90s`.
    package static func every(seconds: Int, timeZone: TimeZone = Self.defaultTimeZone) -> JobSchedule {
        let text = seconds % 3600 == 0 ? "every \(seconds / 3600)h" : seconds % 60 == 0 ? "every \(seconds / 60)m" : "every \(seconds)s"
        return JobSchedule(rule: .interval(seconds: seconds), text: text, timeZone: timeZone)
    }

    /// `daily HH:MM`, with the wall time given as minutes after midnight.
    package static func daily(minuteOfDay: Int, timeZone: TimeZone = Self.defaultTimeZone) -> JobSchedule {
        let text = "daily " + (minuteOfDay / 60 < 10 ? "0" : "") + "\(minuteOfDay / 60):" + (minuteOfDay % 60 < 10 ? "0" : "") + "\(minuteOfDay % 60)"
        return JobSchedule(rule: .calendar(CronExpression(dailyAt: minuteOfDay)), text: text, timeZone: timeZone)
    }

    /// Whether the job is due at once when the scheduler starts and then counts from its last
    /// start (`every`, `@every`), rather than waiting for its next calendar time.
    package var countsFromLastStart: Bool {
        if case .interval = rule { true } else { false }
    }

    /// The first time after `instant` the job is due; for an interval, `instant` is its last
    /// start. `nil` when a calendar schedule has no time left within the search horizon.
    package func next(after instant: Timestamp) -> Timestamp? {
        switch rule {
        case let .interval(seconds):
            instant.adding(milliseconds: Int64(seconds) * 1_000)
        case let .calendar(expression):
            expression.next(after: instant, in: timeZone)
        }
    }

    /// When a scheduler started at `start` first runs the job: at once for an interval, else at
    /// its next calendar time.
    package func firstDue(schedulerStart start: Timestamp) -> Timestamp? {
        countsFromLastStart ? start : next(after: start)
    }

    /// When the job is due again after a run that started at `started`, seen at `now` (when the
    /// run ended): the first time after the start that is still to come, so a run longer than
    /// the interval, or one that overran its next calendar time, does not pile up runs.
    package func nextDue(afterStart started: Timestamp, now: Timestamp) -> Timestamp? {
        switch rule {
        case let .interval(seconds):
            let interval = Int64(seconds) * 1_000
            let elapsed = now.millisecondsSinceEpoch - started.millisecondsSinceEpoch
            let periods = elapsed < interval ? 1 : elapsed / interval + 1
            return started.adding(milliseconds: periods * interval)
        case let .calendar(expression):
            return expression.next(after: max(started, now), in: timeZone)
        }
    }

    /// The first `count` times a scheduler started at `start` would run the job, if every run
    /// took no time: what `huitong schedule --next` lists.
    package func dueTimes(schedulerStart start: Timestamp, count: Int) -> [Timestamp] {
        var times: [Timestamp] = []
        var due = firstDue(schedulerStart: start)
        while let time = due, times.count < count {
            times.append(time)
            due = nextDue(afterStart: time, now: time)
        }
        return times
    }

    package var description: String { text }

    /// Schedules are equal when they fire at the same times: `every 900s` is `every 15m`.
    package static func == (lhs: JobSchedule, rhs: JobSchedule) -> Bool {
        lhs.rule == rhs.rule && lhs.timeZone.identifier == rhs.timeZone.identifier
    }

    /// `90s`, `15m`, `2h`, `1h30m`: hours, minutes and seconds, each at most once and in that
    /// order, above 0 and at most a leap year in all.
    private static func interval(_ text: String, after form: String) throws(ScheduleSyntaxError) -> Int {
        let units: [(unit: Character, seconds: Int)] = [("h", 3_600), ("m", 60), ("s", 1)]
        var seconds = 0, number = 0, digits = 0, next = 0
        for character in text {
            if character.isASCII, let digit = character.wholeNumberValue {
                guard digits < 9 else { throw tooLong(text, form) }
                number = number * 10 + digit
                digits += 1
                continue
            }
            guard digits > 0, let index = units.firstIndex(where: { $0.unit == character }), index >= next else {
                throw ScheduleSyntaxError(
                    .invalidInterval,
                    "\(form) takes an interval such as 90s, 15m, 2h or 1h30m (hours, minutes, seconds, in that order), not \"\(text)\""
                )
            }
            seconds += number * units[index].seconds
            number = 0
            digits = 0
            next = index + 1
        }
        guard digits == 0, !text.isEmpty else {
            throw ScheduleSyntaxError(.invalidInterval, "\(form) takes an interval with its unit, such as 90s, 15m, 2h or 1h30m, not \"\(text)\"")
        }
        guard seconds > 0 else { throw ScheduleSyntaxError(.invalidInterval, "\(form) \(text) would run without pause; the interval must be above 0") }
        guard seconds <= longestInterval else { throw tooLong(text, form) }
        return seconds
    }

    private static func tooLong(_ text: String, _ form: String) -> ScheduleSyntaxError {
        ScheduleSyntaxError(.invalidInterval, "\(form) \(text) is longer than a year; the longest interval is 8784h (366 days)")
    }

    /// `HH:MM`, two digits each, as minutes after midnight.
    private static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}
