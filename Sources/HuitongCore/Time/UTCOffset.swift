/// A fixed difference between local wall time and UTC, in whole minutes within ±23:59.
///
/// Beijing time is UTC+8 all year with no daylight saving, so a fixed offset describes it
/// exactly and no time-zone database is needed.
package struct UTCOffset: Sendable, Hashable, CustomStringConvertible {
    /// Seconds to add to UTC to get local wall time: 28 800 for Beijing, negative west of Greenwich.
    package let seconds: Int

    /// Beijing time, `+08:00`: what the office's platforms expect unless a profile says otherwise.
    package static let beijing = UTCOffset(validSeconds: 8 * 3_600)

    /// UTC itself, `Z` in RFC 3339.
    package static let utc = UTCOffset(validSeconds: 0)

    /// An offset of `seconds`; throws unless it is a whole number of minutes strictly within a
    /// day, the only offsets RFC 3339 can write.
    package init(seconds: Int) throws(TimeError) {
        guard seconds % 60 == 0, abs(seconds) < 24 * 3_600 else {
            throw TimeError(.outOfRange, detail: "UTC offset of \(seconds) s is not whole minutes within ±23:59")
        }
        self.seconds = seconds
    }

    /// An offset of `hours` and `minutes`, both taking the offset's sign: `(hours: -3, minutes: -30)`
    /// is `-03:30`.
    package init(hours: Int, minutes: Int = 0) throws(TimeError) {
        guard (-23...23).contains(hours), (-59...59).contains(minutes),
              hours == 0 || minutes == 0 || (hours < 0) == (minutes < 0)
        else {
            throw TimeError(.outOfRange, detail: "UTC offset \(hours) h \(minutes) min is not within ±23:59")
        }
        try self.init(seconds: hours * 3_600 + minutes * 60)
    }

    init(validSeconds: Int) {
        seconds = validSeconds
    }

    /// The RFC 3339 form: `Z` for UTC, otherwise `+hh:mm` or `-hh:mm`.
    package var description: String {
        if seconds == 0 { return "Z" }
        let magnitude = abs(seconds) / 60
        let hours = magnitude / 60, minutes = magnitude % 60
        return (seconds < 0 ? "-" : "+")
            + (hours < 10 ? "0" : "") + String(hours) + ":"
            + (minutes < 10 ? "0" : "") + String(minutes)
    }
}
