import HuitongCore
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

    func read(_ server: ReadBackServer, profile text: String = Self.profileText) async throws -> Int {
        try await server.read(profile: text)
    }

    func incompleteRead(_ server: ReadBackServer, profile: String = Self.profileText) async -> PlatformError? {
        await server.incompleteRead(profile: profile)
    }

    @Test func anHonestPlatformIsReadToItsTotal() async throws {
        let server = try ReadBackServer.numberedPages { page in ["total": 5, "list": ReadBackServer.records((page * 2 - 1)...min(5, page * 2))] }
        #expect(try await read(server) == 5)
    }

    @Test func aTotalThatGrowsDuringTheReadIsAnIncompleteRead() async throws {
        let server = try ReadBackServer.numberedPages { page in ["total": .integer(Int64(4 + page)), "list": ReadBackServer.records((page * 2 - 1)...(page * 2))] }
        let error = try #require(await incompleteRead(server))
        #expect(error.kind == .incompleteRead)
        #expect(error.description.contains("the read is incomplete: the platform's total changed from 5 to 6 at page 2"), "\(error.description)")
    }

    @Test func aPageThatRepeatsThePreviousOneIsAnIncompleteRead() async throws {
        let server = try ReadBackServer.numberedPages { _ in ["total": 6, "list": ReadBackServer.records(1...2)] }
        let error = try #require(await incompleteRead(server))
        #expect(error.description.contains("page 2 repeats the previous page's 2 records exactly"), "\(error.description)")
    }

    @Test func pagingThatNeverEndsStopsAtMaxPages() async throws {
        let endless = Self.profileText.replacingOccurrences(of: "  total: total\n", with: "")
        let server = try ReadBackServer.numberedPages { page in ["list": ReadBackServer.records((page * 2 - 1)...(page * 2))] }
        let error = try #require(await incompleteRead(server, profile: endless))
        #expect(error.description.contains("still had more after 5 pages (10 records); read_back.max_pages is 5"), "\(error.description)")
    }

    @Test func anEmptyPageBeforeTheTotalIsAnIncompleteRead() async throws {
        let server = try ReadBackServer.numberedPages { page in ["total": 10, "list": page == 1 ? ReadBackServer.records(1...2) : []] }
        let error = try #require(await incompleteRead(server))
        #expect(error.description.contains("page 2 is empty after 2 of the 10 records the platform counts"), "\(error.description)")
    }

    @Test func morePagesThanTheTotalIsAnIncompleteRead() async throws {
        let server = try ReadBackServer.numberedPages { page in ["total": 3, "list": ReadBackServer.records((page * 2 - 1)...(page * 2))] }
        let error = try #require(await incompleteRead(server))
        #expect(error.description.contains("the pages hold 4 records by page 2, more than the 3 the platform counts"), "\(error.description)")
    }
}
