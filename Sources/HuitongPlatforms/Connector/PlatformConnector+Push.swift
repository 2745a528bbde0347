import HuitongCore

/// One item of what a caller sends to a dataset: a record to upsert or a key to delete.
package enum PushItem: Sendable, Equatable {
    case upsert(OutgoingRecord)
    case delete(String)

    package var key: String {
        switch self {
        case let .upsert(record): record.key
        case let .delete(key): key
        }
    }
}

/// The result of pushing a set of records to one dataset.
package struct PushReport: Sendable {
    package var dataset: String
    package var batches: [BatchReport]
    /// Records the planner could not put in any batch (too large, deletes not taken).
    package var refused: [RecordDelivery]

    package var accepted: Int { batches.reduce(0) { $0 + $1.accepted } }
    package var rejected: Int { batches.reduce(0) { $0 + $1.rejected } }
    package var notSent: Int { batches.reduce(0) { $0 + $1.notSent } + refused.count }
    package var unconfirmed: Int { batches.reduce(0) { $0 + $1.unconfirmed } }
    package var waitedSeconds: Double { batches.reduce(0) { $0 + $1.waitedSeconds } }
    package var requests: Int { batches.reduce(0) { $0 + $1.requests.count } }
    package var retries: Int { batches.reduce(0) { $0 + $1.retries } }
    package var failures: [PlatformError] { batches.flatMap(\.failures) }
    package var deliveries: [RecordDelivery] { batches.flatMap { $0.upserts + $0.deletes } + refused }
}

extension PlatformConnector {
    /// Whether a sealed batch goes out.
    package enum BatchDecision: Sendable {
        case send
        /// Already answered for good (a resumed run): not sent again.
        case skip
    }

    /// The push loop: plans the items `next` hands out, in order, into batches and delivers
    /// them, at most `settings.concurrency` at once, as each is sealed.
    ///
    /// Batches are numbered from 0 in the order they are sealed; the same items in the same
    /// order make the same batches with the same idempotency keys, so a caller that keeps
    /// `answered`'s reports can resume by skipping the batches it has (`before`).
    ///
    /// - Parameters:
    ///   - next: the next item, nil at the end.
    ///   - before: asked for each sealed batch before it is sent; throwing stops the loop (the
    ///     batches in flight are still answered).
    ///   - refused: an item no batch can carry, with the reason (too large, no deletes here).
    ///   - answered: each batch's report, one at a time on the caller's task, in the order the
    ///     answers come. An error thrown here (the caller could not record it) stops the loop,
    ///     and the answers of the batches still in flight are not handed over.
    /// - Throws: the first error of `next`, `before` or `answered`, once every batch in
    ///   flight has been answered.
    package func deliver(
        dataset: String, test: Bool, scope: String,
        next: () async throws -> PushItem?,
        before: (Int, OutgoingBatch) throws -> BatchDecision = { _, _ in .send },
        refused: (PushItem, String) throws -> Void,
        answered: (Int, OutgoingBatch, BatchReport) async throws -> Void
    ) async throws {
        var planner = try planner(dataset: dataset, test: test, scope: scope)
        let limit = max(1, settings.concurrency)
        var stopped: (any Error)?
        await withTaskGroup(of: (Int, OutgoingBatch, BatchReport).self) { group in
            var inFlight = 0
            var index = 0
            // Once `answered` fails (the caller cannot record answers), later answers are not
            // handed to it: the batches in flight finish and their answers are dropped — the
            // caller resends them, under their keys, when it can record again.
            var answering: (any Error)?
            func answerOne() async throws {
                guard let (number, batch, report) = await group.next() else { return }
                inFlight -= 1
                guard answering == nil else { return }
                do {
                    try await answered(number, batch, report)
                } catch {
                    answering = error
                    throw error
                }
            }
            func take(_ batch: OutgoingBatch) async throws {
                let number = index
                index += 1
                guard try before(number, batch) == .send else { return }
                while inFlight >= limit { try await answerOne() }
                group.addTask {
                    let sent = ContinuousClock.now
                    var report = await self.deliver(batch)
                    report.seconds = (ContinuousClock.now - sent) / .seconds(1)
                    return (number, batch, report)
                }
                inFlight += 1
            }
            do {
                while let item = try await next() {
                    let step = switch item {
                    case let .upsert(record): planner.add(record)
                    case let .delete(key): planner.add(delete: key)
                    }
                    switch step {
                    case .added: break
                    case let .sealed(batch): try await take(batch)
                    case let .refused(reason): try refused(item, reason)
                    }
                }
                if let last = planner.finish() { try await take(last) }
            } catch {
                stopped = error
            }
            while inFlight > 0 {
                do { try await answerOne() } catch { stopped = stopped ?? error }
            }
        }
        if let stopped { throw stopped }
    }

    /// Plans `upserts` and then `deletes` into batches and delivers them through ``deliver(dataset:test:scope:next:before:refused:answered:)``,
    /// keeping every report (for tools and tests that hold a small set in memory). Batch
    /// reports come back in planning order.
    package func push(
        dataset: String, test: Bool, scope: String,
        upserts: some Sequence<OutgoingRecord>, deletes: some Sequence<String> = [String](),
        onBatch: (@Sendable (BatchReport) -> Void)? = nil
    ) async throws(PlatformError) -> PushReport {
        var items = upserts.lazy.map(PushItem.upsert).makeIterator()
        var deleteItems = deletes.lazy.map(PushItem.delete).makeIterator()
        var refused: [RecordDelivery] = []
        var results: [Int: BatchReport] = [:]
        do {
            try await deliver(
                dataset: dataset, test: test, scope: scope,
                next: { items.next() ?? deleteItems.next() },
                refused: { item, reason in refused.append(RecordDelivery(key: item.key, fate: .notSent(reason))) },
                answered: { index, _, report in
                    results[index] = report
                    onBatch?(report)
                }
            )
        } catch let error as PlatformError {
            throw error
        } catch {
            preconditionFailure("the push callbacks throw nothing: \(error)")
        }
        return PushReport(dataset: dataset, batches: results.keys.sorted().map { results[$0]! }, refused: refused)
    }
}
