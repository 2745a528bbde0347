import Dispatch
import Synchronization

/// Runs `work` in a task and waits for it on the calling thread: benchmarks run synchronously,
/// one after another, while the connector and the HTTP client are async.
///
/// Call it from the benchmark's own thread (the main thread), never from inside a task: it
/// blocks the thread it is called on until `work` is done.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = BlockingOutcome<T>()
    let finished = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, any Error>
        do {
            result = .success(try await work())
        } catch {
            result = .failure(error)
        }
        outcome.result.withLock { $0 = result }
        finished.signal()
    }
    finished.wait()
    return try outcome.result.withLock { $0! }.get()
}

/// Hands the task's result to the waiting thread.
private final class BlockingOutcome<T: Sendable>: Sendable {
    let result = Mutex<Result<T, any Error>?>(nil)
}
