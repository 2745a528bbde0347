import HuitongCore
import HuitongHTTPServer
import Synchronization

/// A stand-in for the provincial exchange interface v1 (`contracts/province-exchange-v1.md`),
/// written from the contract text alone: signing, the three endpoints, envelope and field
/// validation of the five datasets, partial acceptance, idempotent batches, and separate
/// joint-test storage.
///
/// Every request is answered in this order (the first failure answers):
/// 1. route — a path outside the base path or the contract is 404, a wrong method 405;
/// 2. signature — app key (4013), timestamp (4011), signature (4010), then nonce (4012),
///    so a forged request never burns a nonce (see ``ProvinceSignatureCheck``);
/// 3. the endpoint — for a batch: dataset (4001), body size before parsing (4130),
///    Content-Type (4000), envelope (4000/4002/4130), replay (duplicate or 4090), then items.
///
/// `handle` may be called concurrently; one mutex guards the stores, the nonce memory, the
/// processed batches and the counters. Validation runs outside it.
package final class ProvincePlatform: SandboxPlatform {
    package let name = "province"
    package let configuration: Configuration
    private let basePath: String
    private let signatureCheck: ProvinceSignatureCheck
    private let state: Mutex<ProvinceState>

    package init(configuration: Configuration) {
        self.configuration = configuration
        basePath = configuration.normalizedBasePath
        signatureCheck = ProvinceSignatureCheck(
            appSecrets: configuration.appSecrets,
            timestampToleranceMilliseconds: Int64(configuration.timestampToleranceSeconds) * 1_000
        )
        state = Mutex(ProvinceState(nonceWindowMilliseconds: Int64(configuration.nonceWindowSeconds) * 1_000))
    }

    /// What the platform has counted so far.
    package var counters: Counters { state.withLock { $0.counters } }

    package func handle(_ request: ServerRequest) -> ServerResponse {
        let response: ServerResponse
        var errorCode: Int?
        do {
            response = try respond(to: request)
        } catch {
            response = ProvinceEnvelope.failure(error)
            errorCode = error.code
        }
        state.withLock { state in
            state.counters.requestsHandled += 1
            if let errorCode { state.counters.errorsByCode[errorCode, default: 0] += 1 }
        }
        return response
    }

    /// The province's own envelope for an injected failure: 500 → 5000, 429 → 4290 with
    /// `Retry-After`, 502/503/504 (and anything else) → 5030 with that status.
    package func failureResponse(status: Int, retryAfterSeconds: Int?) -> ServerResponse {
        let error: ProvinceError
        var headers: [(name: String, value: String)] = []
        switch status {
        case 429:
            let seconds = max(0, retryAfterSeconds ?? 1)
            error = ProvinceError(status: 429, code: 4290, message: "rate limited; wait at least \(seconds) s (Retry-After) and retry")
            headers.append(("Retry-After", String(seconds)))
        case 500:
            error = ProvinceError(status: 500, code: 5000, message: "internal error; retry with backoff under the same batchId")
        default:
            error = ProvinceError(status: status, code: 5030, message: "service unavailable; retry with backoff under the same batchId")
        }
        state.withLock { $0.counters.errorsByCode[error.code, default: 0] += 1 }
        return ProvinceEnvelope.failure(error, headers: headers)
    }

    package func administer(_ change: SandboxRecordChange) -> Bool {
        state.withLock { state in
            switch change {
            case let .put(dataset, key, record, test):
                if test { state.test.upsert(record, key: key, dataset: dataset) } else { state.production.upsert(record, key: key, dataset: dataset) }
                return true
            case let .delete(dataset, key, test):
                return test ? state.test.delete(key: key, dataset: dataset) : state.production.delete(key: key, dataset: dataset)
            }
        }
    }

    package func snapshot(includeRecords: Bool) -> Value {
        state.withLock { state in
            var object = OrderedObject()
            object["counters"] = state.counters.json
            object["processedBatches"] = .integer(Int64(state.processed.count))
            object["rememberedNonces"] = .integer(Int64(state.nonces.count))
            for (label, store) in [("production", state.production), ("test", state.test)] {
                var totals = OrderedObject()
                var records = OrderedObject()
                for dataset in ProvinceDataset.all {
                    totals[dataset.name] = .integer(Int64(store.count(dataset: dataset.name)))
                    if includeRecords { records[dataset.name] = .array(store.records(dataset: dataset.name)) }
                }
                object[label] = includeRecords ? ["totals": .object(totals), "records": .object(records)] : ["totals": .object(totals)]
            }
            return .object(object)
        }
    }

    // MARK: - Answering

    private func respond(to request: ServerRequest) throws(ProvinceError) -> ServerResponse {
        let route = try ProvinceRoute.of(request, basePath: basePath)
        let now = configuration.clock.now()
        let sender = try signatureCheck.verify(request, now: now)
        try admitNonce(of: sender, now: now)
        switch route {
        case .ping:
            return ProvinceEnvelope.success(message: "pong", data: ["serverTime": .string(now.formatted(.dateTime, in: .beijing))])
        case let .submitBatch(datasetName):
            return try submitBatch(request, datasetName: datasetName, appKey: sender.appKey, now: now)
        case let .readRecords(datasetName):
            return try readRecords(request, datasetName: datasetName)
        }
    }

    /// Check 4: the nonce, reached only by a correctly signed request, which is what lets it be remembered.
    private func admitNonce(of sender: ProvinceSignatureCheck.Sender, now: Timestamp) throws(ProvinceError) {
        guard !sender.nonce.isEmpty else {
            throw .badNonce("X-Nonce is missing; send 16 to 64 characters of [A-Za-z0-9], new for every request")
        }
        guard ProvinceSignatureCheck.isWellFormedNonce(sender.nonce) else {
            throw .badNonce("X-Nonce must be 16 to 64 characters of [A-Za-z0-9] (got \(sender.nonce.unicodeScalars.count) characters)")
        }
        let fresh = state.withLock { $0.nonces.admit(nonce: sender.nonce, appKey: sender.appKey, now: now.millisecondsSinceEpoch) }
        guard fresh else {
            throw .badNonce("X-Nonce '\(sender.nonce)' was already used by app key '\(sender.appKey)' in the last "
                + "\(configuration.nonceWindowSeconds / 60) minutes; sign again with a new nonce and timestamp")
        }
    }

    private func submitBatch(
        _ request: ServerRequest, datasetName: String, appKey: String, now: Timestamp
    ) throws(ProvinceError) -> ServerResponse {
        guard let dataset = ProvinceDataset.named(datasetName) else { throw .unknownDataset(datasetName) }
        guard request.body.count <= configuration.maximumBodyBytes else {
            throw .tooLarge("the body is \(request.body.count) bytes; at most \(configuration.maximumBodyBytes) bytes "
                + "(\(configuration.maximumBodyBytes >> 20) MiB) are allowed. Split the batch")
        }
        try Self.checkContentType(request)
        let batch = try ProvinceBatch.read(request.body, maximumItems: configuration.maximumBatchItems)

        let validator = ProvinceRecordValidator(dataset: dataset, check: ProvinceFieldCheck(today: now.formatted(.date, in: .beijing)))
        let outcomes = batch.upserts.map { record -> ProvinceUpsertOutcome in
            let problems = validator.problems(in: record)
            let key = dataset.key(of: record)
            return problems.isEmpty ? .accepted(key: key) : .rejected(key: key, problems: problems)
        }
        let digest = batch.contentDigest
        let data = try state.withLock { (state) throws(ProvinceError) -> Value in
            try state.submit(batch, outcomes: outcomes, contentDigest: digest, dataset: dataset.name, appKey: appKey)
        }
        return ProvinceEnvelope.success(message: "ok", data: data)
    }

    private func readRecords(_ request: ServerRequest, datasetName: String) throws(ProvinceError) -> ServerResponse {
        guard let dataset = ProvinceDataset.named(datasetName) else { throw .unknownDataset(datasetName) }
        let query = try ProvinceReadBackQuery(request.query)
        let (total, records) = state.withLock { state in
            let store = query.isTest ? state.test : state.production
            return (store.count(dataset: dataset.name), store.page(query.page, size: query.pageSize, dataset: dataset.name))
        }
        return ProvinceEnvelope.success(message: "ok", data: [
            "total": .integer(Int64(total)),
            "page": .integer(Int64(query.page)),
            "pageSize": .integer(Int64(query.pageSize)),
            "records": .array(records),
        ])
    }

    /// Contract §1: bodies are `application/json; charset=utf-8`. The charset may be left out
    /// (JSON is UTF-8 by RFC 8259); any other media type or charset is refused.
    static func checkContentType(_ request: ServerRequest) throws(ProvinceError) {
        let header = request.header("Content-Type") ?? ""
        let parts = header.split(separator: ";").map { $0.trimmingASCIISpaces.lowercased() }
        let charset = parts.dropFirst().first { $0.hasPrefix("charset=") }?.dropFirst("charset=".count)
        guard parts.first == "application/json", charset == nil || charset == "utf-8" || charset == "\"utf-8\"" else {
            throw .malformed("Content-Type must be application/json; charset=utf-8, not '\(header)'")
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional white space).
    fileprivate var trimmingASCIISpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
