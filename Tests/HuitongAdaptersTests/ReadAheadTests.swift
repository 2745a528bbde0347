import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

/// The reader thread that runs ahead of the caller: order, bounds, errors, cancelling.
@Suite("Read-ahead")
struct ReadAheadTests {
    struct Broken: Error, Equatable {}

    /// A value both threads touch.
    final class Shared<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value
        init(_ value: Value) { self.value = value }
        func load() -> Value { lock.withLock { value } }
        func store(_ new: Value) { lock.withLock { value = new } }
    }

    /// Drains `ahead`, returning the batches and the outcome.
    func drain<Outcome>(_ ahead: ReadAhead<Int, Outcome>) throws -> ([Int], Outcome) {
        var batches: [Int] = []
        while true {
            switch try ahead.next() {
            case let .batch(batch): batches.append(batch)
            case let .end(outcome): return (batches, outcome)
            }
        }
    }

    @Test("every batch comes out in order, then the outcome")
    func order() throws {
        let ahead = ReadAhead<Int, String>(capacity: 3) { emit in
            for i in 0..<1000 { try emit(i) }
            return "done"
        }
        defer { ahead.cancel() }
        let (batches, outcome) = try drain(ahead)
        #expect(batches == Array(0..<1000))
        #expect(outcome == "done")
    }

    @Test("a reader's error comes after the batches it emitted before it")
    func errorAfterBatches() throws {
        let ahead = ReadAhead<Int, Void>(capacity: 2) { emit in
            for i in 0..<5 { try emit(i) }
            throw Broken()
        }
        defer { ahead.cancel() }
        var batches: [Int] = []
        #expect(throws: Broken.self) {
            while case let .batch(batch) = try ahead.next() { batches.append(batch) }
        }
        #expect(batches == [0, 1, 2, 3, 4])
    }

    @Test("the reader waits while `capacity` batches wait: it is never more than that ahead")
    func bounded() throws {
        let emitted = Shared(0)
        let ahead = ReadAhead<Int, Void>(capacity: 2) { emit in
            for i in 0..<10 {
                try emit(i)
                emitted.store(emitted.load() + 1)
            }
        }
        defer { ahead.cancel() }
        for taken in 0..<10 {
            // Give the reader every chance to run further ahead than it may.
            Thread.sleep(forTimeInterval: 0.005)
            // Taken so far, plus two waiting, plus the one `emit` is waiting to hand on.
            #expect(emitted.load() <= taken + 2)
            guard case let .batch(batch) = try ahead.next() else { Issue.record("ended early"); return }
            #expect(batch == taken)
        }
    }

    @Test("cancelling stops a reader blocked on a full queue, and waits for its thread")
    func cancel() {
        let ended = Shared(false)
        let sawCancel = Shared(false)
        let ahead = ReadAhead<Int, Void>(capacity: 1) { emit in
            defer { ended.store(true) }
            do {
                for i in 0..<1_000_000 { try emit(i) }
            } catch is ReadAhead<Int, Void>.Cancelled {
                sawCancel.store(true)
                throw ReadAhead<Int, Void>.Cancelled()
            }
        }
        _ = try? ahead.next()
        ahead.cancel()
        #expect(ended.load())
        #expect(sawCancel.load())
        ahead.cancel()  // harmless twice
    }

    @Test("a CSV read whose delivery fails stops reading the file and rethrows the delivery's error")
    func csvDeliveryFailure() async throws {
        var text = "工程编号,工程名称\n"
        for i in 0..<20_000 { text += "320600-RF-\(i),工程\(i)\n" }
        let path = try CSVTesting.file(Array(text.utf8))
        defer { CSVTesting.remove(path) }
        let adapter = CSVSourceAdapter(configuration: CSVConfiguration(path: path, encoding: .utf8, batchSize: 100))
        var delivered = 0
        await #expect(throws: Broken.self) {
            _ = try await adapter.read(since: nil) { batch in
                delivered += batch.count
                if delivered >= 300 { throw Broken() }
            }
        }
        #expect(delivered == 300)
    }
}
