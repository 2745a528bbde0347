import HuitongCore

/// When a job runs: `every 15m` (also `s`, `h`) or `daily 02:00` (Beijing time, as the office
/// works). Parsed when the configuration loads, so a misspelt schedule is an error at its line.
package enum JobSchedule: Sendable, Equatable, CustomStringConvertible {
    case every(seconds: Int)
    case daily(minuteOfDay: Int)

    package init?(_ text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2 else { return nil }
        switch words[0] {
        case "every":
            let amount = words[1].dropLast()
            guard let number = Int(amount), number > 0 else { return nil }
            switch words[1].last {
            case "s": self = .every(seconds: number)
            case "m": self = .every(seconds: number * 60)
            case "h": self = .every(seconds: number * 3600)
            default: return nil
            }
        case "daily":
            let parts = words[1].split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
                  let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
            self = .daily(minuteOfDay: hour * 60 + minute)
        default:
            return nil
        }
    }

    /// The first time after `instant` the job is due (for `every`, `instant` is its last start).
    package func next(after instant: Timestamp) -> Timestamp {
        switch self {
        case let .every(seconds):
            return instant.adding(milliseconds: Int64(seconds) * 1000)
        case let .daily(minuteOfDay):
            let day: Int64 = 86_400_000
            let offset = Int64(UTCOffset.beijing.seconds) * 1000
            let local = instant.millisecondsSinceEpoch + offset
            var candidate = local - local % day + Int64(minuteOfDay) * 60_000
            if candidate <= local { candidate += day }
            return Timestamp(millisecondsSinceEpoch: candidate - offset)
        }
    }

    package var description: String {
        switch self {
        case let .every(seconds):
            seconds % 3600 == 0 ? "every \(seconds / 3600)h" : seconds % 60 == 0 ? "every \(seconds / 60)m" : "every \(seconds)s"
        case let .daily(minuteOfDay):
            "daily " + (minuteOfDay / 60 < 10 ? "0" : "") + "\(minuteOfDay / 60):" + (minuteOfDay % 60 < 10 ? "0" : "") + "\(minuteOfDay % 60)"
        }
    }
}
