import Foundation

/// Runs a synchronous reader (read a chunk, decode it, split it into records) on a thread of
/// its own, a few batches ahead of the caller, who maps and stages them: the two work side by
/// side instead of in turn, and memory stays bounded by the batch size, since the reader
/// waits while `capacity` batches are waiting.
///
/// ```swift
/// let ahead = ReadAhead { emit in
///     while let batch = try reader.nextBatch() { try emit(batch) }
///     return SourceRead.complete()
/// }
/// defer { ahead.cancel() }
/// while case let .batch(batch) = try ahead.next() { try await deliver(batch) }
/// ```
///
/// Order is kept: every batch the reader emitted before it returned or threw comes out of
/// ``next()`` before its result or its error. ``cancel()`` (the caller's delivery failed, or
/// a stop was requested) makes the reader's next `emit` throw, and waits for its thread to end.
final class ReadAhead<Batch: Sendable, Outcome: Sendable>: @unchecked Sendable {
    enum Step {
        case batch(Batch)
        case end(Outcome)
    }

    /// What `emit` throws once the caller has cancelled: the reader only has to let it pass.
    struct Cancelled: Error {}

    /// Batches waiting before the reader waits in turn.
    static var defaultCapacity: Int { 4 }

    private let capacity: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [Batch] = []
    private var outcome: Result<Outcome, any Error>?
    private var cancelled = false
    private var running = true

    /// Starts `produce` on a new thread; it hands each batch to `emit`, which waits while
    /// `capacity` batches are waiting and throws ``Cancelled`` after ``cancel()``.
    init(capacity: Int = ReadAhead.defaultCapacity, _ produce: @escaping @Sendable (_ emit: (Batch) throws -> Void) throws -> Outcome) {
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in
            let result = Result { try produce(emit) }
            condition.lock()
            outcome = result
            running = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "huitong read-ahead"
        thread.start()
    }

    private func emit(_ batch: Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        waiting.append(batch)
        condition.broadcast()
    }

    /// The next batch, or the reader's result once every batch has come out; throws what the
    /// reader threw, after its batches.
    func next() throws -> Step {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, outcome == nil { condition.wait() }
        if !waiting.isEmpty {
            condition.broadcast()
            return .batch(waiting.removeFirst())
        }
        return .end(try outcome!.get())
    }

    /// Stops the reader at its next batch, drops the batches waiting and waits for the reader's
    /// thread to end; a ``next()`` after it gives the end (or throws ``Cancelled``), never a
    /// batch. Harmless after the end, and twice.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
        while running { condition.wait() }
    }
}
