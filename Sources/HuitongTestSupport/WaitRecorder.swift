import Synchronization

/// The waits a connector asked for, instead of waiting: give it `{ recorder.record($0) }` as
/// its sleeper.
package final class WaitRecorder: Sendable {
    private let waits = Mutex<[Double]>([])

    package init() {}

    package func record(_ seconds: Double) { waits.withLock { $0.append(seconds) } }

    /// Every wait asked for, in order.
    package var all: [Double] { waits.withLock { $0 } }
}
