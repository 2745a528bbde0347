import HuitongCore
import HuitongPlatforms

/// Sends a target's plan in batches through the connector's push loop and journals every
/// batch's outcome as soon as it is known. Batches are rebuilt from the staged records in plan
/// order with the run's scope, so after a crash they come out identical, with the same
/// idempotency keys; batches already journaled with a final outcome are not sent again.
///
/// Each answer is written to the journal at once (it survives the process being killed); the
/// journal is flushed to disk once the target is done, before anything is committed from it. A
/// line lost to a power cut before that only means the batch is resent under its key, which
/// the platform answers with its first verdict.
struct TargetPusher {
    let target: TargetConfiguration
    let paths: TargetPaths
    let connector: PlatformConnector
    let runID: String
    let test: Bool
    let progress: (@Sendable (Int) -> Void)?
    /// Asked before each new batch is sent: once requested, no new batch leaves.
    var stop: StopRequest?

    func push() async throws -> PushedTarget {
        var result = PushedTarget()
        if let healing = try AppendOnlyFile.healAndCheck(journal: paths.journal) { result.notes.append(healing.description) }
        // Batches with a final answer: index → idempotency key. Batches an earlier run left
        // unconfirmed: answered so again, they are settled by read-back.
        var done: [Int: String] = [:]
        var unconfirmedBefore = Set<Int>()
        try JournalFile.forEachLatest(paths.journal) { (line) throws(HubError) in
            if line.isOnlyUnconfirmedOpen { unconfirmedBefore.insert(line.batch) }
            guard line.final else { return }
            done[line.batch] = line.idempotencyKey
            result.add(line)
        }
        let journal = try JSONLinesAppender(path: paths.journal, failpoint: "journal-disk-full")
        let staged = try JSONLinesRandomReader(path: paths.staged)
        // The plan's upserts come in staged order: the staged file is read forwards, in windows.
        let forward = try ForwardReader(path: paths.staged)
        let plan = try PlanReader(path: paths.plan)
        var unconfirmedAgain: [Int: JournalLine] = [:]
        let target = self.target, paths = self.paths, stop = self.stop, progress = self.progress

        do {
            try await connector.deliver(
                dataset: target.dataset, test: test, scope: runID,
                next: { () throws(HubError) -> PushItem? in
                    switch try plan.next() {
                    case nil: return nil
                    case let .delete(key)?: return .delete(key)
                    case let .upsert(place)?:
                        let bytes = try forward.bytes(at: place.offset, length: place.length)
                        if let (key, wire) = StagedRecord.wirePart(bytes) {
                            return .upsert(OutgoingRecord(key: key, encodedPayload: Array(bytes[wire]), place: place))
                        }
                        let record = try StagedRecord.decode(bytes, place: "\(paths.staged) at byte \(place.offset)")
                        return .upsert(OutgoingRecord(key: record.key, encodedPayload: record.wire, place: place))
                    }
                },
                before: { index, batch in
                    if let journaledKey = done[index] {
                        // The same plan, profile and scope make the same batches; anything else would
                        // skip or repeat records, so the run stops and says why.
                        guard journaledKey == batch.idempotencyKey else {
                            throw HubError(
                                .interruptedRunChanged,
                                "\(target.name): batch \(index + 1) of the interrupted run does not come out the same (key \(batch.idempotencyKey), journal \(journaledKey)); the platform profile's limits changed since. Restore the profile to finish the run, or remove \(paths.run) to stage afresh."
                            )
                        }
                        return .skip
                    }
                    if stop?.isRequested == true { throw StopSending() }
                    return .send
                },
                refused: { item, reason in
                    result.notSent += 1
                    result.settled += 1
                    result.failures.append("\(item.key): \(reason)")
                },
                answered: { index, batch, report in
                    // The platform has answered (and applied) the batch; the journal has not seen it yet.
                    Failpoints.hit("batch-answered")
                    let line = Self.journalLine(index, batch, report)
                    try journal.append(line.jsonValue)
                    try journal.flush()
                    result.add(line)
                    result.batchSeconds.observe(report.seconds)
                    if unconfirmedBefore.contains(index), line.isOnlyUnconfirmedOpen { unconfirmedAgain[index] = line }
                    Failpoints.hit("batch-journaled")
                    progress?(result.answered)
                }
            )
        } catch is StopSending {
            // The batches already in flight were answered and journaled; the rest wait for the next run.
            try journal.sync()
            result.stopped = true
            return result
        }
        try journal.sync()
        if !unconfirmedAgain.isEmpty, stop?.isRequested != true {
            try await settleByReadBack(unconfirmedAgain, staged: staged, journal: journal, result: &result)
        }
        return result
    }

    /// Settles batches answered unconfirmed twice from the platform's read-back (see
    /// `ReadBackVerification`); a target whose profile has none keeps them open.
    private func settleByReadBack(
        _ lines: [Int: JournalLine], staged: JSONLinesRandomReader, journal: JSONLinesAppender, result: inout PushedTarget
    ) async throws {
        guard target.mode == .sync, connector.profile.dataset(named: target.dataset)?.readBack != nil else {
            result.notes.append("\(lines.count) batch(es) were answered without accounting for their records twice; \(target.platform) publishes no read-back for \(target.dataset) to settle them: ask the platform what it stored")
            return
        }
        var keys = Set<String>()
        var hashes: [String: String] = [:]
        for line in lines.values {
            for fate in line.fates {
                guard case .unconfirmed = fate.outcome else { continue }
                keys.insert(fate.key)
                if let place = fate.place { hashes[fate.key] = try staged.stagedRecord(at: place).hash }
            }
        }
        let verification: ReadBackVerification
        do {
            verification = try await ReadBackVerification.read(connector, target: target, test: test, keys: keys)
        } catch {
            result.failures.append("settling \(lines.count) unconfirmed batch(es) by read-back failed: \(error.description)")
            return
        }
        var settled = 0
        for (_, line) in lines.sorted(by: { $0.key < $1.key }) {
            let verified = verification.settle(line, hashes: hashes)
            try journal.append(verified.jsonValue)
            result.replace(line, with: verified)
            if verified.final { settled += 1 }
        }
        try journal.sync()
        result.notes.append("\(settled) of \(lines.count) batch(es) answered without accounting for their records again were settled by reading back what \(target.platform) holds")
    }

    /// Not an error: the operator asked the run to stop sending (`StopRequest`).
    private struct StopSending: Error {}

    /// The journal line of one answered batch: its key, whether it is final, and each record's
    /// fate with the staged place of each upsert.
    static func journalLine(_ index: Int, _ batch: OutgoingBatch, _ report: BatchReport) -> JournalLine {
        // Final unless the platform may still apply it: transport trouble, attempts exhausted,
        // authentication or settings (fixed by the operator, then resent under the same key),
        // or an answer that does not account for every record (resent under the same key, which
        // the platform answers with its first verdict).
        let open = report.failures.contains { [.transport, .exhausted, .authentication, .configuration, .unconfirmed].contains($0.kind) }
            || report.unconfirmed > 0
        // Each upsert's place, in batch order per key (two records of a batch may share a key).
        var places: [String: [RecordPlace]] = [:]
        for record in batch.upserts { if let place = record.place { places[record.key, default: []].append(place) } }
        func fate(_ delivery: RecordDelivery, upsert: Bool) -> JournalLine.Fate {
            var place: RecordPlace?
            if upsert, var list = places[delivery.key], !list.isEmpty {
                place = list.removeFirst()
                places[delivery.key] = list
            }
            let outcome: JournalLine.Outcome
            switch delivery.fate {
            case .accepted: outcome = .accepted
            case let .rejected(reasons): outcome = .rejected(reasons.map { RecordReason(field: $0.field, message: $0.reason) })
            case let .notSent(reason):
                outcome = .notSent([RecordReason(message: reason)])
                place = nil
            case let .unconfirmed(reason): outcome = .unconfirmed([RecordReason(message: reason)])
            }
            return JournalLine.Fate(key: delivery.key, operation: upsert ? .upsert : .delete, outcome: outcome, place: place)
        }
        return JournalLine(
            batch: index, idempotencyKey: report.idempotencyKey, final: !open, duplicate: report.duplicate,
            retries: report.retries, waitedSeconds: report.waitedSeconds, milliseconds: report.seconds > 0 ? Int64((report.seconds * 1000).rounded()) : nil,
            requests: report.requests.map { JournalLine.Request(method: $0.method, path: $0.path, status: $0.status, code: $0.code, attempts: $0.attempts) },
            failures: report.failures.map(\.description),
            fates: report.upserts.map { fate($0, upsert: true) } + report.deletes.map { fate($0, upsert: false) }
        )
    }
}

/// Reads a target's plan a line at a time.
final class PlanReader {
    private let reader: JSONLinesReader?
    let path: String

    init(path: String) throws(HubError) {
        self.path = path
        do {
            reader = try JSONLinesReader(path: path)
        } catch {
            throw HubError.disk("cannot read \(path): \(error)", 0)
        }
    }

    func next() throws(HubError) -> PlanLine? {
        let line: JSONLine<Value>?
        do {
            line = try reader?.next()
        } catch {
            throw HubError.corrupt("\(path): \(error)")
        }
        guard let line else { return nil }
        do {
            return try PlanLine(decoding: try line.content.get())
        } catch {
            throw HubError.corrupt("\(path):\(line.lineNumber): \(error)")
        }
    }
}
