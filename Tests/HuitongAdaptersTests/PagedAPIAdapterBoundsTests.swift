import Foundation
import HuitongCore
import HuitongHTTPServer
import HuitongTestSupport
import Testing
@testable import HuitongAdapters
import Synchronization

/// A paged API that misbehaves ends the read within its bounds, as an incomplete read with exit
/// status 4 naming the page and what the API did; it is never read forever.
@Suite("Paged API adapter: paging bounds, against a loopback server")
struct PagedAPIAdapterBoundsTests {
    /// A server answering page N with `answer(N)`: (page it claims, pages it announces, item codes).
    func server(seen: SeenTargets, _ answer: @escaping @Sendable (Int) -> (page: Int, pages: Int, codes: [String])) throws -> HTTPServer {
        try HTTPServer { request in
            seen.targets.withLock { $0.append(request.target) }
            let asked = Int(request.query.first { $0.name == "page" }?.value ?? "") ?? 0
            let (page, pages, codes) = answer(asked)
            let items = codes.map { "{\"code\":\"\($0)\"}" }.joined(separator: ",")
            return .json(200, Array("{\"page\":\(page),\"pages\":\(pages),\"items\":[\(items)]}".utf8))
        }
    }

    func read(_ adapter: PagedAPIAdapter) async throws -> (items: [SourceItem], read: SourceRead) {
        var items: [SourceItem] = []
        let read = try await adapter.read(since: nil) { items += $0 }
        return (items, read)
    }

    @Test("a page count that grows with every page stops at page 2")
    func growingPageCount() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, page + 1, ["ZH-\(page)"]) }
        defer { api.stop() }
        let (_, read) = try await read(PagedAPIAdapter(baseURL: api.baseURL))
        let incomplete = try #require(read.incompleteRead)
        #expect(incomplete.origin?.description == "page 2")
        #expect(incomplete.reason.contains("announced 2 pages on page 1 but 3 on page 2"))
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(seen.targets.withLock { $0 }.count == 2)
    }

    @Test("a page count that changes once during the read (records added meanwhile) makes it incomplete")
    func changedPageCount() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, page < 3 ? 4 : 5, ["ZH-\(page)"]) }
        defer { api.stop() }
        let incomplete = try #require(try await read(PagedAPIAdapter(baseURL: api.baseURL)).read.incompleteRead)
        #expect(incomplete.origin?.description == "page 3")
        #expect(incomplete.reason.contains("its data changed while it was read"))
    }

    @Test("an API that ignores the page and repeats the same items stops at page 2")
    func repeatedPage() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, 1000, ["ZH-1", "ZH-2"]) }
        defer { api.stop() }
        let (items, read) = try await read(PagedAPIAdapter(baseURL: api.baseURL))
        let incomplete = try #require(read.incompleteRead)
        #expect(incomplete.origin?.description == "page 2")
        #expect(incomplete.reason.hasSuffix("page 2 holds exactly the items of page 1: the API repeats a page instead of moving on"))
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(items.count == 2, "the repeated page is not delivered")
        #expect(seen.targets.withLock { $0 }.count == 2)
    }

    @Test("a next page that points back to the same page stops at once")
    func pagePointingToItself() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (1, 5, ["ZH-\(page)"]) }
        defer { api.stop() }
        let incomplete = try #require(try await read(PagedAPIAdapter(baseURL: api.baseURL)).read.incompleteRead)
        #expect(incomplete.origin?.description == "page 2")
        #expect(incomplete.reason.contains("asked for page 2, the API answered as page 1 (a page already read)"))
        #expect(incomplete.fix.contains("?page=N answers page N"))
        #expect(seen.targets.withLock { $0 }.count == 2)
    }

    @Test("more pages than maximumPages is incomplete after page 1; exactly maximumPages is read whole")
    func pageBound() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, 3, ["ZH-\(page)"]) }
        defer { api.stop() }
        let bounded = try #require(try await read(PagedAPIAdapter(baseURL: api.baseURL, maximumPages: 2)).read.incompleteRead)
        #expect(bounded.origin?.description == "page 1")
        #expect(bounded.reason.hasSuffix("the API announces 3 pages, more than the 2 one read may take (max_pages)"))
        #expect(bounded.fix.contains("raise max_pages"))
        #expect(seen.targets.withLock { $0 }.count == 1)
        let (items, read) = try await read(PagedAPIAdapter(baseURL: api.baseURL, maximumPages: 3))
        #expect(read == .complete())
        #expect(items.count == 3)
    }

    @Test("the default bound is generous: an API announcing a million pages stops after one request")
    func defaultBound() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, 1_000_000, ["ZH-\(page)"]) }
        defer { api.stop() }
        let incomplete = try #require(try await read(PagedAPIAdapter(baseURL: api.baseURL)).read.incompleteRead)
        #expect(incomplete.reason.contains("more than the \(PagedAPIAdapter.defaultMaximumPages) one read"))
        #expect(seen.targets.withLock { $0 }.count == 1)
    }

    @Test("an empty page before the last announced one is incomplete, naming the page: its records would count as gone")
    func emptyPageBeforeTheLast() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, 4, page == 2 || page == 3 ? [] : ["ZH-\(page)"]) }
        defer { api.stop() }
        let (items, read) = try await read(PagedAPIAdapter(baseURL: api.baseURL))
        let incomplete = try #require(read.incompleteRead)
        #expect(incomplete.origin?.description == "page 2")
        #expect(incomplete.reason.hasSuffix("page 2 of the 4 announced is empty: the records on it and the pages after it could not be read"))
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(items.count == 1, "page 1 is still delivered")
        #expect(seen.targets.withLock { $0 }.count == 2)
    }

    @Test("an empty last page ends a complete read")
    func emptyLastPage() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, 3, page == 3 ? [] : ["ZH-\(page)"]) }
        defer { api.stop() }
        let (items, read) = try await read(PagedAPIAdapter(baseURL: api.baseURL))
        #expect(read == .complete())
        #expect(items.count == 2)
    }

    @Test("an answer announcing 0 pages but holding items is incomplete at page 1, not an empty list")
    func zeroPagesWithItems() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, 0, ["ZH-1", "ZH-2"]) }
        defer { api.stop() }
        let (items, read) = try await read(PagedAPIAdapter(baseURL: api.baseURL))
        let incomplete = try #require(read.incompleteRead)
        #expect(incomplete.origin?.description == "page 1")
        #expect(incomplete.reason.contains("page 1 announces 0 pages yet holds 2 items"))
        #expect(incomplete.exitStatus == .runtimeFailure)
        #expect(items.isEmpty)
    }

    @Test("an answer announcing 0 pages with no items is a complete, empty read")
    func zeroPagesNoItems() async throws {
        let seen = SeenTargets()
        let api = try server(seen: seen) { page in (page, 0, []) }
        defer { api.stop() }
        let (items, read) = try await read(PagedAPIAdapter(baseURL: api.baseURL))
        #expect(read == .complete())
        #expect(items.isEmpty)
    }
}
