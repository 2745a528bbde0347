import HuitongCore

/// The result of pushing a set of records to one dataset.
public struct PushReport: Sendable {
    public var dataset: String
    public var batches: [BatchReport]
    /// Records the planner could not put in any batch (too large, deletes not taken).
    public var refused: [RecordDelivery]

    public var accepted: Int { batches.reduce(0) { $0 + $1.accepted } }
    public var rejected: Int { batches.reduce(0) { $0 + $1.rejected } }
    public var notSent: Int { batches.reduce(0) { $0 + $1.notSent } + refused.count }
    public var unconfirmed: Int { batches.reduce(0) { $0 + $1.unconfirmed } }
    public var waitedSeconds: Double { batches.reduce(0) { $0 + $1.waitedSeconds } }
    public var requests: Int { batches.reduce(0) { $0 + $1.requests.count } }
    public var retries: Int { batches.reduce(0) { $0 + $1.retries } }
    public var failures: [PlatformError] { batches.flatMap(\.failures) }
    public var deliveries: [RecordDelivery] { batches.flatMap { $0.upserts + $0.deletes } + refused }
}

extension PlatformConnector {
    /// Plans `upserts` and then `deletes` into batches and delivers them, at most
    /// `settings.concurrency` at once. Batch reports come back in planning order.
    ///
    /// For a pipeline that must survive a crash between planning and delivery, use
    /// `planner(dataset:test:scope:)` and `deliver(_:)` directly and keep the batches.
    public func push(
        dataset: String, test: Bool, scope: String,
        upserts: some Sequence<OutgoingRecord>, deletes: some Sequence<String> = [String](),
        onBatch: (@Sendable (BatchReport) -> Void)? = nil
    ) async throws(PlatformError) -> PushReport {
        var planner = try planner(dataset: dataset, test: test, scope: scope)
        var refused: [RecordDelivery] = []
        var results: [Int: BatchReport] = [:]
        let limit = max(1, settings.concurrency)
        await withTaskGroup(of: (Int, BatchReport).self) { group in
            var next = 0
            var inFlight = 0
            func send(_ batch: OutgoingBatch) async {
                if inFlight >= limit, let (index, report) = await group.next() {
                    results[index] = report
                    onBatch?(report)
                    inFlight -= 1
                }
                let index = next
                next += 1
                inFlight += 1
                group.addTask { (index, await self.deliver(batch)) }
            }
            for record in upserts {
                switch planner.add(record) {
                case .added: break
                case let .sealed(batch): await send(batch)
                case let .refused(reason): refused.append(RecordDelivery(key: record.key, fate: .notSent(reason)))
                }
            }
            for key in deletes {
                switch planner.add(delete: key) {
                case .added: break
                case let .sealed(batch): await send(batch)
                case let .refused(reason): refused.append(RecordDelivery(key: key, fate: .notSent(reason)))
                }
            }
            if let last = planner.finish() { await send(last) }
            for await (index, report) in group {
                results[index] = report
                onBatch?(report)
            }
        }
        return PushReport(dataset: dataset, batches: results.keys.sorted().map { results[$0]! }, refused: refused)
    }
}
