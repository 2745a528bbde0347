import HuitongCore
import HuitongHTTPServer
import Synchronization
import Testing

@testable import HuitongPlatforms

/// A loopback server (127.0.0.1, an ephemeral port) answering read-back pages with what a
/// script makes of each request's query, keeping the queries it saw in order.
final class ReadBackServer: Sendable {
    let server: HTTPServer
    private final class Seen: Sendable {
        let queries = Mutex<[[String: String]]>([])
    }
    private let seen = Seen()

    /// Answers each request with `answer` of its query parameters.
    init(answering answer: @escaping @Sendable ([String: String]) -> Value) throws {
        let seen = self.seen
        server = try HTTPServer { request in
            var query: [String: String] = [:]
            for parameter in request.query { query[parameter.name] = parameter.value }
            seen.queries.withLock { $0.append(query) }
            return .json(200, (try? JSONWriter().bytes(for: answer(query))) ?? [])
        }
    }

    /// A server answering each request with what `page` makes of its `page` parameter (from 1).
    static func numberedPages(_ page: @escaping @Sendable (Int) -> Value) throws -> ReadBackServer {
        try ReadBackServer(answering: { query in page(query["page"].flatMap { Int($0) } ?? 0) })
    }

    deinit { server.stop() }

    /// The query of every request so far.
    var queries: [[String: String]] { seen.queries.withLock { $0 } }

    /// `T-<id>` records, as the scripts hand them out.
    static func records(_ ids: some Sequence<Int>) -> Value {
        .array(ids.map { ["id": .string("T-\($0)")] })
    }

    /// Reads dataset `things` back through a connector for `profile`, returning the count.
    func read(profile text: String) async throws -> Int {
        let profile = try PlatformProfileLoader.load(text: text, fileName: "pager.yaml")
        let connector = try PlatformConnector(profile: profile, settings: PlatformSettings(name: "pager", baseURL: server.baseURL)) { _ in }
        return try await connector.readBack(dataset: "things", test: false) { _ in }
    }

    /// The error a read that must not end ends with; records an issue when it ends anyway.
    func incompleteRead(profile: String) async -> PlatformError? {
        do {
            let count = try await read(profile: profile)
            Issue.record("the read ended with \(count) records instead of failing")
            return nil
        } catch let error as PlatformError {
            return error
        } catch {
            Issue.record("not a platform error: \(error)")
            return nil
        }
    }
}
