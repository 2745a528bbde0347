import HuitongCore
import HuitongHTTPServer

/// A stand-in for the command facility status API (sources.md §3): `GET {base}/api/facilities?page=N`
/// answering `{"page", "pages", "items"}` from a fixed list of items, with an optional bearer token.
package final class FacilitiesPlatform: SandboxPlatform {
    package struct Configuration: Sendable {
        /// The items served, in order (typically read from a JSON file).
        package var items: [Value]
        /// Items per page.
        package var pageSize: Int = 50
        /// When set, requests must carry `Authorization: Bearer <token>`.
        package var bearerToken: String?
        /// Path prefix before `/api/facilities` (the `{base}` path).
        package var basePath: String = ""

        package init(items: [Value], pageSize: Int = 50, bearerToken: String? = nil, basePath: String = "") {
            self.items = items
            self.pageSize = pageSize
            self.bearerToken = bearerToken
            self.basePath = basePath
        }
    }

    package let name = "facilities"
    package let configuration: Configuration

    package init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Reads the items from a JSON file holding an array of objects.
    package static func items(fromFile path: String) throws -> [Value] {
        guard let bytes = FileBytes.read(path) else {
            throw SandboxSetupError("cannot read the facilities file \(path); check the path")
        }
        guard case let .array(items) = try JSONReader().value(from: bytes, file: path) else {
            throw SandboxSetupError("\(path) must hold a JSON array of facility objects")
        }
        return items
    }

    package func handle(_ request: ServerRequest) -> ServerResponse {
        guard request.path == configuration.basePath + "/api/facilities" else {
            return error(404, "no such resource: \(request.path)")
        }
        guard request.method == "GET" else { return error(405, "only GET is served here") }
        if let token = configuration.bearerToken, request.header("authorization") != "Bearer \(token)" {
            return error(401, "a valid bearer token is required")
        }
        let pageText = request.query.first { $0.name == "page" }?.value ?? "1"
        guard let page = Int(pageText), page >= 1 else {
            return error(400, "page must be a whole number from 1, not \"\(pageText)\"")
        }
        let size = max(1, configuration.pageSize)
        let pages = (configuration.items.count + size - 1) / size
        let start = min((page - 1) * size, configuration.items.count)
        let slice = configuration.items[start..<min(start + size, configuration.items.count)]
        let body: Value = .object(OrderedObject(uniqueKeysWithValues: [
            ("page", .integer(Int64(page))), ("pages", .integer(Int64(pages))), ("items", .array(Array(slice))),
        ]))
        return .json(200, (try? JSONWriter().bytes(for: body)) ?? [])
    }

    package func failureResponse(status: Int, retryAfterSeconds: Int?) -> ServerResponse {
        let headers = retryAfterSeconds.map { [("Retry-After", String($0))] } ?? []
        return .json(status, Array(#"{"error":"injected failure"}"#.utf8), headers: headers)
    }

    package func snapshot(includeRecords: Bool) -> Value {
        var object = OrderedObject()
        object["items"] = .integer(Int64(configuration.items.count))
        object["pageSize"] = .integer(Int64(configuration.pageSize))
        if includeRecords { object["records"] = .array(configuration.items) }
        return .object(object)
    }

    private func error(_ status: Int, _ message: String) -> ServerResponse {
        let body: Value = .object(OrderedObject(uniqueKeysWithValues: [("error", .string(message))]))
        return .json(status, (try? JSONWriter().bytes(for: body)) ?? [])
    }
}
