/// The ways platforms write a time, for ``Timestamp/init(parsing:as:in:)`` and
/// ``Timestamp/formatted(_:in:)``.
///
/// The wall-time formats are read and written at a ``UTCOffset`` (Beijing unless a platform
/// profile says otherwise). RFC 3339 text carries its own offset when parsed. Epoch numbers
/// do not depend on an offset: they count from 1970-01-01T00:00:00Z.
package enum TimestampFormat: Sendable, Hashable, CaseIterable {
    /// RFC 3339 §5.6, such as `2026-11-28T09:12:00+08:00`.
    ///
    /// Parsing accepts `T` or `t`, `Z` or `z` or `±hh:mm`, and a fraction of any length, of which
    /// milliseconds are kept and the rest dropped. Formatting writes `.SSS` only when the
    /// milliseconds are not zero, and `Z` for UTC.
    case rfc3339
    /// RFC 3339 that always writes `.SSS`, such as `2026-11-28T09:12:00.000+08:00`, for platforms
    /// that want a fixed width. Parses like ``rfc3339``.
    case rfc3339Milliseconds
    /// `yyyy-MM-dd HH:mm:ss` wall time, such as `2026-11-29 10:00:00`. Formatting drops milliseconds.
    case dateTime
    /// `yyyy-MM-dd`. Parsing gives the start of that day; formatting drops the time of day.
    case date
    /// Whole seconds since the epoch in decimal, such as `1764381600`; formatting rounds down.
    case epochSeconds
    /// Milliseconds since the epoch in decimal, such as `1764381600000`.
    case epochMilliseconds

    /// The format as platform documents write it, for messages.
    var pattern: String {
        switch self {
        case .rfc3339: "yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)"
        case .rfc3339Milliseconds: "yyyy-MM-ddTHH:mm:ss.SSS(Z|±hh:mm)"
        case .dateTime: "yyyy-MM-dd HH:mm:ss"
        case .date: "yyyy-MM-dd"
        case .epochSeconds: "seconds since 1970-01-01T00:00:00Z"
        case .epochMilliseconds: "milliseconds since 1970-01-01T00:00:00Z"
        }
    }
}
