import Foundation
import HuitongCore
import HuitongHTTPServer
import HuitongTestSupport
import Synchronization
import Testing
@testable import HuitongAdapters

@Suite("Paged API adapter against a loopback server")
struct PagedAPIAdapterTests {
    /// A facilities API serving `count` items, `size` a page, optionally behind a bearer token.
    func server(count: Int, size: Int, token: String? = nil, seen: SeenTargets = SeenTargets()) throws -> HTTPServer {
        try HTTPServer { request in
            seen.targets.withLock { $0.append(request.target) }
            if let token, request.header("authorization") != "Bearer \(token)" { return .text(401, "no") }
            let page = Int(request.query.first { $0.name == "page" }?.value ?? "") ?? 0
            let pages = (count + size - 1) / size
            let items = (0..<count).dropFirst((page - 1) * size).prefix(size).map { "{\"code\":\"ZH-\($0)\"}" }
            return .json(200, Array("{\"page\":\(page),\"pages\":\(pages),\"items\":[\(items.joined(separator: ","))]}".utf8))
        }
    }

    func read(_ adapter: PagedAPIAdapter) async throws -> [SourceItem] {
        var items: [SourceItem] = []
        let read = try await adapter.read(since: nil) { items += $0 }
        #expect(read == .complete(), "a well-behaved API is read whole")
        return items
    }

    @Test("reads pages from 1 until page equals pages, each page one batch")
    func allPages() async throws {
        let seen = SeenTargets()
        let api = try server(count: 7, size: 3, seen: seen)
        defer { api.stop() }
        let items = try await read(PagedAPIAdapter(baseURL: api.baseURL))
        #expect(items.count == 7)
        #expect(seen.targets.withLock { $0 } == ["/api/facilities?page=1", "/api/facilities?page=2", "/api/facilities?page=3"])
        if case let .record(_, origin) = items.last { #expect(origin.description == "page 3#1") }
    }

    @Test("pages 0 means no items, after one request")
    func empty() async throws {
        let api = try server(count: 0, size: 3)
        defer { api.stop() }
        #expect(try await read(PagedAPIAdapter(baseURL: api.baseURL)).isEmpty)
    }

    @Test("the bearer token is sent; a wrong one is an error that does not repeat it")
    func bearer() async throws {
        let api = try server(count: 2, size: 5, token: "s3cret-token")
        defer { api.stop() }
        #expect(try await read(PagedAPIAdapter(baseURL: api.baseURL, bearerToken: "s3cret-token")).count == 2)
        let error = await #expect(throws: SourceError.self) {
            try await read(PagedAPIAdapter(baseURL: api.baseURL, bearerToken: "wrong-token"))
        }
        #expect(error?.code == .httpStatus)
        #expect(error?.message.contains("HTTP 401 (check the API's bearer token)") == true)
        #expect(error?.description.contains("wrong-token") == false)
    }

    @Test("an unreachable API is a runtime failure")
    func unreachable() async throws {
        let closed = ClosedPort()
        let error = await #expect(throws: SourceError.self) { try await read(PagedAPIAdapter(baseURL: closed.baseURL)) }
        #expect(error?.code == .unreachable)
        #expect(error?.exitStatus == .runtimeFailure)
    }
}

/// The targets a test server was asked for, in order.
final class SeenTargets: Sendable {
    let targets = Mutex<[String]>([])
}
