import HuitongCore
import HuitongTransport

extension PlatformConnector {
    /// Sends one sealed batch and returns every record's fate.
    ///
    /// Never throws: a batch that fails marks its records "not sent" with the reason and
    /// lists the error in `failures`, so a caller can record it and resend later (the same
    /// batch carries the same idempotency key).
    package func deliver(_ batch: OutgoingBatch) async -> BatchReport {
        var report = BatchReport(
            dataset: batch.dataset, idempotencyKey: batch.idempotencyKey, upserts: [], deletes: [],
            requests: [], duplicate: false, failures: []
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
                    let error = Self.unconfirmedIfSuccessful(error)
                    report.failures.append(error)
                    let fate: DeliveryFate = switch error.kind {
                    case .refused: .rejected([PlatformReason(field: nil, reason: error.message ?? error.detail)])
                    case .unconfirmed: .unconfirmed(error.detail)
                    default: .notSent(error.description)
                    }
                    report.deletes.append(RecordDelivery(key: key, fate: fate))
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
            requests: [exchange.summary], duplicate: false, failures: []
        )
        switch exchange.outcome {
        case let .success(response, answer):
            let verdict = BatchAnswer(reading: answer, of: batch, outcome: push.outcome, flagDeletes: flagStyle)
            report.upserts = verdict.upserts
            report.deletes = verdict.deletes
            if verdict.duplicate {
                report.duplicate = true
                report.requests[0].duplicate = true
            }
            if let reason = verdict.unconfirmed {
                report.failures.append(PlatformError(
                    kind: .unconfirmed, platform: settings.name, request: describe(request), status: response.status,
                    code: exchange.summary.code, message: answer.flatMap { profile.answer.messagePath?.value(in: $0) }.map(PlatformTemplate.text(of:)),
                    bodyStart: PlatformError.bodyPrefix(response.body), attempts: exchange.summary.attempts, detail: reason
                ))
            }
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
            let error = Self.unconfirmedIfSuccessful(error)
            report.failures.append(error)
            if error.kind == .unconfirmed {
                let verdict = BatchAnswer(unconfirmed: error.detail, of: batch)
                report.upserts = verdict.upserts
                report.deletes = verdict.deletes
            } else {
                let reason = error.description
                report.upserts = batch.upserts.map { RecordDelivery(key: $0.key, fate: .notSent(reason)) }
                report.deletes = batch.deletes.map { RecordDelivery(key: $0, fate: .notSent(reason)) }
            }
        }
        return report
    }

    /// An unreadable 2xx answer to a batch or delete: the platform took the request and may
    /// have applied it, so its records are unconfirmed (resent under the same key), never
    /// "not sent" for good.
    static func unconfirmedIfSuccessful(_ error: PlatformError) -> PlatformError {
        guard error.kind == .unreadableAnswer, let status = error.status, (200..<300).contains(status) else { return error }
        var error = error
        error.kind = .unconfirmed
        return error
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
    package func wireRequest(for batch: OutgoingBatch) async throws(PlatformError) -> HTTPRequest {
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
            token = try await tokens.current { () async throws(PlatformError) in try await self.fetchToken(test: batch.test) }.token
        }
        do {
            return try buildHTTPRequest(request, token: token)
        } catch {
            throw PlatformError(kind: .configuration, platform: settings.name, request: describe(request), attempts: 0, detail: "\(error)")
        }
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
