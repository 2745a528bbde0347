import HuitongCore
import HuitongTransport

/// Reads a paged JSON API such as the command facility status API (sources.md §3):
/// `GET {base}/api/facilities?page=N` from 1, answered `{"page": N, "pages": P, "items": [...]}`,
/// until `page == pages` (`pages` 0: no items). An optional bearer token is sent as
/// `Authorization: Bearer …` and never appears in errors.
///
/// A snapshot source: every run reads every page. Each page's items are delivered as one batch,
/// so memory is bounded by the page size.
///
/// Paging has bounds, so a read always ends; each of these makes it incomplete (exit status
/// 4), naming the page and what the API did, because records on pages never read (or on pages
/// that moved) would otherwise count as gone:
/// - page 1 announces more than `maximumPages` pages;
/// - a page's `pages` differs from page 1's (the data changed while it was read, or the
///   count grows with every page);
/// - a page answers as another page number than the one asked for (a next page that points
///   back to the same one);
/// - a page's items are exactly the previous page's (the API ignores `page`);
/// - page 1 announces 0 pages but holds items (which of the two is wrong cannot be told);
/// - a page before the last announced one is empty (its records, if any, were not sent).
/// An answer of another shape, an HTTP error or an unreachable API is a ``SourceError``.
package struct PagedAPIAdapter: SourceAdapter {
    package var baseURL: String
    /// Appended to the base URL (`/api/facilities`).
    package var path: String
    package var bearerToken: String?
    /// The most pages one read may take (`max_pages` in the job's source); an API announcing
    /// more is an incomplete read.
    package var maximumPages: Int
    let client: HTTPClient

    /// The page bound unless configured otherwise: far beyond the facility API's few pages.
    package static let defaultMaximumPages = 10_000

    package init(baseURL: String, path: String = "/api/facilities", bearerToken: String? = nil,
                maximumPages: Int = PagedAPIAdapter.defaultMaximumPages, client: HTTPClient = HTTPClient()) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.path = path
        self.bearerToken = bearerToken
        self.maximumPages = max(1, maximumPages)
        self.client = client
    }

    package func read(since checkpoint: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> SourceRead {
        var page: Int64 = 1
        var announcedPages: Int64 = 0
        var previousItems: Digest?
        while true {
            let target = "\(path)?page=\(page)"
            let answer = try await fetch(target)
            guard let pages = answer["pages"]?.integerValue, pages >= 0, let items = answer["items"]?.arrayValue,
                  let answeredPage = answer["page"]?.integerValue else {
                throw SourceError(.unexpectedAnswer, source: baseURL + target, message: "the answer is not {\"page\": \(page), \"pages\": N, \"items\": [...]}")
            }
            let origin = RecordOrigin(file: "page \(page)")
            guard answeredPage == page else {
                let again = answeredPage < page ? " (a page already read)" : ""
                return stopped(at: origin, "asked for page \(page), the API answered as page \(answeredPage)\(again): it does not page as asked", fix: pagingFix)
            }
            if page == 1 {
                if pages == 0 {
                    guard items.isEmpty else {
                        return stopped(at: origin, "page 1 announces 0 pages yet holds \(items.count) item\(items.count == 1 ? "" : "s"): the API contradicts itself, so it cannot be told whether the list is empty",
                                       fix: "check that \(baseURL)\(path)?page=1 announces as many pages as it has (0 only for an empty list), then run again")
                    }
                    return .complete()
                }
                guard pages <= maximumPages else {
                    return stopped(at: origin, "the API announces \(pages) pages, more than the \(maximumPages) one read may take (max_pages)",
                                   fix: "check the API; if it really has that many pages, raise max_pages in the job's source, then run again")
                }
                announcedPages = pages
            } else if pages != announcedPages {
                return stopped(at: origin, "the API announced \(announcedPages) pages on page 1 but \(pages) on page \(page): its data changed while it was read (or its count grows with each page), so records may have moved between pages",
                               fix: "run again once the API's data has settled; if the count grows with every page, the API must be fixed first")
            }
            if items.isEmpty && page < pages {
                return stopped(at: origin, "page \(page) of the \(pages) announced is empty: the records on it and the pages after it could not be read",
                               fix: "check that \(baseURL)\(path)?page=N answers the items of page N for every N up to the announced pages, then run again")
            }
            let digest = Self.digest(of: items)
            if !items.isEmpty, let digest, digest == previousItems {
                return stopped(at: origin, "page \(page) holds exactly the items of page \(page - 1): the API repeats a page instead of moving on", fix: pagingFix)
            }
            previousItems = digest
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
            if page >= pages { return .complete() }
            page += 1
        }
    }

    /// A read the API's paging stopped early, at `origin`.
    private func stopped(at origin: RecordOrigin, _ reason: String, fix: String) -> SourceRead {
        .incomplete(IncompleteRead(origin: origin, reason: "\(baseURL)\(path): \(reason)", fix: fix, exitStatus: .runtimeFailure))
    }

    /// For an API that does not page as asked.
    private var pagingFix: String {
        "check that \(baseURL)\(path)?page=N answers page N of the same list for every N, then run again"
    }

    /// The SHA-256 of a page's items as JSON, to tell a repeated page.
    private static func digest(of items: [Value]) -> Digest? {
        guard let bytes = try? JSONWriter().bytes(for: .array(items)) else { return nil }
        var hash = SHA256()
        hash.update(bytes)
        return hash.finalize()
    }

    private func fetch(_ target: String) async throws -> Value {
        var headers = [HTTPHeader("Accept", "application/json")]
        if let bearerToken { headers.append(HTTPHeader("Authorization", "Bearer \(bearerToken)")) }
        let response: HTTPResponse
        do {
            response = try await client.send(HTTPRequest(method: "GET", url: baseURL + target, headers: headers))
        } catch {
            throw SourceError(.unreachable, source: baseURL + target, message: error.description)
        }
        guard response.status == 200 else {
            let excerpt = String(response.bodyText.prefix(200))
            let hint = response.status == 401 ? " (check the API's bearer token)" : ""
            throw SourceError(.httpStatus, source: baseURL + target, message: "HTTP \(response.status)\(hint): \(excerpt)",
                              exitStatus: response.status >= 500 ? .runtimeFailure : .invalidInput)
        }
        do {
            return try JSONReader().value(from: response.body, file: baseURL + target)
        } catch {
            throw SourceError(.notJSON, source: baseURL + target, message: "the answer is not JSON: \(error.message)")
        }
    }
}
