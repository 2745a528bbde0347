import HuitongCore
import HuitongTransport

extension PlatformConnector {
    /// Sends one sealed batch and returns every record's fate.
    ///
    /// Never throws: a batch that fails marks its records "not sent" with the reason and
    /// lists the error in `failures`, so a caller can record it and resend later (the same
    /// batch carries the same idempotency key).
    public func deliver(_ batch: OutgoingBatch) async -> BatchReport {
        var report = BatchReport(
            dataset: batch.dataset, idempotencyKey: batch.idempotencyKey, upserts: [], deletes: [],
            requests: [], duplicate: false, failures: [], anomalies: []
        )
        guard let dataset = profile.dataset(named: batch.dataset) else {
            let reason = "the profile \(profile.name) has no dataset \(batch.dataset)"
            report.upserts = batch.upserts.map { RecordDelivery(key: $0.key, fate: .notSent(reason)) }
            report.deletes = batch.deletes.map { RecordDelivery(key: $0, fate: .notSent(reason)) }
            return report
        }
        switch dataset.push.deletes {
        case .envelope, .flag:
            if !batch.upserts.isEmpty || !batch.deletes.isEmpty {
                report.absorb(await post(batch, dataset: dataset))
            }
        case let .request(method, path, gone):
            if !batch.upserts.isEmpty {
                report.absorb(await post(batch.withoutDeletes(), dataset: dataset))
            }
            for key in batch.deletes {
                let request = PlannedRequest(
                    method: method, path: PercentEncoding.fill(path, ["dataset": dataset.name, "key": key]), test: batch.test
                )
                let exchange = await self.exchange(request, gone: gone)
                report.requests.append(exchange.summary)
                switch exchange.outcome {
                case .success, .gone:
                    report.deletes.append(RecordDelivery(key: key, fate: .accepted))
                case let .failure(error):
                    report.failures.append(error)
                    report.deletes.append(RecordDelivery(key: key, fate: error.kind == .refused ? .rejected([PlatformReason(field: nil, reason: error.message ?? error.detail)]) : .notSent(error.description)))
                case .tooLarge:
                    report.deletes.append(RecordDelivery(key: key, fate: .notSent("the platform answered a delete with \"too large\"")))
                }
            }
        case .none:
            if !batch.upserts.isEmpty {
                report.absorb(await post(batch.withoutDeletes(), dataset: dataset))
            }
            report.deletes = batch.deletes.map {
                RecordDelivery(key: $0, fate: .notSent("\(settings.name) takes no deletes for \(dataset.name)"))
            }
        }
        return report
    }

    /// One batch request (and, after "too large", its halves).
    private func post(_ batch: OutgoingBatch, dataset: DatasetProfile) async -> BatchReport {
        let push = dataset.push
        var flagStyle = false
        if case .flag = push.deletes { flagStyle = true }
        let items = BatchBodyBuilder.Items(
            upserts: batch.upsertItems, deletes: flagStyle ? [] : batch.deleteItems, flagDeletes: flagStyle ? batch.deleteItems : []
        )
        let request = plannedRequest(for: batch, dataset: dataset, items: items)
        let exchange = await self.exchange(request)
        var report = BatchReport(
            dataset: batch.dataset, idempotencyKey: batch.idempotencyKey, upserts: [], deletes: [],
            requests: [exchange.summary], duplicate: false, failures: [], anomalies: []
        )
        switch exchange.outcome {
        case let .success(_, answer):
            read(answer, of: batch, dataset: dataset, flagStyle: flagStyle, into: &report)
        case .gone:
            report.upserts = batch.upserts.map { RecordDelivery(key: $0.key, fate: .accepted) }
            report.deletes = batch.deletes.map { RecordDelivery(key: $0, fate: .accepted) }
        case let .tooLarge(response):
            guard let (left, right) = batch.halves(keyLength: push.idempotency.length ?? 40, platform: settings.name) else {
                let reason = "the platform refused a one-record batch as too large (HTTP \(response.status))"
                report.upserts = batch.upserts.map { RecordDelivery(key: $0.key, fate: .notSent(reason)) }
                report.deletes = batch.deletes.map { RecordDelivery(key: $0, fate: .notSent(reason)) }
                return report
            }
            report.absorb(await post(left, dataset: dataset))
            report.absorb(await post(right, dataset: dataset))
        case let .failure(error):
            report.failures.append(error)
            let reason = error.description
            report.upserts = batch.upserts.map { RecordDelivery(key: $0.key, fate: .notSent(reason)) }
            report.deletes = batch.deletes.map { RecordDelivery(key: $0, fate: .notSent(reason)) }
        }
        return report
    }

    /// The batch request: path, idempotency key and body (built per attempt when the
    /// envelope carries the sending time).
    func plannedRequest(for batch: OutgoingBatch, dataset: DatasetProfile, items: BatchBodyBuilder.Items) -> PlannedRequest {
        let push = dataset.push
        let builder = BatchBodyBuilder(push: push, lookup: lookup)
        let clock = self.clock
        var request = PlannedRequest(
            method: push.method, path: PercentEncoding.fill(push.path, ["dataset": dataset.name]),
            idempotencyKey: batch.idempotencyKey, test: batch.test
        )
        if case let .envelope(template, _) = push.body, template.variables.contains(where: { $0.hasPrefix("now:") }) {
            request.bodyForAttempt = { builder.body(items: items, idempotencyKey: batch.idempotencyKey, test: batch.test, dataset: dataset.name, now: clock.now()) }
        } else {
            request.body = builder.body(items: items, idempotencyKey: batch.idempotencyKey, test: batch.test, dataset: dataset.name, now: clock.now())
        }
        return request
    }

    /// The batch's request exactly as `deliver` would send it now, signed and authenticated
    /// (fetching a token if needed), without sending it. For benchmarks and dry runs; the
    /// headers carry credentials, so never log them.
    public func wireRequest(for batch: OutgoingBatch) async throws(PlatformError) -> HTTPRequest {
        guard let dataset = profile.dataset(named: batch.dataset) else {
            throw PlatformError(kind: .configuration, platform: settings.name, request: "batch for \(batch.dataset)", attempts: 0, detail: "no such dataset")
        }
        var flagStyle = false
        if case .flag = dataset.push.deletes { flagStyle = true }
        let envelopeDeletes: Bool = if case .envelope = dataset.push.deletes { true } else { false }
        let items = BatchBodyBuilder.Items(
            upserts: batch.upsertItems, deletes: envelopeDeletes ? batch.deleteItems : [], flagDeletes: flagStyle ? batch.deleteItems : []
        )
        let request = plannedRequest(for: batch, dataset: dataset, items: items)
        var token: String?
        if let tokens {
            token = try await tokens.current { () async throws(PlatformError) in try await self.fetchToken(test: batch.test) }
        }
        do {
            return try buildHTTPRequest(request, token: token)
        } catch {
            throw PlatformError(kind: .configuration, platform: settings.name, request: describe(request), attempts: 0, detail: "\(error)")
        }
    }

    /// Reads the platform's verdict on each item of an accepted batch.
    private func read(_ answer: Value?, of batch: OutgoingBatch, dataset: DatasetProfile, flagStyle: Bool, into report: inout BatchReport) {
        var upsertFates = [DeliveryFate](repeating: .accepted, count: batch.upserts.count)
        var deleteFates = [DeliveryFate](repeating: .accepted, count: batch.deletes.count)
        let outcome = dataset.push.outcome
        if let answer, let path = outcome.duplicatePath, path.value(in: answer) == .bool(true) {
            report.duplicate = true
            report.requests[report.requests.count - 1].duplicate = true
        }
        if let answer, let shape = outcome.rejected, let entries = shape.list.value(in: answer)?.arrayValue {
            for entry in entries {
                let reasons = Self.reasons(in: entry, shape: shape)
                let pointer = shape.field.value(in: entry)
                switch shape.by {
                case .index:
                    guard let index = pointer?.integerValue.map(Int.init) else {
                        report.anomalies.append("a rejection without an index: \(PlatformTemplate.text(of: entry))")
                        continue
                    }
                    if batch.upserts.indices.contains(index) {
                        upsertFates[index] = .rejected(reasons)
                    } else if flagStyle, batch.deletes.indices.contains(index - batch.upserts.count) {
                        deleteFates[index - batch.upserts.count] = .rejected(reasons)
                    } else {
                        report.anomalies.append("the platform rejected item \(index), but the batch has \(batch.upserts.count + (flagStyle ? batch.deletes.count : 0)) items")
                    }
                case .key:
                    let key = pointer.map(PlatformTemplate.text(of:)) ?? ""
                    var found = false
                    for (index, record) in batch.upserts.enumerated() where record.key == key {
                        upsertFates[index] = .rejected(reasons)
                        found = true
                    }
                    if !found, let index = batch.deletes.firstIndex(of: key) {
                        deleteFates[index] = .rejected(reasons)
                        found = true
                    }
                    if !found { report.anomalies.append("the platform rejected \"\(key)\", which is not in the batch") }
                }
            }
        }
        report.upserts = zip(batch.upserts, upsertFates).map { RecordDelivery(key: $0.key, fate: $1) }
        report.deletes = zip(batch.deletes, deleteFates).map { RecordDelivery(key: $0, fate: $1) }
    }

    static func reasons(in entry: Value, shape: RejectedShape) -> [PlatformReason] {
        if let list = shape.reasonList, let items = list.value(in: entry)?.arrayValue, !items.isEmpty {
            return items.map { item in
                PlatformReason(
                    field: shape.reasonField.flatMap { $0.value(in: item) }.map(PlatformTemplate.text(of:)),
                    reason: shape.reasonText.flatMap { $0.value(in: item) }.map(PlatformTemplate.text(of:)) ?? PlatformTemplate.text(of: item)
                )
            }
        }
        if let message = shape.message.flatMap({ $0.value(in: entry) }) {
            return [PlatformReason(field: nil, reason: PlatformTemplate.text(of: message))]
        }
        return [PlatformReason(field: nil, reason: PlatformTemplate.text(of: entry))]
    }
}

extension OutgoingBatch {
    func withoutDeletes() -> OutgoingBatch {
        OutgoingBatch(
            dataset: dataset, test: test, scope: scope, idempotencyKey: idempotencyKey, upserts: upserts,
            deletes: [], upsertItems: upsertItems, deleteItems: []
        )
    }

    /// Two batches of about half the items each, with keys derived from their own content;
    /// nil when there is only one item. A resend of the whole splits the same way again.
    func halves(keyLength: Int, platform: String) -> (OutgoingBatch, OutgoingBatch)? {
        let total = upserts.count + deletes.count
        guard total >= 2 else { return nil }
        // Upserts first, then deletes, cut in the middle: both halves hold at least one item.
        let cut = total / 2
        let upsertCut = min(cut, upserts.count)
        let deleteCut = max(0, cut - upserts.count)
        func part(_ u: Range<Int>, _ d: Range<Int>) -> OutgoingBatch {
            let items = Array(upsertItems[u])
            let keys = Array(deletes[d])
            return OutgoingBatch(
                dataset: dataset, test: test, scope: scope,
                idempotencyKey: Self.deriveKey(platform: platform, dataset: dataset, test: test, scope: scope, upsertItems: items, deletes: keys, length: keyLength),
                upserts: Array(upserts[u]), deletes: keys, upsertItems: items, deleteItems: Array(deleteItems[d])
            )
        }
        let left = part(0..<upsertCut, 0..<deleteCut)
        let right = part(upsertCut..<upserts.count, deleteCut..<deletes.count)
        return (left, right)
    }
}
