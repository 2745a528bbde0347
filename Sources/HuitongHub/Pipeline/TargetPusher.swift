import HuitongCore
import HuitongPlatforms

/// What happened to one target's batches in this run.
struct PushedTarget: Sendable {
    var accepted = 0
    var rejected = 0
    var notSent = 0
    /// Records whose answer did not account for them: neither accepted nor rejected, resent
    /// by the next run under the same idempotency key.
    var unconfirmed = 0
    var retries = 0
    /// Seconds the connector waited for this target's batches (Retry-After, backoff, token rate).
    var waitedSeconds = 0.0
    var requests = 0
    var batches = 0
    /// Batches that must be sent again by the next run (no final answer yet).
    var open = 0
    var failures: [String] = []
    /// What the run repaired on the way (a torn journal line cut off).
    var notes: [String] = []
    /// A stop was requested (a signal): batches after the ones in flight were not sent.
    var stopped = false
    /// Records with a final fate: in batches with a final answer, or refused by the planner.
    var settled = 0
}

/// Sends a target's plan in batches and journals every batch's outcome as soon as it is
/// known. Batches are rebuilt from the staged payloads in plan order with the run's scope, so
/// after a crash they come out identical, with the same idempotency keys; batches already
/// journaled with a final outcome are not sent again.
struct TargetPusher {
    let target: TargetConfiguration
    let paths: TargetPaths
    let connector: PlatformConnector
    let runID: String
    let test: Bool
    let progress: (@Sendable (Int) -> Void)?
    /// Asked before each new batch is sent: once requested, no new batch leaves.
    var stop: StopRequest?

    /// The journal: the last line per batch index wins.
    static func journal(_ path: String) throws(HubError) -> [Int: Value] {
        var lines: [Int: Value] = [:]
        try forEachLine(of: path) { (value, _, _) throws(HubError) in
            if let index = value["b"]?.integerValue { lines[Int(index)] = value }
        }
        return lines
    }

    /// The journal's last line per batch index, one at a time in index order: only the lines'
    /// places are held, never the whole journal (a line per batch with a fate per record).
    static func forEachLatestLine(_ path: String, _ body: (_ index: Int, _ line: Value) throws(HubError) -> Void) throws(HubError) {
        var latest: [Int: (offset: Int, length: Int)] = [:]
        try forEachLine(of: path) { (value, offset, length) throws(HubError) in
            if let index = value["b"]?.integerValue { latest[Int(index)] = (offset, length) }
        }
        guard !latest.isEmpty else { return }
        let reader = try JSONLinesRandomReader(path: path)
        for (index, place) in latest.sorted(by: { $0.key < $1.key }) {
            try body(index, try reader.value(at: place.offset, length: place.length))
        }
    }

    func push() async throws -> PushedTarget {
        // Batches with a final answer: index → idempotency key (a batch at a time, not the whole journal).
        var done: [Int: String] = [:]
        var result = PushedTarget()
        if let healing = try AppendOnlyFile.healAndCheck(journal: paths.journal) { result.notes.append(healing.description) }
        // Batches an earlier run left unconfirmed: answered so again, they are settled by read-back.
        var unconfirmedBefore = Set<Int>()
        var unconfirmedAgain: [Int: Value] = [:]
        try Self.forEachLatestLine(paths.journal) { (index, line) throws(HubError) in
            if Self.onlyUnconfirmedOpen(line) { unconfirmedBefore.insert(index) }
            guard line["final"] == .bool(true) else { return }
            done[index] = line["key"]?.stringValue ?? ""
            result.add(journaled: line)
        }
        let journal = try JSONLinesAppender(path: paths.journal, failpoint: "journal-disk-full")
        let staged = try JSONLinesRandomReader(path: paths.staged)
        var planner = try connector.planner(dataset: target.dataset, test: test, scope: runID)

        // Batch index → staged offset of each upsert, to journal where the accepted content is.
        var index = 0
        var offsets: [String: (offset: Int, length: Int)] = [:]
        var pending: [(Int, OutgoingBatch, [String: (offset: Int, length: Int)])] = []
        let limit = max(1, connector.settings.concurrency)

        func flushPending() async throws {
            guard !pending.isEmpty else { return }
            let reports = await withTaskGroup(of: (Int, BatchReport, [String: (offset: Int, length: Int)]).self) { group in
                for (batchIndex, batch, batchOffsets) in pending {
                    group.addTask {
                        let report = await connector.deliver(batch)
                        // The platform has answered (and applied) the batch; the journal has not seen it yet.
                        Failpoints.hit("batch-answered")
                        return (batchIndex, report, batchOffsets)
                    }
                }
                var collected: [(Int, BatchReport, [String: (offset: Int, length: Int)])] = []
                for await item in group { collected.append(item) }
                return collected.sorted { $0.0 < $1.0 }
            }
            pending.removeAll()
            for (batchIndex, report, batchOffsets) in reports {
                let line = Self.journalLine(batchIndex, report, offsets: batchOffsets)
                try journal.append(line)
                result.add(journaled: line)
                if unconfirmedBefore.contains(batchIndex), Self.onlyUnconfirmedOpen(line) { unconfirmedAgain[batchIndex] = line }
            }
            try journal.sync()
            Failpoints.hit("batch-journaled")
            progress?(result.accepted + result.rejected + result.notSent + result.unconfirmed)
        }

        func take(_ batch: OutgoingBatch) async throws {
            defer { index += 1; offsets = [:] }
            // `offsets` holds exactly the upserts added since the last seal: this batch's.
            let batchOffsets = offsets
            if let journaledKey = done[index] {
                // The same plan, profile and scope make the same batches; anything else would
                // skip or repeat records, so the run stops and says why.
                guard journaledKey == batch.idempotencyKey else {
                    throw HubError(
                        .interruptedRunChanged,
                        "\(target.name): batch \(index + 1) of the interrupted run does not come out the same (key \(batch.idempotencyKey), journal \(journaledKey)); the platform profile's limits changed since. Restore the profile to finish the run, or remove \(paths.run) to stage afresh.",
                        exitStatus: .runtimeFailure
                    )
                }
                return
            }
            if stop?.isRequested == true { throw StopSending() }
            pending.append((index, batch, batchOffsets))
            if pending.count >= limit { try await flushPending() }
        }

        do {
            try await forEachPlanLine { line in
                if let offset = line["u"]?.integerValue, let length = line["n"]?.integerValue {
                    let stagedLine = try staged.value(at: Int(offset), length: Int(length))
                    guard let key = stagedLine["k"]?.stringValue, case let .object(record)? = stagedLine["r"] else {
                        throw HubError.corrupt("\(paths.staged) at byte \(offset)")
                    }
                    offsets[key] = (Int(offset), Int(length))
                    switch planner.add(OutgoingRecord(key: key, payload: record)) {
                    case .added: break
                    case let .sealed(batch):
                        // The sealed batch holds the records before this one.
                        let current = offsets[key]
                        offsets[key] = nil
                        try await take(batch)
                        offsets[key] = current
                    case let .refused(reason):
                        result.notSent += 1
                        result.settled += 1
                        result.failures.append("\(key): \(reason)")
                    }
                } else if let key = line["d"]?.stringValue {
                    switch planner.add(delete: key) {
                    case .added: break
                    case let .sealed(batch): try await take(batch)
                    case let .refused(reason):
                        result.notSent += 1
                        result.settled += 1
                        result.failures.append("\(key): \(reason)")
                    }
                }
            }
            if let last = planner.finish() { try await take(last) }
        } catch is StopSending {
            // The batches already in flight were answered and journaled; the rest wait for the next run.
            result.stopped = true
            return result
        }
        try await flushPending()
        if !unconfirmedAgain.isEmpty, stop?.isRequested != true {
            try await settleByReadBack(unconfirmedAgain, staged: staged, journal: journal, result: &result)
        }
        return result
    }

    /// A line whose batch is open only because the answer did not account for records: every
    /// fate accepted, rejected or unconfirmed, and at least one unconfirmed.
    static func onlyUnconfirmedOpen(_ line: Value) -> Bool {
        guard line["final"] != .bool(true), let fates = line["fates"]?.arrayValue else { return false }
        let kinds = fates.compactMap { $0["fate"]?.stringValue }
        return kinds.contains("unconfirmed") && kinds.allSatisfy { ["accepted", "rejected", "unconfirmed"].contains($0) }
    }

    /// Settles batches answered unconfirmed twice from the platform's read-back (see
    /// `ReadBackVerification`); a target whose profile has none keeps them open.
    private func settleByReadBack(
        _ lines: [Int: Value], staged: JSONLinesRandomReader, journal: JSONLinesAppender, result: inout PushedTarget
    ) async throws {
        guard target.mode == .sync, connector.profile.dataset(named: target.dataset)?.readBack != nil else {
            result.notes.append("\(lines.count) batch(es) were answered without accounting for their records twice; \(target.platform) publishes no read-back for \(target.dataset) to settle them: ask the platform what it stored")
            return
        }
        var keys = Set<String>()
        var hashes: [String: String] = [:]
        for line in lines.values {
            for fate in line["fates"]?.arrayValue ?? [] where fate["fate"]?.stringValue == "unconfirmed" {
                guard let key = fate["k"]?.stringValue else { continue }
                keys.insert(key)
                if let offset = fate["o"]?.integerValue, let length = fate["n"]?.integerValue {
                    hashes[key] = try staged.value(at: Int(offset), length: Int(length))["h"]?.stringValue
                }
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
            try journal.append(verified)
            result.replace(journaled: line, with: verified)
            if verified["final"] == .bool(true) { settled += 1 }
        }
        try journal.sync()
        result.notes.append("\(settled) of \(lines.count) batch(es) answered without accounting for their records again were settled by reading back what \(target.platform) holds")
    }

    /// Not an error: the operator asked the run to stop sending (`StopRequest`).
    private struct StopSending: Error {}

    private func forEachPlanLine(_ body: (Value) async throws -> Void) async throws {
        var lines: [Value] = []
        // The plan is read in chunks so memory stays bounded by the chunk, not the plan.
        let reader = try JSONLinesReaderSequence(path: paths.plan)
        while let chunk = try reader.next(upTo: 4096) {
            lines = chunk
            for line in lines { try await body(line) }
        }
    }

    /// A journal line: the batch, its key, whether it is final, and each record's fate with
    /// the staged offset of accepted upserts.
    static func journalLine(_ index: Int, _ report: BatchReport, offsets: [String: (offset: Int, length: Int)]) -> Value {
        // Final unless the platform may still apply it: transport trouble, attempts exhausted,
        // authentication or settings (fixed by the operator, then resent under the same key),
        // or an answer that does not account for every record (resent under the same key, which
        // the platform answers with its first verdict).
        let open = report.failures.contains { [.transport, .exhausted, .authentication, .configuration, .unconfirmed].contains($0.kind) }
            || report.unconfirmed > 0
        func fate(_ delivery: RecordDelivery, upsert: Bool) -> Value {
            var object = OrderedObject()
            object["k"] = .string(delivery.key)
            object["op"] = .string(upsert ? "upsert" : "delete")
            switch delivery.fate {
            case .accepted:
                object["fate"] = "accepted"
                if upsert, let place = offsets[delivery.key] {
                    object["o"] = .integer(Int64(place.offset))
                    object["n"] = .integer(Int64(place.length))
                }
            case let .rejected(reasons):
                object["fate"] = "rejected"
                object["reasons"] = .array(reasons.map { .string($0.description) })
                if upsert, let place = offsets[delivery.key] {
                    object["o"] = .integer(Int64(place.offset))
                    object["n"] = .integer(Int64(place.length))
                }
            case let .notSent(reason):
                object["fate"] = "notSent"
                object["reasons"] = .array([.string(reason)])
            case let .unconfirmed(reason):
                object["fate"] = "unconfirmed"
                object["reasons"] = .array([.string(reason)])
                // Where the content sent is, should a read-back later show the platform holds it.
                if upsert, let place = offsets[delivery.key] {
                    object["o"] = .integer(Int64(place.offset))
                    object["n"] = .integer(Int64(place.length))
                }
            }
            return .object(object)
        }
        return [
            "b": .integer(Int64(index)), "key": .string(report.idempotencyKey), "final": .bool(!open),
            "duplicate": .bool(report.duplicate), "retries": .integer(Int64(report.retries)),
            "waited": .double(report.waitedSeconds),
            "requests": .array(report.requests.map { request in
                ["method": .string(request.method), "path": .string(request.path), "status": request.status.map { .integer(Int64($0)) } ?? .null,
                 "code": request.code.map { .string($0) } ?? .null, "attempts": .integer(Int64(request.attempts))]
            }),
            "failures": .array(report.failures.map { .string($0.description) }),
            "fates": .array(report.upserts.map { fate($0, upsert: true) } + report.deletes.map { fate($0, upsert: false) }),
        ]
    }
}

extension PushedTarget {
    /// Counts `new` instead of `old`, a line of the same batch journaled earlier in this run.
    mutating func replace(journaled old: Value, with new: Value) {
        var without = PushedTarget()
        without.add(journaled: old)
        batches -= without.batches
        retries -= without.retries
        waitedSeconds -= without.waitedSeconds
        requests -= without.requests
        open -= without.open
        settled -= without.settled
        accepted -= without.accepted
        rejected -= without.rejected
        unconfirmed -= without.unconfirmed
        notSent -= without.notSent
        for failure in without.failures {
            if let index = failures.firstIndex(of: failure) { failures.remove(at: index) }
        }
        add(journaled: new)
    }

    mutating func add(journaled line: Value) {
        batches += 1
        retries += Int(line["retries"]?.integerValue ?? 0)
        waitedSeconds += line["waited"]?.doubleValue ?? 0
        requests += line["requests"]?.arrayValue?.count ?? 0
        if line["final"] != .bool(true) { open += 1 } else { settled += line["fates"]?.arrayValue?.count ?? 0 }
        for failure in line["failures"]?.arrayValue ?? [] { failures.append(failure.stringValue ?? "") }
        for fate in line["fates"]?.arrayValue ?? [] {
            switch fate["fate"]?.stringValue {
            case "accepted": accepted += 1
            case "rejected": rejected += 1
            case "unconfirmed": unconfirmed += 1
            default: notSent += 1
            }
        }
    }
}

/// Reads a JSON Lines file a chunk of values at a time.
final class JSONLinesReaderSequence {
    private let reader: JSONLinesReader
    let path: String

    init(path: String) throws {
        self.path = path
        reader = try JSONLinesReader(path: path)
    }

    func next(upTo count: Int) throws -> [Value]? {
        var values: [Value] = []
        while values.count < count, let line = try reader.next() {
            switch line.content {
            case let .success(value): values.append(value)
            case let .failure(error): throw HubError.corrupt("\(path):\(line.lineNumber): \(error)")
            }
        }
        return values.isEmpty ? nil : values
    }
}
