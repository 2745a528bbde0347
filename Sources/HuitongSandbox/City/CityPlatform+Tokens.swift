import HuitongCore
import HuitongHTTPServer
import Synchronization

extension CityPlatform {
    /// `POST /openapi/v2/auth/token` (§2.1, §2.3).
    ///
    /// Steps: the body must be exactly `{"clientId": "…", "clientSecret": "…"}` (400
    /// `INVALID_PARAM`); then the client's token request limit (429 `RATE_LIMITED`); then the
    /// credentials (401 `AUTH_FAILED`). Every well-formed request takes a slot of the client it
    /// names, whether or not its secret is right, so guessing secrets is limited too.
    func issueToken(_ request: ServerRequest) throws(CityRejection) -> CityReply {
        let (clientID, secret) = try credentials(in: CityRequestBody.json(of: request))
        let now = clock.now()
        let lifetime = configuration.tokenLifetimeSeconds
        let expected = configuration.clients[clientID]
        return try state.withLock { (state) throws(CityRejection) -> CityReply in
            if let retryAfter = state.tokenRequests.admit(clientID, now: now) {
                throw CityRejection(
                    429, .rateLimited,
                    "more than \(configuration.tokenRequestsPerMinute) token requests in 60 s; reuse the token you have",
                    headers: [("Retry-After", String(retryAfter))]
                )
            }
            guard let expected, Self.sameSecret(expected, secret) else {
                throw CityRejection(401, .authenticationFailed, "clientId or clientSecret is wrong")
            }
            let token = state.tokens.issue(to: clientID, now: now, lifetimeSeconds: lifetime)
            state.counters.tokensIssued += 1
            return .success(["accessToken": .string(token), "expiresIn": .integer(Int64(lifetime))])
        }
    }

    private func credentials(in body: Value) throws(CityRejection) -> (clientID: String, secret: String) {
        guard let object = body.objectValue else {
            throw CityRejection(400, .invalidParameter, #"the body must be {"clientId": "…", "clientSecret": "…"}"#)
        }
        if let unknown = object.keys.first(where: { $0 != "clientId" && $0 != "clientSecret" }) {
            throw CityRejection(400, .invalidParameter, "unknown field \(unknown)")
        }
        guard let clientID = object["clientId"]?.stringValue, !clientID.isEmpty else {
            throw CityRejection(400, .invalidParameter, "clientId must be a non-empty string")
        }
        guard let secret = object["clientSecret"]?.stringValue, !secret.isEmpty else {
            throw CityRejection(400, .invalidParameter, "clientSecret must be a non-empty string")
        }
        return (clientID, secret)
    }

    /// Compares secrets through their SM3 digests in constant time, so the answer's timing
    /// says nothing about how much of a guess was right.
    private static func sameSecret(_ expected: String, _ presented: String) -> Bool {
        SM3.hash(expected).constantTimeEquals(SM3.hash(presented))
    }
}
