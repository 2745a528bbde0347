/// An instant on the UTC time line, to the millisecond.
///
/// Platforms exchange times as Beijing wall time, RFC 3339 or epoch milliseconds; inside the
/// hub every time is a `Timestamp`, and a wall time exists only while parsing or formatting
/// (see ``TimestampFormat``). Comparing and hashing use the instant, so `09:12+08:00` and
/// `01:12Z` on the same day are equal.
package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z; negative before it. Leap seconds are not
    /// counted, as in POSIX time.
    package let millisecondsSinceEpoch: Int64

    /// The instant `millisecondsSinceEpoch` milliseconds after 1970-01-01T00:00:00Z.
    package init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Whole seconds since 1970-01-01T00:00:00Z, rounded down: one millisecond before the
    /// epoch is second −1, matching the date that instant falls on.
    package var secondsSinceEpoch: Int64 {
        floorDivide(millisecondsSinceEpoch, by: 1_000)
    }

    /// The instant `milliseconds` later (earlier when negative). Traps on overflow, about
    /// 292 million years from 1970.
    package func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// Orders instants from earlier to later.
    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// RFC 3339 in Beijing time with milliseconds, such as `2026-11-28T09:12:00.000+08:00`:
    /// unambiguous in logs and test failures, and readable by the office's operators.
    package var description: String {
        formatted(.rfc3339Milliseconds, in: .beijing)
    }
}

/// Division rounding towards negative infinity, so times before 1970 land on the right day and second.
@inline(__always)
package func floorDivide(_ dividend: Int64, by divisor: Int64) -> Int64 {
    let quotient = dividend / divisor
    return (dividend % divisor < 0) ? quotient - 1 : quotient
}
