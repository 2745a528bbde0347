import HuitongCore
import HuitongHTTPServer
import Testing

@testable import HuitongPlatforms
import Foundation

/// Read-back against scripted servers whose paging misbehaves: the read ends with an error
/// saying it is incomplete, never with a silent short (or endless) read.
@Suite struct ReadBackBoundsTests {
    static let profileText = """
    platform: pager
    answer: {success: {status: [200]}}
    push: {path: "/items/{dataset}", body: {array: upserts}}
    read_back:
      path: /items/{dataset}
      query: {page: "{page}", size: "{page_size}"}
      first_page: 1
      page_size: 2
      records: list
      total: total
      max_pages: 5
    datasets: {things: {key: [id]}}
    """

    /// A server answering each page with what `page` makes of its number (from 1).
    final class ScriptedServer: Sendable {
        let server: HTTPServer
        init(_ page: @escaping @Sendable (Int) -> Value) throws {
            server = try HTTPServer { request in
                let number = request.query.first { $0.name == "page" }.flatMap { Int($0.value) } ?? 0
                return .json(200, (try? JSONWriter().bytes(for: page(number))) ?? [])
            }
        }
        deinit { server.stop() }
    }

    static func records(_ ids: some Sequence<Int>) -> Value {
        .array(ids.map { ["id": .string("T-\($0)")] })
    }

    func read(_ server: ScriptedServer, profile text: String = Self.profileText) async throws -> Int {
        let profile = try PlatformProfileLoader.load(text: text, fileName: "pager.yaml")
        let connector = try PlatformConnector(profile: profile, settings: PlatformSettings(name: "pager", baseURL: server.server.baseURL)) { _ in }
        return try await connector.readBack(dataset: "things", test: false) { _ in }
    }

    func incompleteRead(_ server: ScriptedServer, profile: String = Self.profileText) async -> PlatformError? {
        do {
            let count = try await read(server, profile: profile)
            Issue.record("the read ended with \(count) records instead of failing")
            return nil
        } catch let error as PlatformError {
            return error
        } catch {
            Issue.record("not a platform error: \(error)")
            return nil
        }
    }

    @Test func anHonestPlatformIsReadToItsTotal() async throws {
        let server = try ScriptedServer { page in ["total": 5, "list": Self.records((page * 2 - 1)...min(5, page * 2))] }
        #expect(try await read(server) == 5)
    }

    @Test func aTotalThatGrowsDuringTheReadIsAnIncompleteRead() async throws {
        let server = try ScriptedServer { page in ["total": .integer(Int64(4 + page)), "list": Self.records((page * 2 - 1)...(page * 2))] }
        let error = try #require(await incompleteRead(server))
        #expect(error.kind == .incompleteRead)
        #expect(error.description.contains("the read is incomplete: the platform's total changed from 5 to 6 at page 2"), "\(error.description)")
    }

    @Test func aPageThatRepeatsThePreviousOneIsAnIncompleteRead() async throws {
        let server = try ScriptedServer { _ in ["total": 6, "list": Self.records(1...2)] }
        let error = try #require(await incompleteRead(server))
        #expect(error.description.contains("page 2 repeats the previous page's 2 records exactly"), "\(error.description)")
    }

    @Test func pagingThatNeverEndsStopsAtMaxPages() async throws {
        let endless = Self.profileText.replacingOccurrences(of: "  total: total\n", with: "")
        let server = try ScriptedServer { page in ["list": Self.records((page * 2 - 1)...(page * 2))] }
        let error = try #require(await incompleteRead(server, profile: endless))
        #expect(error.description.contains("still had more after 5 pages (10 records); read_back.max_pages is 5"), "\(error.description)")
    }

    @Test func anEmptyPageBeforeTheTotalIsAnIncompleteRead() async throws {
        let server = try ScriptedServer { page in ["total": 10, "list": page == 1 ? Self.records(1...2) : []] }
        let error = try #require(await incompleteRead(server))
        #expect(error.description.contains("page 2 is empty after 2 of the 10 records the platform counts"), "\(error.description)")
    }

    @Test func morePagesThanTheTotalIsAnIncompleteRead() async throws {
        let server = try ScriptedServer { page in ["total": 3, "list": Self.records((page * 2 - 1)...(page * 2))] }
        let error = try #require(await incompleteRead(server))
        #expect(error.description.contains("the pages hold 4 records by page 2, more than the 3 the platform counts"), "\(error.description)")
    }
}
