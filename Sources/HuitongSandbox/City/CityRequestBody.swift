import HuitongCore
import HuitongHTTPServer

/// Reading a request body as the contract's transport says (§1): UTF-8 JSON sent as
/// `Content-Type: application/json`.
enum CityRequestBody {
    /// The body's JSON value, or 400 `INVALID_PARAM` saying what is wrong with it.
    static func json(of request: ServerRequest) throws(CityRejection) -> Value {
        try checkContentType(request.header("Content-Type"))
        do {
            return try JSONReader().value(from: request.body)
        } catch {
            throw CityRejection(400, .invalidParameter, "body is not JSON: \(error.message) at line \(error.line ?? 1), column \(error.column ?? 1)")
        }
    }

    /// `application/json`, optionally with `charset=utf-8`; nothing else.
    static func checkContentType(_ header: String?) throws(CityRejection) {
        guard let header else {
            throw CityRejection(400, .invalidParameter, "Content-Type missing; send application/json")
        }
        let parts = header.split(separator: ";").map { $0.trimmingWhitespace().lowercased() }
        guard parts.first == "application/json" else {
            throw CityRejection(400, .invalidParameter, "Content-Type must be application/json, not \(header)")
        }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).filter { $0 != "\"" }
            guard charset == "utf-8" else {
                throw CityRejection(400, .invalidParameter, "the body must be UTF-8, not \(charset)")
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
