import HuitongCore
import HuitongHTTPServer

/// A request the county stand-in refuses as a whole, in its own error format:
/// `{"ok": false, "error": {"code": "E_…", "text": "…"}}`.
struct CountyError: Error, Sendable {
    var status: Int
    var code: String
    var text: String
    var headers: [(name: String, value: String)] = []

    var response: ServerResponse {
        let body: Value = ["ok": false, "error": ["code": .string(code), "text": .string(text)]]
        return .json(status, (try? JSONWriter().bytes(for: body)) ?? [], headers: headers)
    }
}

/// What the county stand-in does to one sync request instead of handling it, or after.
enum CountyFault: Sendable, Equatable {
    /// 503 `E_BUSY`, which the profile retries.
    case busy
    /// 503 `E_MAINTENANCE`, which it does not: a maintenance window lasts hours.
    case maintenance
    /// 429 `E_THROTTLED` with `Retry-After: seconds`.
    case throttled(retryAfterSeconds: Int)
    /// 401 `E_CLOCK_SKEW`, as if the timestamp were stale: the connector signs again.
    case clockSkew
    /// Applies the batch, then closes the connection without answering.
    case dropAfterApply

    var error: CountyError? {
        switch self {
        case .busy:
            CountyError(status: 503, code: "E_BUSY", text: "the exchange is busy; retry the same requestId shortly")
        case .maintenance:
            CountyError(status: 503, code: "E_MAINTENANCE", text: "scheduled maintenance until 06:00; do not retry before")
        case let .throttled(seconds):
            CountyError(status: 429, code: "E_THROTTLED", text: "too many requests; wait \(seconds) s", headers: [("Retry-After", String(seconds))])
        case .clockSkew:
            CountyError(status: 401, code: "E_CLOCK_SKEW", text: "ts is outside ±300 s of the server clock; sign again")
        case .dropAfterApply:
            nil
        }
    }
}

/// One request as the stand-in saw it, for tests to read afterwards.
struct CountyRequestLogEntry: Sendable, Equatable {
    var method: String
    var path: String
    var status: Int?
    var code: String?
    var requestId: String?
    var nonce: String?
}
