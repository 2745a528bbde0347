import Foundation

/// A request as the server received it.
package struct ServerRequest: Sendable {
    package var method: String
    /// The request target exactly as sent on the request line (`/api/v1/x?page=1`): signature
    /// checks need it byte for byte.
    package var target: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    /// The peer's address, `127.0.0.1:53412`.
    package var peer: String

    package init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8], peer: String = "") {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.peer = peer
    }

    /// The path part of the target, without the query.
    package var path: String { String(target.prefix { $0 != "?" }) }

    /// The query parameters in order, percent-decoded.
    package var query: [(name: String, value: String)] {
        guard let mark = target.firstIndex(of: "?") else { return [] }
        return target[target.index(after: mark)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (name, value)
        }
    }

    /// The first value of a header, matched case-insensitively.
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// What the server does with a request.
package enum ServerResponse: Sendable {
    /// Send this answer; the connection stays open unless the client asked to close it.
    case answer(status: Int, headers: [(name: String, value: String)], body: [UInt8])
    /// Close the connection without answering: the client cannot know what happened
    /// (used to simulate a platform that applied a batch but whose answer was lost).
    case dropConnection

    /// A JSON answer with `Content-Type: application/json; charset=utf-8`.
    package static func json(_ status: Int, _ body: [UInt8], headers: [(name: String, value: String)] = []) -> ServerResponse {
        .answer(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: body)
    }

    package static func text(_ status: Int, _ text: String) -> ServerResponse {
        .answer(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}

/// Answers requests. Called on the connection's own thread, concurrently for different
/// connections: an implementation guards its shared state itself.
package typealias ServerHandler = @Sendable (ServerRequest) -> ServerResponse
