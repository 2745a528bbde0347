import HuitongCore
import HuitongHTTPServer

/// A stand-in for one external platform (the province, the city, the facilities API).
///
/// Implementations follow their published contract from its text alone and share no rules
/// with Huitong's connectors or mappings: if both sides shared a mistake, tests could not see
/// it. `handle` is called concurrently for different connections; implementations guard
/// their state themselves.
package protocol SandboxPlatform: Sendable {
    /// `province`, `city` or `facilities`: names the platform in logs, ports files and dumps.
    var name: String { get }

    /// Answers one request as the contract says.
    func handle(_ request: ServerRequest) -> ServerResponse

    /// The platform's own answer for an injected failure status (500, 503, 429), in its own
    /// envelope, so a client sees exactly what the real platform would send.
    func failureResponse(status: Int, retryAfterSeconds: Int?) -> ServerResponse

    /// Revokes every token issued so far (platforms with tokens); others ignore it.
    func revokeAllTokens()

    /// `answer`, the honest answer to a request already handled, rewritten as `lie` says in
    /// the platform's own envelope (the fault plan's `lie`). The platform's memory keeps the
    /// honest answer. Platforms without batches tell only the envelope-free lies.
    func retell(_ answer: ServerResponse, as lie: AnswerLie) -> ServerResponse

    /// What the platform holds and has counted, for tests and operators.
    func snapshot(includeRecords: Bool) -> Value

    /// Changes what the platform holds behind the client's back, as a platform's own operator
    /// could (`PUT`/`DELETE /_sandbox/records/DATASET/KEY`): for reconciliation tests. False
    /// when the platform holds no such dataset (or key, for a delete).
    func administer(_ change: SandboxRecordChange) -> Bool
}

/// A change made to a sandbox platform's records outside its API.
package enum SandboxRecordChange: Sendable, Equatable {
    /// Stores `record` under `key` (replacing what is there).
    case put(dataset: String, key: String, record: Value, test: Bool)
    /// Removes the record under `key`.
    case delete(dataset: String, key: String, test: Bool)
}

extension SandboxPlatform {
    package func revokeAllTokens() {}
    package func administer(_ change: SandboxRecordChange) -> Bool { false }
}
