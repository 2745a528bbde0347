import Foundation
import HuitongCore

extension CronExpression {
    /// How far ahead ``next(after:in:)`` looks: every date comes round on every weekday within
    /// the Gregorian calendar's 400-year cycle, so an expression that passed parsing fires sooner.
    static let searchYears: Int64 = 401

    /// The first instant strictly after `instant` at which the expression fires, with its fields
    /// read in the local wall-clock time of `zone`; `nil` only past the search horizon.
    ///
    /// Fire times are whole local minutes. Across a daylight-saving change this agrees with
    /// Python's croniter (the reference the tests compare against):
    /// - clocks going back: a wall time that occurs twice fires twice, once at each offset
    ///   (`30 1 * * *` fires at 01:30 EDT and again at 01:30 EST in New York);
    /// - clocks going forward: a wall time in the skipped hour fires once, at the instant the
    ///   clocks jump (`30 2 * * *` fires at 03:00 EDT) — unless the hour field allows every
    ///   hour, when the skipped times are skipped (`*/15 * * * *` goes from 01:45 to 03:00).
    ///
    /// Pure: the zone's offsets and transitions come from the `TimeZone` value, no clock is read.
    package func next(after instant: Timestamp, in zone: TimeZone) -> Timestamp? {
        let horizon = instant.millisecondsSinceEpoch + Self.searchYears * 366 * 86_400_000
        // The instants the expression can fire at are searched one offset period at a time:
        // within one, wall time runs evenly with the instant.
        var periodStart = instant.millisecondsSinceEpoch
        var startIncluded = false
        while periodStart < horizon {
            let offset = zone.offsetMilliseconds(at: Timestamp(millisecondsSinceEpoch: periodStart))
            let transition = zone.nextTransition(after: Timestamp(millisecondsSinceEpoch: periodStart))?.millisecondsSinceEpoch
            let periodEnd = min(transition ?? horizon, horizon)
            let wallStart = periodStart + offset
            let firstMinute = startIncluded ? Self.ceilingMinute(wallStart) : floorDivide(wallStart, by: 60_000) + 1
            if let wall = firstWallMinute(atOrAfter: firstMinute, before: Self.ceilingMinute(periodEnd + offset)) {
                return Timestamp(millisecondsSinceEpoch: wall * 60_000 - offset)
            }
            guard let transition, transition < horizon else { return nil }
            let newOffset = zone.offsetMilliseconds(at: Timestamp(millisecondsSinceEpoch: transition))
            if newOffset > offset, !matchesEveryHour,
               firstWallMinute(atOrAfter: Self.ceilingMinute(transition + offset), before: Self.ceilingMinute(transition + newOffset)) != nil
            {
                // A wall time the clocks skipped over fires as they jump.
                return Timestamp(millisecondsSinceEpoch: transition)
            }
            periodStart = transition
            startIncluded = true
        }
        return nil
    }

    private static func ceilingMinute(_ milliseconds: Int64) -> Int64 {
        -floorDivide(-milliseconds, by: 60_000)
    }
}
