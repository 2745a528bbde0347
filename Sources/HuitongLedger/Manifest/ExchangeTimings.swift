import HuitongCore

/// When an exchange started and finished.
///
/// The manifest writes both as RFC 3339 in Beijing time with milliseconds
/// (`2026-11-29T10:00:03.250+08:00`) and adds the duration, derived from the two so it can
/// never disagree with them.
package struct ExchangeTimings: Sendable, Hashable {
    package var started: Timestamp
    package var finished: Timestamp

    package init(started: Timestamp, finished: Timestamp) {
        self.started = started
        self.finished = finished
    }

    /// `finished − started`.
    package var durationMilliseconds: Int64 {
        finished.millisecondsSinceEpoch - started.millisecondsSinceEpoch
    }

    /// The one way the ledger writes an instant.
    static func text(_ instant: Timestamp) -> String {
        instant.formatted(.rfc3339Milliseconds, in: .beijing)
    }
}
