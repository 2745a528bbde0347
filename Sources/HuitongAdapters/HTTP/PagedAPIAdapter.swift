import HuitongCore
import HuitongTransport

/// Reads a paged JSON API such as the command facility status API (sources.md §3):
/// `GET {base}/api/facilities?page=N` from 1, answered `{"page": N, "pages": P, "items": [...]}`,
/// until `page == pages` (`pages` 0: no items). An optional bearer token is sent as
/// `Authorization: Bearer …` and never appears in errors.
///
/// A snapshot source: every run reads every page. Each page's items are delivered as one batch,
/// so memory is bounded by the page size.
public struct PagedAPIAdapter: SourceAdapter {
    public var baseURL: String
    /// Appended to the base URL (`/api/facilities`).
    public var path: String
    public var bearerToken: String?
    /// A guard against a server that never reaches its last page.
    public var maximumPages: Int
    let client: HTTPClient

    public init(baseURL: String, path: String = "/api/facilities", bearerToken: String? = nil,
                maximumPages: Int = 10_000, client: HTTPClient = HTTPClient()) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.path = path
        self.bearerToken = bearerToken
        self.maximumPages = maximumPages
        self.client = client
    }

    public func read(since checkpoint: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> Value? {
        var page = 1
        while page <= maximumPages {
            let target = "\(path)?page=\(page)"
            let answer = try await fetch(target)
            guard let pages = answer["pages"]?.integerValue, let items = answer["items"]?.arrayValue,
                  answer["page"]?.integerValue == Int64(page) else {
                throw SourceError(source: baseURL + target, message: "the answer is not {\"page\": \(page), \"pages\": N, \"items\": [...]}")
            }
            if pages == 0 { return nil }
            var batch: [SourceItem] = []
            batch.reserveCapacity(items.count)
            for (position, item) in items.enumerated() {
                let origin = RecordOrigin(file: "page \(page)", index: position + 1)
                if case let .object(record) = item {
                    batch.append(.record(record, origin: origin))
                } else {
                    batch.append(.unreadable(origin: origin, reason: "item \(position + 1) of page \(page) is not a JSON object"))
                }
            }
            if !batch.isEmpty { try await deliver(batch) }
            if Int64(page) >= pages { return nil }
            page += 1
        }
        throw SourceError(source: baseURL + path, message: "more than \(maximumPages) pages; the API never reached its last page", exitStatus: .runtimeFailure)
    }

    private func fetch(_ target: String) async throws -> Value {
        var headers = [HTTPHeader("Accept", "application/json")]
        if let bearerToken { headers.append(HTTPHeader("Authorization", "Bearer \(bearerToken)")) }
        let response: HTTPResponse
        do {
            response = try await client.send(HTTPRequest(method: "GET", url: baseURL + target, headers: headers))
        } catch {
            throw SourceError(source: baseURL + target, message: error.description, exitStatus: .runtimeFailure)
        }
        guard response.status == 200 else {
            let excerpt = String(response.bodyText.prefix(200))
            let hint = response.status == 401 ? " (check the API's bearer token)" : ""
            throw SourceError(source: baseURL + target, message: "HTTP \(response.status)\(hint): \(excerpt)",
                              exitStatus: response.status >= 500 ? .runtimeFailure : .invalidInput)
        }
        do {
            return try JSONReader().value(from: response.body, file: baseURL + target)
        } catch {
            throw SourceError(source: baseURL + target, message: "the answer is not JSON: \(error.message)", exitStatus: .runtimeFailure)
        }
    }
}
