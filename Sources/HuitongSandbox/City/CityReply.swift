import HuitongCore
import HuitongHTTPServer

/// The `code` strings of the city platform's envelope (contract §5), plus `"200"` for success.
///
/// `METHOD_NOT_ALLOWED` is the sandbox's own: the contract names no code for a method a path
/// does not serve (deleting an event), so the answer uses HTTP's word for it.
enum CityCode: String, Sendable, CaseIterable {
    case ok = "200"
    case invalidParameter = "INVALID_PARAM"
    case digestMismatch = "DIGEST_MISMATCH"
    case authenticationFailed = "AUTH_FAILED"
    case tokenExpired = "TOKEN_EXPIRED"
    case notFound = "NOT_FOUND"
    case methodNotAllowed = "METHOD_NOT_ALLOWED"
    case idempotencyConflict = "IDEMPOTENCY_CONFLICT"
    case payloadTooLarge = "PAYLOAD_TOO_LARGE"
    case rateLimited = "RATE_LIMITED"
    case systemError = "SYSTEM_ERROR"
}

/// One complete answer of the city platform: status, envelope code, extra headers and the
/// envelope bytes. Kept whole so that an idempotent replay sends exactly the first answer.
struct CityReply: Sendable {
    var status: Int
    var code: CityCode
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// `{"success": true, "code": "200", "message": "ok", "result": result}`.
    static func success(_ result: Value) -> CityReply {
        CityReply(status: 200, code: .ok, headers: [], body: envelope(success: true, code: .ok, message: "ok", result: result))
    }

    /// An error envelope with `result: null`.
    static func failure(
        _ status: Int, _ code: CityCode, _ message: String, headers: [(name: String, value: String)] = []
    ) -> CityReply {
        CityReply(status: status, code: code, headers: headers, body: envelope(success: false, code: code, message: message, result: .null))
    }

    var response: ServerResponse { .json(status, body, headers: headers) }

    /// The envelope, always with all four members in the contract's order (§1).
    static func envelope(success: Bool, code: CityCode, message: String, result: Value) -> [UInt8] {
        let envelope: Value = [
            "success": .bool(success), "code": .string(code.rawValue), "message": .string(message), "result": result,
        ]
        // The writer refuses only NaN and infinities, which no parsed or counted value holds.
        return (try? JSONWriter().bytes(for: envelope))
            ?? Array(#"{"success":false,"code":"SYSTEM_ERROR","message":"unwritable result","result":null}"#.utf8)
    }
}

/// A request the platform refuses, thrown from any step of the pipeline and answered as is.
struct CityRejection: Error {
    var reply: CityReply

    init(_ status: Int, _ code: CityCode, _ message: String, headers: [(name: String, value: String)] = []) {
        reply = .failure(status, code, message, headers: headers)
    }
}
