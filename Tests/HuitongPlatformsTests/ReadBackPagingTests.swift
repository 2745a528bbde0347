import HuitongCore
import Testing

@testable import HuitongPlatforms
import Foundation

/// `read_back.paging`: offset/limit and cursor paging besides page numbers, loaded with
/// `file:line:col` errors, and read on loopback servers — to the end when the answers prove
/// the read complete, and to an incomplete-read error whenever they do not.
@Suite struct ReadBackPagingTests {
    static func profile(_ readBack: String) -> String {
        """
        platform: pager
        answer: {success: {status: [200]}}
        push: {path: "/items/{dataset}", body: {array: upserts}}
        read_back:
          path: /items/{dataset}
        \(readBack.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        datasets: {things: {key: [id]}}
        """
    }

    static let offset = profile("""
    paging: offset
    query: {from: "{offset}", limit: "{page_size}"}
    page_size: 2
    records: data.items
    total: data.total
    max_pages: 5
    """)

    static let cursor = profile("""
    paging: cursor
    query: {after: "{cursor}", limit: "{page_size}"}
    next_cursor: meta.next
    page_size: 2
    records: items
    max_pages: 5
    """)

    static func without(_ line: String, in profile: String) -> String {
        profile.replacingOccurrences(of: "  " + line + "\n", with: "")
    }

    // MARK: Loading

    @Test func aProfileSaysHowItPagesAndPageNumbersStayTheDefault() throws {
        #expect(try PlatformProfileLoader.load(text: Self.offset, fileName: "pager.yaml").readBack?.paging == .offset)
        let cursor = try PlatformProfileLoader.load(text: Self.cursor, fileName: "pager.yaml").readBack
        #expect(cursor?.paging == .cursor(next: ValuePath("meta.next")!))
        #expect(try PlatformProfile.bundled("province").readBack?.paging == .page(first: 1))
        #expect(try PlatformProfile.bundled("city").dataset(named: "events")?.readBack?.paging == .page(first: 1))
    }

    @Test func anUnknownPagingIsRefusedAtItsLineAndColumnWithTheNearestName() {
        let found = profileErrors(Self.offset.replacingOccurrences(of: "paging: offset", with: "paging: ofset"))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("broken.yaml:6:11: ") == true, "\(found)")
        #expect(found.first?.contains(#"unknown paging "ofset"; did you mean "offset"? use page, offset, cursor"#) == true, "\(found)")
    }

    @Test func eachPagingNeedsItsOwnVariableAndRefusesTheOthersKeys() {
        let noOffset = profileErrors(Self.offset.replacingOccurrences(of: #"from: "{offset}", "#, with: ""))
        #expect(noOffset.contains { $0.contains("read_back's query has no {offset}; offset paging needs it") }, "\(noOffset)")
        let firstPage = profileErrors(Self.offset.replacingOccurrences(of: "page_size: 2", with: "page_size: 2\n  first_page: 1"))
        #expect(firstPage.contains { $0.hasPrefix("broken.yaml:9:15:") && $0.contains("first_page is for paging: page; this read_back pages by offset") }, "\(firstPage)")
        let noNext = profileErrors(Self.without("next_cursor: meta.next", in: Self.cursor))
        #expect(noNext.contains { $0.contains("cursor paging needs next_cursor:") }, "\(noNext)")
        let offsetInCursor = profileErrors(Self.cursor.replacingOccurrences(of: "{page_size}", with: "{offset}"))
        #expect(offsetInCursor.contains { $0.contains("unknown template variable {offset}") }, "\(offsetInCursor)")
        let nextInPages = profileErrors(ReadBackBoundsTests.profileText.replacingOccurrences(of: "records: list", with: "records: list\n  next_cursor: next"))
        #expect(nextInPages.contains { $0.contains("next_cursor is for paging: cursor; this read_back pages by page") }, "\(nextInPages)")
    }

    // MARK: Offset paging

    /// Items `T-1`…`T-count` from `from`, at most `limit` (and at most `cap`) at a time.
    static func slice(_ query: [String: String], count: Int, cap: Int = .max, total: Bool = true) -> Value {
        let from = query["from"].flatMap { Int($0) } ?? -1
        let limit = min(cap, query["limit"].flatMap { Int($0) } ?? 0)
        let items = from < count ? ReadBackServer.records((from + 1)...min(count, from + limit)) : []
        return total ? ["data": ["total": .integer(Int64(count)), "items": items]] : ["data": ["items": items]]
    }

    @Test func offsetPagingReadsToTheTotalAdvancingByTheRecordsEachPageHeld() async throws {
        let server = try ReadBackServer(answering: { Self.slice($0, count: 5) })
        #expect(try await server.read(profile: Self.offset) == 5)
        #expect(server.queries == [["from": "0", "limit": "2"], ["from": "2", "limit": "2"], ["from": "4", "limit": "2"]])
    }

    @Test func offsetPagingFollowsAPlatformThatSendsFewerThanAskedWhileItsTotalSaysMore() async throws {
        let server = try ReadBackServer(answering: { Self.slice($0, count: 3, cap: 1) })
        #expect(try await server.read(profile: Self.offset) == 3)
        #expect(server.queries.map { $0["from"] } == ["0", "1", "2"])
    }

    @Test func offsetPagingWithoutATotalEndsAtTheFirstShortPage() async throws {
        let server = try ReadBackServer(answering: { Self.slice($0, count: 5, total: false) })
        #expect(try await server.read(profile: Self.without("total: data.total", in: Self.offset)) == 5)
        #expect(server.queries.count == 3)
    }

    @Test func aPlatformIgnoringTheOffsetIsAnIncompleteRead() async throws {
        let server = try ReadBackServer(answering: { _ in ["data": ["total": 6, "items": ReadBackServer.records(1...2)]] })
        let error = try #require(await server.incompleteRead(profile: Self.offset))
        #expect(error.kind == .incompleteRead)
        #expect(error.description.contains("the read is incomplete: page 2 (offset 2) repeats the previous page's 2 records exactly: the platform ignores the offset parameter"), "\(error.description)")
    }

    @Test func anEmptyOffsetPageBeforeTheTotalIsAnIncompleteRead() async throws {
        let server = try ReadBackServer(answering: { query in query["from"] == "0" ? Self.slice(query, count: 9) : ["data": ["total": 9, "items": []]] })
        let error = try #require(await server.incompleteRead(profile: Self.offset))
        #expect(error.description.contains("page 2 (offset 2) is empty after 2 of the 9 records the platform counts"), "\(error.description)")
    }

    @Test func offsetPagingThatNeverEndsStopsAtMaxPages() async throws {
        let server = try ReadBackServer(answering: { query in Self.slice(query, count: 1_000, total: false) })
        let error = try #require(await server.incompleteRead(profile: Self.without("total: data.total", in: Self.offset)))
        #expect(error.description.contains("still had more after 5 pages (10 records); read_back.max_pages is 5"), "\(error.description)")
    }

    // MARK: Cursor paging

    /// Pages keyed by the cursor they answer (`""`: the first request, without one).
    static func pages(_ pages: [String: Value]) -> @Sendable ([String: String]) -> Value {
        { query in pages[query["after"] ?? ""] ?? ["items": [], "meta": ["next": "unknown-cursor"]] }
    }

    @Test(arguments: ["absent", "null", "empty"])
    func cursorPagingFollowsTheNextCursorUntilThereIsNone(_ end: String) async throws {
        let last: Value = switch end {
        case "null": ["items": ReadBackServer.records(5...5), "meta": ["next": .null]]
        case "empty": ["items": ReadBackServer.records(5...5), "meta": ["next": ""]]
        default: ["items": ReadBackServer.records(5...5), "meta": [:]]
        }
        let server = try ReadBackServer(answering: Self.pages([
            "": ["items": ReadBackServer.records(1...2), "meta": ["next": "c/2+="]],
            "c/2+=": ["items": ReadBackServer.records(3...4), "meta": ["next": 17]],
            "17": last,
        ]))
        #expect(try await server.read(profile: Self.cursor) == 5)
        #expect(server.queries == [["limit": "2"], ["after": "c/2+=", "limit": "2"], ["after": "17", "limit": "2"]],
                "the first request goes without a cursor; a cursor travels percent-encoded and comes back as it was")
    }

    @Test func aCursorNamedASecondTimeIsAnIncompleteRead() async throws {
        let server = try ReadBackServer(answering: Self.pages([
            "": ["items": ReadBackServer.records(1...2), "meta": ["next": "A"]],
            "A": ["items": ReadBackServer.records(3...4), "meta": ["next": "B"]],
            "B": ["items": ReadBackServer.records(5...6), "meta": ["next": "A"]],
        ]))
        let error = try #require(await server.incompleteRead(profile: Self.cursor))
        #expect(error.kind == .incompleteRead)
        #expect(error.description.contains(#"the read is incomplete: page 3 names the cursor "A" a second time: the platform's paging goes round in a circle"#), "\(error.description)")
    }

    @Test func cursorPagingThatNeverEndsStopsAtMaxPages() async throws {
        let server = try ReadBackServer(answering: { query in
            let page = (query["after"].flatMap { Int($0) } ?? 0) + 1
            return ["items": ReadBackServer.records((page * 2 - 1)...(page * 2)), "meta": ["next": .string(String(page))]]
        })
        let error = try #require(await server.incompleteRead(profile: Self.cursor))
        #expect(error.description.contains("still had more after 5 pages (10 records); read_back.max_pages is 5"), "\(error.description)")
    }

    @Test func aCursorThatEndsShortOfTheTotalIsAnIncompleteRead() async throws {
        let counted = Self.cursor.replacingOccurrences(of: "records: items", with: "records: items\n  total: total")
        let server = try ReadBackServer(answering: Self.pages([
            "": ["total": 5, "items": ReadBackServer.records(1...2), "meta": ["next": "A"]],
            "A": ["total": 5, "items": [], "meta": ["next": "B"]],
            "B": ["total": 5, "items": ReadBackServer.records(3...3), "meta": ["next": .null]],
        ]))
        let error = try #require(await server.incompleteRead(profile: counted))
        #expect(error.description.contains("page 3 names no next cursor after 3 of the 5 records the platform counts"), "\(error.description)")
    }

    @Test func aCursorThatIsNeitherTextNorANumberIsAnIncompleteRead() async throws {
        let server = try ReadBackServer(answering: Self.pages(["": ["items": ReadBackServer.records(1...2), "meta": ["next": ["page": 2]]]]))
        let error = try #require(await server.incompleteRead(profile: Self.cursor))
        #expect(error.description.contains("the next cursor of page 1 at meta.next is neither text nor a whole number"), "\(error.description)")
    }

    @Test func aCursorReadRepeatingThePreviousPageIsAnIncompleteRead() async throws {
        let server = try ReadBackServer(answering: { query in
            ["items": ReadBackServer.records(1...2), "meta": ["next": .string((query["after"] ?? "") + "x")]]
        })
        let error = try #require(await server.incompleteRead(profile: Self.cursor))
        #expect(error.description.contains("page 2 repeats the previous page's 2 records exactly: the platform ignores the cursor"), "\(error.description)")
    }
}
