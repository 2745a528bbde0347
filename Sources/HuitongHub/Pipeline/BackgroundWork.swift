import Foundation

/// Work started on a thread of its own, its result waited for once: for the steps of a run that
/// need not wait for each other — a target's state read while the source is read, the ledger
/// entries of a run's targets written side by side — so the second core does not sit idle.
final class BackgroundWork<Output: Sendable, Failure: Error>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written by the thread before it signals `done`, read after `done` is waited for.
    private var outcome: Result<Output, Failure>?

    init(_ work: @escaping @Sendable () throws(Failure) -> Output) {
        let thread = Thread { [self] in
            outcome = Result { () throws(Failure) in try work() }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work (at once after the first call).
    func result() throws(Failure) -> Output {
        done.wait()
        done.signal()  // for the next call
        return try outcome!.get()
    }
}
