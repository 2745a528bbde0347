import HuitongCore
import Synchronization

/// The sandbox platforms' clock: the real time (or a test's), shifted by a configurable skew,
/// so a joint test can rehearse a platform whose clock is off (the province's 300 s window).
package final class SandboxClock: WallClock {
    private let base: any WallClock
    private let skew: Mutex<Int64>

    /// - Parameter skewMilliseconds: added to `base`'s time; positive means the server runs fast.
    package init(base: any WallClock = SystemWallClock(), skewMilliseconds: Int64 = 0) {
        self.base = base
        self.skew = Mutex(skewMilliseconds)
    }

    package func now() -> Timestamp {
        base.now().adding(milliseconds: skew.withLock { $0 })
    }

    /// Changes the skew while running.
    package func setSkew(milliseconds: Int64) {
        skew.withLock { $0 = milliseconds }
    }
}

/// A clock a test moves by hand: token expiry, the nonce window and `Retry-After` without sleeping.
package final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    package init(_ start: Timestamp) {
        current = Mutex(start)
    }

    package func now() -> Timestamp { current.withLock { $0 } }

    package func advance(milliseconds: Int64) {
        current.withLock { $0 = $0.adding(milliseconds: milliseconds) }
    }
}
