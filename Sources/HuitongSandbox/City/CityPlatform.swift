import HuitongCore
import HuitongHTTPServer
import Synchronization

/// A stand-in for the city command platform's open API v2 (`contracts/city-openapi-v2.md`),
/// written from the contract's text alone.
///
/// Every request passes these steps in order; the first that refuses answers:
/// 1. **Route**: a path outside `basePath + /openapi/v2/…` is 404 `NOT_FOUND`; a method the
///    path does not serve is 405 `METHOD_NOT_ALLOWED` (events cannot be deleted, §3.2).
/// 2. **Size**: a body over `maxBodyBytes` is 413 `PAYLOAD_TOO_LARGE`.
/// 3. **Auth** (§2): the token request itself is answered here; every other request needs a
///    working `Authorization: Bearer` token, else 401 `TOKEN_EXPIRED`.
/// 4. **Digest** (POST, §2.4): `X-Content-SM3` must be the lowercase hex SM3 of the body, else
///    400 `DIGEST_MISMATCH`.
/// 5. **Idempotency** (POST, §2.5): `Idempotency-Key` must be 1–64 of `[A-Za-z0-9_-]`, else 400
///    `INVALID_PARAM`. Keys are per client; a remembered key replays the first answer or is
///    409 `IDEMPOTENCY_CONFLICT` (see ``CityIdempotencyStore``).
/// 6. **The request itself**: body, batch size, item rules, paging, ids.
///
/// `handle` is called concurrently; one `Mutex` guards everything the platform holds, and a
/// batch's idempotency check, storing and remembering happen under one acquisition, so two
/// requests with the same key cannot both be applied.
package final class CityPlatform: SandboxPlatform {
    package let name = "city"
    package let configuration: Configuration
    let clock: any WallClock
    let basePath: String
    let state: Mutex<State>

    struct State {
        var tokens = CityTokenStore()
        var tokenRequests: CityTokenRateLimiter
        var idempotency: CityIdempotencyStore
        var records = CityRecordStore()
        var counters = Counters()
    }

    /// The city keeps one store; its joint-test base URL is another platform instance, so
    /// `test` changes nothing here.
    package func administer(_ change: SandboxRecordChange) -> Bool {
        state.withLock { state in
            switch change {
            case let .put(dataset, key, record, _):
                if dataset == "events" { _ = state.records.events.store(record, id: CityRecordID(key)) } else {
                    _ = state.records[dataset].store(record, id: CityRecordID(key))
                }
                return true
            case let .delete(dataset, key, _):
                return dataset == "events" ? state.records.events.remove(id: CityRecordID(key)) : state.records[dataset].remove(id: CityRecordID(key))
            }
        }
    }

    package init(configuration: Configuration) {
        self.configuration = configuration
        clock = configuration.clock
        basePath = CityRoute.normalized(basePath: configuration.basePath)
        state = Mutex(State(
            tokenRequests: CityTokenRateLimiter(limit: configuration.tokenRequestsPerMinute),
            idempotency: CityIdempotencyStore(windowMilliseconds: Int64(configuration.idempotencyWindowSeconds) * 1_000)
        ))
    }

    package func handle(_ request: ServerRequest) -> ServerResponse {
        let reply: CityReply
        do {
            reply = try answer(request)
        } catch {
            reply = error.reply
        }
        state.withLock { $0.counters.count(reply) }
        return reply.response
    }

    private func answer(_ request: ServerRequest) throws(CityRejection) -> CityReply {
        guard let route = CityRoute(path: request.path, basePath: basePath) else {
            throw CityRejection(404, .notFound, "no such endpoint: \(request.method) \(request.path)")
        }
        guard route.allowedMethods.contains(request.method) else {
            let message = if case .event = route {
                "events cannot be deleted; send the event again with status CANCEL"
            } else {
                "\(request.method) is not served on \(request.path)"
            }
            let allow = route.allowedMethods.joined(separator: ", ")
            throw CityRejection(405, .methodNotAllowed, message, headers: allow.isEmpty ? [] : [("Allow", allow)])
        }
        guard request.body.count <= configuration.maxBodyBytes else {
            throw CityRejection(413, .payloadTooLarge, "the body has \(request.body.count) bytes; at most \(configuration.maxBodyBytes)")
        }
        if route == .token { return try issueToken(request) }
        let clientID = try authenticate(request)
        switch (route, request.method) {
        case let (.resources(type), "GET"):
            let schema = try resourceSchema(type)
            return try list(request) { $0[schema.name] }
        case (.events, "GET"):
            return try list(request) { $0.events }
        case let (.resources(type), "POST"):
            let schema = try resourceSchema(type)
            return try receiveBatch(request, clientID: clientID, schema: schema, limit: configuration.maxResourcesPerRequest)
        case (.events, "POST"):
            return try receiveBatch(request, clientID: clientID, schema: .event, limit: configuration.maxEventsPerRequest)
        case let (.resource(type, encodedID), _):
            return try delete(type: type, encodedID: encodedID)
        default:
            throw CityRejection(405, .methodNotAllowed, "\(request.method) is not served on \(request.path)")
        }
    }

    /// The client the request's bearer token was issued to.
    private func authenticate(_ request: ServerRequest) throws(CityRejection) -> String {
        let refusal: CityTokenStore.Refusal
        if let header = request.header("Authorization"), header.hasPrefix("Bearer ") {
            let token = String(header.dropFirst("Bearer ".count))
            let now = clock.now()
            switch state.withLock({ $0.tokens.client(presenting: token, now: now) }) {
            case let .success(clientID): return clientID
            case let .failure(reason): refusal = reason
            }
        } else {
            refusal = .missing
        }
        throw CityRejection(401, .tokenExpired, refusal.message)
    }

    func resourceSchema(_ type: String) throws(CityRejection) -> CityRecordSchema {
        guard let schema = CityRecordSchema.resourceTypes[type] else {
            let known = CityRecordSchema.resourceTypeNames.joined(separator: ", ")
            throw CityRejection(400, .invalidParameter, "unknown resource type \(type); the types are \(known)")
        }
        return schema
    }

    // MARK: SandboxPlatform

    /// 5xx: that status with `SYSTEM_ERROR`; 429: `RATE_LIMITED` with `Retry-After` (1 s when
    /// not given); other statuses with the contract's code for them.
    package func failureResponse(status: Int, retryAfterSeconds: Int?) -> ServerResponse {
        let reply: CityReply = switch status {
        case 429:
            .failure(429, .rateLimited, "too many requests; retry later",
                     headers: [("Retry-After", String(max(0, retryAfterSeconds ?? 1)))])
        case 500...:
            .failure(status, .systemError, "system error; retry with backoff and the same Idempotency-Key")
        case 401: .failure(401, .tokenExpired, "the access token is no longer valid; fetch a new one")
        case 404: .failure(404, .notFound, "not found")
        case 409: .failure(409, .idempotencyConflict, "idempotency conflict")
        case 413: .failure(413, .payloadTooLarge, "payload too large; split and resend")
        default: .failure(status, .invalidParameter, "invalid request")
        }
        return reply.response
    }

    /// Revokes every token issued so far (the fault plan's `revokeTokens`).
    package func revokeAllTokens() {
        state.withLock { $0.tokens.revokeAll() }
    }

    /// Revokes the tokens issued so far to one client.
    package func revokeTokens(ofClient clientID: String) {
        state.withLock { $0.tokens.revokeAll(ofClient: clientID) }
    }

    /// The counters so far.
    package var counters: Counters { state.withLock { $0.counters } }

    /// Counters, tokens that work now and stored record counts; with `includeRecords`, the
    /// stored resources per type and the events, each by id in byte order.
    package func snapshot(includeRecords: Bool) -> Value {
        let now = clock.now()
        return state.withLock { state in
            var object = OrderedObject()
            object["counters"] = state.counters.json
            object["activeTokens"] = .integer(Int64(state.tokens.activeCount(now: now)))
            object["idempotencyKeys"] = .integer(Int64(state.idempotency.count))
            var stored = OrderedObject()
            for type in CityRecordSchema.resourceTypeNames { stored[type] = .integer(Int64(state.records[type].count)) }
            stored["events"] = .integer(Int64(state.records.events.count))
            object["stored"] = .object(stored)
            if includeRecords {
                var resources = OrderedObject()
                for type in CityRecordSchema.resourceTypeNames { resources[type] = .array(state.records[type].sorted) }
                object["resources"] = .object(resources)
                object["events"] = .array(state.records.events.sorted)
            }
            return .object(object)
        }
    }
}
