import Synchronization

/// An operator's request that runs stop (SIGTERM, SIGINT): shared by the command that receives
/// the signal and every run it started.
///
/// A run that sees it sends no new batch: the batches in flight are answered and journaled,
/// the lock is released, and the run ends `incomplete` (exit 4) saying what is left; the next
/// run finishes the job under the same idempotency keys. A run still reading its source stops
/// there and has sent nothing. Committing a run whose batches all have answers is not stopped.
package final class StopRequest: Sendable {
    private let state = Mutex<String?>(nil)
    private let observers = Mutex<[@Sendable (String) -> Void]>([])

    package init() {}

    /// Asks every run that holds this request to stop; `reason` names the signal. The first
    /// request calls the observers (``onRequest(_:)``).
    package func request(_ reason: String) {
        let first = state.withLock { current in
            guard current == nil else { return false }
            current = reason
            return true
        }
        guard first else { return }
        for observer in observers.withLock({ $0 }) { observer(reason) }
    }

    /// Calls `observer` with the reason when the stop is requested (at once if it was already):
    /// for a loop that sleeps until something happens.
    package func onRequest(_ observer: @escaping @Sendable (String) -> Void) {
        observers.withLock { $0.append(observer) }
        if let reason { observer(reason) }
    }

    package var isRequested: Bool { state.withLock { $0 != nil } }

    /// Why the runs were asked to stop (`SIGTERM`), once they were.
    package var reason: String? { state.withLock { $0 } }
}
