extension Timestamp {
    /// This instant written in `format`, with wall times shown at `offset`.
    ///
    /// ```swift
    /// stamp.formatted(.dateTime)                // "2026-11-29 04:00:00" (Beijing)
    /// stamp.formatted(.rfc3339, in: .utc)       // "2026-11-28T20:00:00Z"
    /// stamp.formatted(.epochMilliseconds)       // "1764360000000"
    /// ```
    ///
    /// Instants outside years 0000–9999 at `offset` are written with the year in full, which no
    /// parser here reads back.
    package func formatted(_ format: TimestampFormat, in offset: UTCOffset = .beijing) -> String {
        switch format {
        case .epochSeconds:
            return String(secondsSinceEpoch)
        case .epochMilliseconds:
            return String(millisecondsSinceEpoch)
        case .rfc3339, .rfc3339Milliseconds, .dateTime, .date:
            break
        }

        let civil = CivilDateTime(self, in: offset)
        var writer = TimeTextWriter()
        writer.writeDate(civil)
        switch format {
        case .rfc3339, .rfc3339Milliseconds:
            writer.write("T")
            writer.writeTime(civil, milliseconds: format == .rfc3339Milliseconds || civil.millisecond != 0)
            writer.writeOffset(offset)
        case .dateTime:
            writer.write(" ")
            writer.writeTime(civil, milliseconds: false)
        case .date, .epochSeconds, .epochMilliseconds:
            break
        }
        return writer.text
    }
}
