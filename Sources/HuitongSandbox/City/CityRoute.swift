import Foundation

/// Which of the contract's endpoints a request path names, after the configured base path.
///
/// Segments are split on `/` before they are percent-decoded, so an id holding `%2F` stays one
/// segment (§3.2: `{id}` is percent-encoded).
enum CityRoute: Equatable {
    /// `/openapi/v2/auth/token` (§2.1).
    case token
    /// `/openapi/v2/resources/{type}`: list (GET) and batch (POST), §3.1 and §3.3.
    case resources(type: String)
    /// `/openapi/v2/resources/{type}/{id}`: DELETE, §3.2. `id` is still percent-encoded.
    case resource(type: String, encodedID: String)
    /// `/openapi/v2/events`: list (GET) and batch (POST), §4.
    case events
    /// `/openapi/v2/events/{id}`: exists only to say that events cannot be deleted.
    case event(encodedID: String)

    /// The route for `path`, or nil when the path is none of the contract's.
    init?(path: String, basePath: String) {
        let prefix = basePath + "/openapi/v2/"
        guard path.hasPrefix(prefix) else { return nil }
        let segments = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !segments.contains(where: \.isEmpty) else { return nil }
        switch segments.first {
        case "auth" where segments == ["auth", "token"]:
            self = .token
        case "resources" where segments.count == 2:
            self = .resources(type: segments[1].removingPercentEncoding ?? segments[1])
        case "resources" where segments.count == 3:
            self = .resource(type: segments[1].removingPercentEncoding ?? segments[1], encodedID: segments[2])
        case "events" where segments.count == 1:
            self = .events
        case "events" where segments.count == 2:
            self = .event(encodedID: segments[1])
        default:
            return nil
        }
    }

    /// The methods the route serves, for the `Allow` header of a 405.
    var allowedMethods: [String] {
        switch self {
        case .token: ["POST"]
        case .resources, .events: ["GET", "POST"]
        case .resource: ["DELETE"]
        case .event: []
        }
    }

    /// A base path as configured, normalised to `""` or `/x/y` (leading slash, no trailing one).
    static func normalized(basePath: String) -> String {
        let trimmed = basePath.split(separator: "/").joined(separator: "/")
        return trimmed.isEmpty ? "" : "/" + trimmed
    }
}
