import HuitongHTTPServer

/// What a request asks for, from its method and path (contract §3), below the base path.
enum ProvinceRoute: Sendable, Equatable {
    /// `GET /api/v1/ping`
    case ping
    /// `POST /api/v1/exchange/{dataset}/batches`
    case submitBatch(dataset: String)
    /// `GET /api/v1/exchange/{dataset}/records`
    case readRecords(dataset: String)

    /// The route of `request`, or the 404/405 refusal. The dataset segment is taken as sent;
    /// whether the dataset exists is checked after the signature (4001).
    static func of(_ request: ServerRequest, basePath: String) throws(ProvinceError) -> ProvinceRoute {
        let path = request.path
        guard path.hasPrefix(basePath + "/") else { throw .notFound(path, basePath: basePath) }
        let segments = path.dropFirst(basePath.count + 1).split(separator: "/", omittingEmptySubsequences: false)
        let route: ProvinceRoute
        let method: String
        switch segments.count {
        case 3 where segments[0] == "api" && segments[1] == "v1" && segments[2] == "ping":
            (route, method) = (.ping, "GET")
        case 5 where segments[0] == "api" && segments[1] == "v1" && segments[2] == "exchange" && !segments[3].isEmpty
            && segments[4] == "batches":
            (route, method) = (.submitBatch(dataset: String(segments[3])), "POST")
        case 5 where segments[0] == "api" && segments[1] == "v1" && segments[2] == "exchange" && !segments[3].isEmpty
            && segments[4] == "records":
            (route, method) = (.readRecords(dataset: String(segments[3])), "GET")
        default:
            throw .notFound(path, basePath: basePath)
        }
        guard request.method == method else { throw .methodNotAllowed(request.method, path: path, allowed: method) }
        return route
    }
}
