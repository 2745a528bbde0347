import HuitongCore
import HuitongHTTPServer
import Synchronization

/// A stand-in for the made-up county interface (`Tests/Fixtures/platforms/county.yaml`),
/// written from its interface text, served under the base path `/ema`.
///
/// Every request is answered in this order, the first failure answering:
/// 1. route (404 `E_NOT_FOUND`, 405 `E_METHOD`);
/// 2. HTTP Basic (401 `E_AUTH`), signature (401 `E_SIGNATURE`, `E_CLOCK_SKEW`), a nonce
///    not seen before (401 `E_NONCE_REUSED`), the tenant header (403 `E_TENANT`);
/// 3. for a sync: the injected fault for its position, then the body — media type, envelope,
///    `count` against the items, dataset, size (422 `E_BATCH_TOO_LARGE`) — then the
///    requestId: seen with the same body, the first answer again with `replayed: true` and
///    nothing applied; seen with another body, 409; new, each item applied or refused by key.
///
/// `handle` runs on the server's connection threads; one mutex guards all state.
final class CountyTestPlatform: Sendable {
    static let basePath = "/ema"
    static let tenant = "320613"
    static let datasets: Set<String> = ["refuges"]

    private let credentials: CountyCredentialCheck
    private let faults: [Int: CountyFault]
    private let clock: any WallClock
    private let state = Mutex(State())

    private struct State {
        var records: [String: [String: OrderedObject]] = [:]
        var processed: [String: Processed] = [:]
        var applications: [String: Int] = [:]
        var nonces: Set<String> = []
        var syncRequests = 0
        var replays = 0
        var log: [CountyRequestLogEntry] = []
    }

    /// A sync request that was applied: what it carried and what it was told.
    private struct Processed {
        var bodyDigest: Digest
        var answer: OrderedObject
        var status: Int
    }

    /// - Parameter faults: what happens to the sync request at each 1-based position (retries count).
    init(users: [String: String], signingKeys: [String: String], faults: [Int: CountyFault] = [:], clock: any WallClock = SystemWallClock()) {
        credentials = CountyCredentialCheck(users: users, signingKeys: signingKeys)
        self.faults = faults
        self.clock = clock
    }

    // MARK: What tests read

    /// The records held for `dataset`, by key.
    func records(_ dataset: String) -> [String: OrderedObject] { state.withLock { $0.records[dataset] ?? [:] } }
    /// How often each requestId was applied (a resend answered from memory does not count).
    var applications: [String: Int] { state.withLock { $0.applications } }
    /// Sync requests answered from memory with `replayed: true`.
    var replays: Int { state.withLock { $0.replays } }
    var log: [CountyRequestLogEntry] { state.withLock { $0.log } }

    // MARK: Answering

    func handle(_ request: ServerRequest) -> ServerResponse {
        var entry = CountyRequestLogEntry(method: request.method, path: request.path)
        let response: ServerResponse
        do {
            response = try respond(to: request, entry: &entry)
            if case let .answer(status, _, _) = response { entry.status = status }
        } catch {
            entry.status = error.status
            entry.code = error.code
            response = error.response
        }
        state.withLock { $0.log.append(entry) }
        return response
    }

    private enum Route {
        case health
        case sync(String)
        case items(String)
    }

    private func route(_ request: ServerRequest) throws(CountyError) -> Route {
        let prefix = Self.basePath + "/api/v3/"
        guard request.path.hasPrefix(prefix) else { throw CountyError(status: 404, code: "E_NOT_FOUND", text: "no such resource") }
        let parts = request.path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let (route, method): (Route, String) = switch parts.count {
        case 1 where parts[0] == "health": (.health, "GET")
        case 3 where parts[0] == "datasets" && parts[2] == "sync": (.sync(parts[1]), "PUT")
        case 3 where parts[0] == "datasets" && parts[2] == "items": (.items(parts[1]), "GET")
        default: throw CountyError(status: 404, code: "E_NOT_FOUND", text: "no such resource")
        }
        guard request.method == method else { throw CountyError(status: 405, code: "E_METHOD", text: "use \(method)") }
        return route
    }

    private func respond(to request: ServerRequest, entry: inout CountyRequestLogEntry) throws(CountyError) -> ServerResponse {
        let route = try route(request)
        try credentials.verifyBasic(request)
        let now = clock.now()
        let signed = try credentials.verifySignature(request, now: now)
        entry.nonce = signed.nonce
        guard state.withLock({ $0.nonces.insert(signed.nonce).inserted }) else {
            throw CountyError(status: 401, code: "E_NONCE_REUSED", text: "nonce \(signed.nonce) was used before; sign again")
        }
        guard request.header("X-County-Tenant") == Self.tenant else {
            throw CountyError(status: 403, code: "E_TENANT", text: "X-County-Tenant must be \(Self.tenant)")
        }
        switch route {
        case .health:
            return Self.success(["serverTime": .integer(now.secondsSinceEpoch)])
        case let .items(dataset):
            return try items(request, dataset: dataset)
        case let .sync(dataset):
            return try sync(request, dataset: dataset, entry: &entry)
        }
    }

    private enum Operation {
        case upsert(OrderedObject)
        case delete(String)
    }

    private func sync(_ request: ServerRequest, dataset: String, entry: inout CountyRequestLogEntry) throws(CountyError) -> ServerResponse {
        let position = state.withLock { state in
            state.syncRequests += 1
            return state.syncRequests
        }
        let fault = faults[position]
        if let error = fault?.error { throw error }
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/json") == true else {
            throw CountyError(status: 415, code: "E_MEDIA_TYPE", text: "send application/json")
        }
        let (requestId, operations) = try Self.envelope(request.body, dataset: dataset)
        entry.requestId = requestId
        let digest = SHA256.hash(request.body)
        let (status, answer) = try state.withLock { (state) throws(CountyError) -> (Int, OrderedObject) in
            if let seen = state.processed[requestId] {
                guard seen.bodyDigest == digest else {
                    throw CountyError(status: 409, code: "E_REQUEST_ID_REUSED", text: "requestId \(requestId) was used for another body")
                }
                state.replays += 1
                var answer = seen.answer
                answer["replayed"] = true
                return (seen.status, answer)
            }
            var store = state.records[dataset] ?? [:]
            var failures: [Value] = []
            var applied = 0
            for operation in operations {
                switch operation {
                case let .upsert(record):
                    let key = record["refuge_no"]?.stringValue ?? ""
                    let problems = CountyRefugeCheck.problems(in: record, stored: store[key])
                    if problems.isEmpty {
                        store[key] = record
                        applied += 1
                    } else {
                        failures.append(["ref": .string(key), "problems": .array(problems.map(Value.string))])
                    }
                case let .delete(key):
                    // Deleting what is not held is not an error: the record is gone either way.
                    store[key] = nil
                    applied += 1
                }
            }
            state.records[dataset] = store
            state.applications[requestId, default: 0] += 1
            let answer: OrderedObject = [
                "ok": true, "requestId": .string(requestId), "applied": .integer(Int64(applied)), "failures": .array(failures),
            ]
            let status = failures.isEmpty ? 200 : 207
            state.processed[requestId] = Processed(bodyDigest: digest, answer: answer, status: status)
            return (status, answer)
        }
        if fault == .dropAfterApply { return .dropConnection }
        return .json(status, (try? JSONWriter().bytes(for: .object(answer))) ?? [])
    }

    /// `{"requestId", "dataset", "count", "items": [{"op": "upsert", "data": {…}} | {"op": "delete", "ref": KEY}]}`
    private static func envelope(_ body: [UInt8], dataset: String) throws(CountyError) -> (String, [Operation]) {
        func malformed(_ text: String) -> CountyError { CountyError(status: 400, code: "E_MALFORMED", text: text) }
        guard let envelope = (try? JSONReader().value(from: body))?.objectValue else { throw malformed("the body is not a JSON object") }
        guard let requestId = envelope["requestId"]?.stringValue, (8...64).contains(requestId.count),
              requestId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw malformed("requestId is 8 to 64 of [A-Za-z0-9_-]")
        }
        guard envelope["dataset"]?.stringValue == dataset else { throw malformed("dataset in the body differs from the path's \(dataset)") }
        guard let items = envelope["items"]?.arrayValue else { throw malformed("items is a list") }
        guard envelope["count"]?.integerValue == Int64(items.count) else {
            throw CountyError(status: 400, code: "E_COUNT", text: "count is not the number of items (\(items.count))")
        }
        guard datasets.contains(dataset) else { throw CountyError(status: 404, code: "E_NO_DATASET", text: "no dataset \(dataset)") }
        guard items.count <= 20 else { throw CountyError(status: 422, code: "E_BATCH_TOO_LARGE", text: "at most 20 items per request") }
        var operations: [Operation] = []
        for item in items {
            switch (item["op"]?.stringValue, item["data"]?.objectValue, item["ref"]?.stringValue) {
            case let ("upsert", data?, nil): operations.append(.upsert(data))
            case let ("delete", nil, ref?): operations.append(.delete(ref))
            default: throw malformed("each item is {op: upsert, data: {…}} or {op: delete, ref: KEY}")
            }
        }
        return (requestId, operations)
    }

    private func items(_ request: ServerRequest, dataset: String) throws(CountyError) -> ServerResponse {
        guard Self.datasets.contains(dataset) else { throw CountyError(status: 404, code: "E_NO_DATASET", text: "no dataset \(dataset)") }
        let query = Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let page = query["p"].flatMap(Int.init), page >= 0, let size = query["size"].flatMap(Int.init), (1...500).contains(size) else {
            throw CountyError(status: 400, code: "E_MALFORMED", text: "p (from 0) and size (1 to 500) are required")
        }
        let store = records(dataset)
        let keys = store.keys.sorted().dropFirst(page * size).prefix(size)
        return Self.success(["items": .array(keys.map { .object(store[$0]!) })])
    }

    private static func success(_ members: OrderedObject) -> ServerResponse {
        var answer: OrderedObject = ["ok": true]
        for (key, value) in members { answer[key] = value }
        return .json(200, (try? JSONWriter().bytes(for: .object(answer))) ?? [])
    }
}
