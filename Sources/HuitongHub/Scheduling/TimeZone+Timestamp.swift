import Foundation
import HuitongCore

extension TimeZone {
    /// The zone's offset from UTC at `instant`, in milliseconds.
    func offsetMilliseconds(at instant: Timestamp) -> Int64 {
        Int64(secondsFromGMT(for: Self.date(instant))) * 1_000
    }

    /// The first instant after `instant` at which the zone's offset changes, if it ever does
    /// again: a daylight-saving change, or a change of the zone's standard time.
    func nextTransition(after instant: Timestamp) -> Timestamp? {
        nextDaylightSavingTimeTransition(after: Self.date(instant)).map { date in
            Timestamp(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000).rounded()))
        }
    }

    private static func date(_ instant: Timestamp) -> Date {
        Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1_000)
    }

    /// The zone's offset from UTC at `instant`, for writing the instant as the zone's wall time.
    /// Offsets of seconds (local mean time, before the zone adopted standard time) are rounded
    /// down to the minute, the finest RFC 3339 can write.
    package func utcOffset(at instant: Timestamp) -> UTCOffset {
        let seconds = Int(offsetMilliseconds(at: instant) / 1_000)
        return (try? UTCOffset(seconds: seconds - seconds % 60)) ?? .utc
    }

    /// The instants at which clocks in this zone show `wallTime`, earliest first: one as a
    /// rule, two when the clocks went back over it, none when they skipped it.
    package func instants(atWallTime wallTime: CivilDateTime) -> [Timestamp] {
        let wall = wallTime.timestamp(in: .utc)
        // The offsets in force a day either side are every offset this wall time can have.
        let offsets = Set([-86_400_000, 86_400_000].map { offsetMilliseconds(at: wall.adding(milliseconds: $0)) })
        return offsets.map { wall.adding(milliseconds: -$0) }
            .filter { offsetMilliseconds(at: $0) == wall.millisecondsSinceEpoch - $0.millisecondsSinceEpoch }
            .sorted()
    }
}
