import HuitongCore
import HuitongHTTPServer

/// The body of every province answer (contract §1): `{"code": <int>, "msg": <string>, "data": <object or null>}`,
/// sent as `application/json; charset=utf-8`.
enum ProvinceEnvelope {
    /// A success: code 0, HTTP 200.
    static func success(message: String, data: Value) -> ServerResponse {
        response(status: 200, code: 0, message: message, data: data)
    }

    /// A refusal: the error's status and code, `data: null`.
    static func failure(_ error: ProvinceError, headers: [(name: String, value: String)] = []) -> ServerResponse {
        response(status: error.status, code: error.code, message: error.message, data: .null, headers: headers)
    }

    private static func response(
        status: Int, code: Int, message: String, data: Value, headers: [(name: String, value: String)] = []
    ) -> ServerResponse {
        let body: Value = .object([
            "code": .integer(Int64(code)),
            "msg": .string(message),
            "data": data,
        ])
        // Values built here are finite and shallow, so writing cannot fail; an empty body would
        // still reach the client as a visible protocol error rather than a crash.
        return .json(status, (try? JSONWriter().bytes(for: body)) ?? [], headers: headers)
    }
}
