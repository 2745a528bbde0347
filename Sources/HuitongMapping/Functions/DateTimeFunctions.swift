import HuitongCore

/// A calendar date without a time of day: the mapping language's `date` type, written
/// `yyyy-MM-dd` (mapping agreement: `jgrq`, `smrq`, `zjrq`).
struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    /// The date from its fields; fails for dates that do not exist (2026-02-30).
    init(year: Int, month: Int, day: Int) throws(StepFailure) {
        do {
            let civil = try CivilDateTime(year: year, month: month, day: day)
            self.init(civil)
        } catch {
            throw StepFailure("no such date: \(error.detail)")
        }
    }

    /// The date part of a wall time.
    init(_ civil: CivilDateTime) {
        year = civil.year
        month = civil.month
        day = civil.day
    }

    /// The `date_of` step: the calendar date at `timestamp` on clocks at `zone`.
    init(_ timestamp: Timestamp, in zone: UTCOffset) {
        self.init(CivilDateTime(timestamp, in: zone))
    }

    /// A date in the canonical `yyyy-MM-dd` form, as the mapping language keeps `date` values.
    init(canonical text: String) throws(StepFailure) {
        switch Self.canonicalPattern?.match(text) {
        case .valid(let civil)?: self.init(civil)
        case .nonexistent(let detail)?: throw StepFailure("no such date: \(StepFailure.quoted(text)) (\(detail))")
        case .mismatch?, nil: throw StepFailure("not a date in the form yyyy-MM-dd: \(StepFailure.quoted(text))")
        }
    }

    /// `yyyy-MM-dd`.
    var description: String {
        Self.canonicalPattern?.format(self) ?? "\(year)-\(month)-\(day)"
    }

    static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `yyyy-MM-dd`, compiled once; the pattern is valid, so this is never `nil` in practice.
    private static let canonicalPattern = try? DateTimePattern("yyyy-MM-dd")
}

/// The `date` step, compiled: a date from text in the first of several patterns that matches
/// the whole text (mapping agreement, `jgrq`: `2019-07-01`, `2019/7/1`, `2019年7月1日`).
struct DateParser: Sendable {
    let patterns: [DateTimePattern]

    /// Compiles the patterns; at least one, and none with a time of day (a value with a time
    /// is a datetime: parse it as one and take `date_of` in the zone that matters).
    init(formats: [String]) throws(StepFailure) {
        guard !formats.isEmpty else { throw StepFailure("date needs at least one format, such as yyyy-MM-dd") }
        var patterns: [DateTimePattern] = []
        for format in formats {
            let pattern = try DateTimePattern(format)
            guard !pattern.hasTime else {
                throw StepFailure("date format \(StepFailure.quoted(format)) has a time of day; use datetime and date_of")
            }
            patterns.append(pattern)
        }
        self.patterns = patterns
    }

    /// The date `text` names in the first pattern it matches wholly. A text that matches a
    /// pattern's shape but names no real date (2019-02-30) fails with the reason, unless a
    /// later pattern reads it.
    func parse(_ text: String) throws(StepFailure) -> CalendarDate {
        var nonexistent: String?
        for pattern in patterns {
            switch pattern.match(text) {
            case .valid(let civil): return CalendarDate(civil)
            case .nonexistent(let detail): nonexistent = nonexistent ?? detail
            case .mismatch: continue
            }
        }
        if let nonexistent { throw StepFailure("no such date: \(StepFailure.quoted(text)) (\(nonexistent))") }
        throw StepFailure("not a date in \(DateTimeFunctions.list(patterns.map(\.text))): \(StepFailure.quoted(text))")
    }
}

/// The `datetime` step, compiled: an instant from text (or from an integer) in the first of
/// several formats that matches. Wall-time patterns are read at `zone` (Beijing unless the
/// mapping says otherwise, as the agreement fixes: "Platform datetime strings are Beijing
/// time"); `rfc3339` text carries its own offset; `epoch_seconds` and `epoch_milliseconds`
/// count from 1970-01-01T00:00:00Z.
struct DateTimeParser: Sendable {
    /// One accepted format.
    enum Format: Sendable, Equatable {
        case pattern(DateTimePattern)
        case rfc3339
        case epochSeconds
        case epochMilliseconds

        var name: String {
            switch self {
            case .pattern(let pattern): pattern.text
            case .rfc3339: "rfc3339"
            case .epochSeconds: "epoch_seconds"
            case .epochMilliseconds: "epoch_milliseconds"
            }
        }
    }

    let formats: [Format]
    let zone: UTCOffset

    /// Compiles the formats: `rfc3339`, `epoch_seconds`, `epoch_milliseconds` or a pattern.
    init(formats: [String], zone: UTCOffset = .beijing) throws(StepFailure) {
        guard !formats.isEmpty else {
            throw StepFailure("datetime needs at least one format, such as yyyy-MM-dd HH:mm:ss or rfc3339")
        }
        var compiled: [Format] = []
        for format in formats {
            switch format {
            case "rfc3339": compiled.append(.rfc3339)
            case "epoch_seconds": compiled.append(.epochSeconds)
            case "epoch_milliseconds": compiled.append(.epochMilliseconds)
            default: compiled.append(.pattern(try DateTimePattern(format)))
            }
        }
        self.formats = compiled
        self.zone = zone
    }

    /// The instant `text` names in the first format that reads it wholly.
    func parse(_ text: String) throws(StepFailure) -> Timestamp {
        var nonexistent: String?
        for format in formats {
            switch format {
            case .pattern(let pattern):
                switch pattern.match(text) {
                case .valid(let civil): return civil.timestamp(in: zone)
                case .nonexistent(let detail): nonexistent = nonexistent ?? detail
                case .mismatch: continue
                }
            case .rfc3339:
                do {
                    return try Timestamp(parsing: text, as: .rfc3339)
                } catch where error.code == .outOfRange {
                    nonexistent = nonexistent ?? error.detail
                } catch {
                    continue
                }
            case .epochSeconds, .epochMilliseconds:
                // Only plain digits with an optional minus: "+5" or " 5" is not an epoch number.
                if let stamp = try? Timestamp(parsing: text, as: format == .epochSeconds ? .epochSeconds : .epochMilliseconds) {
                    return stamp
                }
            }
        }
        if let nonexistent { throw StepFailure("no such date or time: \(StepFailure.quoted(text)) (\(nonexistent))") }
        throw StepFailure("not a date and time in \(DateTimeFunctions.list(formats.map(\.name))): \(StepFailure.quoted(text))")
    }

    /// The instant an integer value names, by the first epoch format in the list.
    func timestamp(fromEpoch number: Int64) throws(StepFailure) -> Timestamp {
        for format in formats {
            switch format {
            case .epochMilliseconds:
                return Timestamp(millisecondsSinceEpoch: number)
            case .epochSeconds:
                let (milliseconds, overflow) = number.multipliedReportingOverflow(by: 1_000)
                guard !overflow else { throw StepFailure("\(number) s is too far from 1970 to be a time") }
                return Timestamp(millisecondsSinceEpoch: milliseconds)
            case .pattern, .rfc3339:
                continue
            }
        }
        throw StepFailure("the number \(number) is not a time here: add epoch_seconds or epoch_milliseconds to the formats")
    }
}

/// The time steps that need no compiled pattern: zones, RFC 3339, `not_future`.
enum DateTimeFunctions {
    /// A zone as mappings write it: `+08:00`, `-05:30` or `Z`.
    static func zone(named text: String) throws(StepFailure) -> UTCOffset {
        if text == "Z" { return .utc }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":"),
              [1, 2, 4, 5].allSatisfy({ TextFunctions.isASCIIDigit(bytes[$0]) })
        else {
            throw StepFailure("zone \(StepFailure.quoted(text)) is not an offset such as +08:00 or Z")
        }
        let sign = bytes[0] == UInt8(ascii: "-") ? -1 : 1
        let hours = Int(bytes[1] - 48) * 10 + Int(bytes[2] - 48)
        let minutes = Int(bytes[4] - 48) * 10 + Int(bytes[5] - 48)
        do {
            return try UTCOffset(hours: sign * hours, minutes: sign * minutes)
        } catch {
            throw StepFailure("zone \(StepFailure.quoted(text)) is not within ±23:59")
        }
    }

    /// RFC 3339 at `zone`, such as `2026-11-28T09:12:00+08:00`: the canonical `datetime` form.
    static func rfc3339(_ timestamp: Timestamp, in zone: UTCOffset = .beijing) -> String {
        timestamp.formatted(.rfc3339, in: zone)
    }

    /// Today's date in Beijing: the agreement's "after today" is Beijing's today.
    static func today(_ clock: any WallClock) -> CalendarDate {
        CalendarDate(clock.now(), in: .beijing)
    }

    /// The `not_future` step for dates: fails when `date` is after today in Beijing.
    static func requireNotFuture(_ date: CalendarDate, clock: any WallClock) throws(StepFailure) {
        let today = today(clock)
        guard date <= today else { throw StepFailure("date after today: \(date) (today is \(today))") }
    }

    /// The `not_future` step for instants: fails when the instant's Beijing date is after
    /// today, so a time later today passes (source clocks drift by minutes; a date tomorrow
    /// is what the check is for).
    static func requireNotFuture(_ timestamp: Timestamp, clock: any WallClock) throws(StepFailure) {
        let today = today(clock)
        guard CalendarDate(timestamp, in: .beijing) <= today else {
            throw StepFailure("time after today: \(rfc3339(timestamp)) (today is \(today))")
        }
    }

    /// "the format X" or "any of the formats X, Y", for messages.
    static func list(_ names: [String]) -> String {
        names.count == 1 ? "the format \(names[0])" : "any of the formats \(names.joined(separator: ", "))"
    }
}
