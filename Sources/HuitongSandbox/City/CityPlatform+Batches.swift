import HuitongCore
import HuitongHTTPServer
import Synchronization

extension CityPlatform {
    /// `POST /openapi/v2/resources/{type}` and `POST /openapi/v2/events` (§3.1, §4.1), after
    /// routing and authentication: digest, idempotency key, then the batch.
    func receiveBatch(
        _ request: ServerRequest, clientID: String, schema: CityRecordSchema, limit: Int
    ) throws(CityRejection) -> CityReply {
        let bodyDigest = SM3.hash(request.body)
        guard let sentDigest = request.header("X-Content-SM3") else {
            throw CityRejection(400, .digestMismatch, "X-Content-SM3 missing; send the lowercase hex SM3 of the body")
        }
        // Byte for byte: the contract asks for lowercase hex, so uppercase does not match.
        guard sentDigest.utf8.elementsEqual(bodyDigest.hex.utf8) else {
            throw CityRejection(400, .digestMismatch, "X-Content-SM3 does not match the body's SM3 (lowercase hex of the bytes sent)")
        }
        guard let key = request.header("Idempotency-Key") else {
            throw CityRejection(400, .invalidParameter, "Idempotency-Key missing")
        }
        guard CityIdempotencyStore.isValid(key: key) else {
            throw CityRejection(400, .invalidParameter, "Idempotency-Key must be 1 to 64 characters of A-Z a-z 0-9 _ -")
        }
        // Read before locking; whether it is used depends on the key, decided under the lock.
        let batch = Result { () throws(CityRejection) in try CityBatch(reading: request, schema: schema, limit: limit) }
        let path = String(request.path.dropFirst(basePath.count))
        let now = clock.now()
        return try state.withLock { (state) throws(CityRejection) -> CityReply in
            switch state.idempotency.lookup(clientID: clientID, key: key, path: path, bodyDigest: bodyDigest, now: now) {
            case let .replay(first):
                state.counters.duplicates += 1
                return first
            case let .conflict(message):
                state.counters.conflicts += 1
                throw CityRejection(409, .idempotencyConflict, message)
            case .new:
                break
            }
            let batch = try batch.get()
            let outcome = if schema.idField == CityRecordSchema.event.idField {
                batch.apply(to: &state.records.events)
            } else {
                batch.apply(to: &state.records[schema.name])
            }
            let reply = CityReply.success(outcome.result)
            state.counters.appliedBatches += 1
            state.counters.acceptedItems += outcome.succeeded
            state.counters.rejectedItems += outcome.failed
            state.counters.largestBatch = max(state.counters.largestBatch, batch.items.count)
            state.idempotency.remember(clientID: clientID, key: key, path: path, bodyDigest: bodyDigest, reply: reply, now: now)
            return reply
        }
    }
}
