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

    package init() {}

    /// Asks every run that holds this request to stop; `reason` names the signal.
    package func request(_ reason: String) {
        state.withLock { current in
            if current == nil { current = reason }
        }
    }

    package var isRequested: Bool { state.withLock { $0 != nil } }

    /// Why the runs were asked to stop (`SIGTERM`), once they were.
    package var reason: String? { state.withLock { $0 } }
}
