/// The five fields of a cron expression, in order, with the values and names each allows.
enum CronField: Int, CaseIterable, Sendable {
    case minute = 1, hour, dayOfMonth, month, dayOfWeek

    /// The values a field may name; the day of the week takes 7 as well as 0 for Sunday.
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Where `*` and `N/STEP` end: Saturday (6) for the day of the week, which starts on Sunday (0).
    var last: Int { self == .dayOfWeek ? 6 : bounds.upperBound }

    /// How many values `*` covers: the widest step that still means something.
    var span: Int { last - bounds.lowerBound + 1 }

    /// `field 2 (hour)`, for messages.
    var label: String {
        let name = switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day of month"
        case .month: "month"
        case .dayOfWeek: "day of week"
        }
        return "field \(rawValue) (\(name))"
    }

    /// What the field takes, for messages: `hours are 0–23`.
    var allowed: String {
        switch self {
        case .minute: "minutes are 0–59"
        case .hour: "hours are 0–23"
        case .dayOfMonth: "days of the month are 1–31"
        case .month: "months are 1–12 or JAN–DEC"
        case .dayOfWeek: "days of the week are 0–7 (0 and 7 are Sunday) or SUN–SAT"
        }
    }

    /// The names the field takes, the first for its lowest value (`JAN` is 1, `SUN` is 0).
    var names: [String] {
        switch self {
        case .month: Self.monthNames
        case .dayOfWeek: Self.weekdayNames
        case .minute, .hour, .dayOfMonth: []
        }
    }

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
}
