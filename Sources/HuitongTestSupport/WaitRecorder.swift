import Synchronization

/// The waits a connector asked for, instead of waiting: give it `{ recorder.record($0) }` as
/// its sleeper.
public final class WaitRecorder: Sendable {
    private let waits = Mutex<[Double]>([])

    public init() {}

    public func record(_ seconds: Double) { waits.withLock { $0.append(seconds) } }

    /// Every wait asked for, in order.
    public var all: [Double] { waits.withLock { $0 } }
}
