#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where code that stamps records, names files or checks token expiry gets the current time.
///
/// Taking a `WallClock` instead of reading the system clock directly lets tests, and replays
/// of a past run, fix "now". Implementations must be safe to call from any task.
package protocol WallClock: Sendable {
    /// The current instant. Successive calls may go backwards if the system clock is set back;
    /// measure durations with `ContinuousClock`, not with this.
    func now() -> Timestamp
}

/// The operating system's real-time clock (`CLOCK_REALTIME`), read to the millisecond.
package struct SystemWallClock: WallClock {
    /// The system clock.
    package init() {}

    /// The current instant from the system clock, milliseconds rounded down.
    package func now() -> Timestamp {
        var time = timespec()
        // clock_gettime cannot fail for CLOCK_REALTIME with a valid pointer, so its result is ignored.
        _ = clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(millisecondsSinceEpoch: Int64(time.tv_sec) * 1_000 + Int64(time.tv_nsec) / 1_000_000)
    }
}

/// A clock stopped at one instant: for tests, and for re-running a job "as of" a past time.
package struct FixedWallClock: WallClock {
    /// The instant ``now()`` always returns.
    package let instant: Timestamp

    /// A clock that always reads `instant`.
    package init(_ instant: Timestamp) {
        self.instant = instant
    }

    /// ``instant``, every time.
    package func now() -> Timestamp {
        instant
    }
}
