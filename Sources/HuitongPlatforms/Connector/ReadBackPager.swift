import HuitongCore

/// Where a read-back stands, page by page, and whether the answers so far prove it complete.
/// No I/O: the connector sends the request `query(test:)` describes and hands each answer to
/// `take(_:answer:)`, which says whether another page is needed.
///
/// A read ends only where the answers prove it complete:
/// - page and offset paging: at the answer's `total` when the profile names one, else at the
///   first page shorter than `page_size`;
/// - cursor paging: when the answer names no next cursor (absent, null or empty), and, when
///   the profile names a `total`, with exactly that many records read.
///
/// Anything else throws `Incomplete`: a `total` that changes between pages, a page that repeats
/// the previous one exactly, an empty page before `total` is reached, more records than
/// `total`, a cursor named a second time (the paging goes round in a circle), a cursor that is
/// neither text nor a whole number, or more than `max_pages` pages. The hub never deletes on a
/// read that throws.
struct ReadBackPager: Sendable {
    /// Why the answers read so far do not prove the read complete.
    struct Incomplete: Error, Sendable, Equatable {
        let detail: String
        init(_ detail: String) { self.detail = detail }
    }

    enum Step: Sendable, Equatable {
        /// Ask for the next page.
        case more
        /// The read is complete.
        case done
    }

    let shape: ReadBackShape
    /// Pages asked for so far, the current one included.
    private(set) var pages = 0
    /// Records taken so far.
    private(set) var read = 0
    private var page: Int
    private var offset = 0
    /// The cursor of the current page; nil for the first.
    private var cursor: String?
    private var cursors: Set<String> = []
    private var firstTotal: Int?
    private var previous: [Value]?

    init(shape: ReadBackShape) {
        self.shape = shape
        if case let .page(first) = shape.paging { page = first } else { page = 0 }
    }

    /// Counts the next page; throws when `max_pages` pages are read and the platform still has more.
    mutating func startPage() throws(Incomplete) {
        guard pages < shape.maxPages else {
            throw Incomplete("the platform still had more after \(pages) pages (\(read) records); read_back.max_pages is \(shape.maxPages)")
        }
        pages += 1
    }

    /// The current page's query parameters, in the profile's order. A parameter that uses
    /// `{cursor}` is left out of the first request, which has no cursor yet.
    func query(test: Bool) -> [(name: String, value: String)] {
        var query: [(name: String, value: String)] = []
        for parameter in shape.query where !parameter.onlyInTestMode || test {
            if cursor == nil, parameter.value.variables.contains("cursor") { continue }
            let value = try? parameter.value.renderText { variable in
                switch variable {
                case "page": .integer(Int64(page))
                case "offset": .integer(Int64(offset))
                case "cursor": cursor.map { .string($0) }
                case "page_size": .integer(Int64(shape.pageSize))
                case "test": .bool(test)
                default: nil
                }
            }
            query.append((parameter.name, value ?? ""))
        }
        return query
    }

    /// The current page, as messages name it: `page 2` (by its number for page paging),
    /// `page 3 (offset 4)`.
    var position: String {
        switch shape.paging {
        case .page: "page \(page)"
        case .offset: "page \(pages) (offset \(offset))"
        case .cursor: "page \(pages)"
        }
    }

    /// Takes the current page's records and its whole answer (for `total` and the next cursor);
    /// checks them against what came before and moves to the next page.
    mutating func take(_ records: [Value], answer: Value) throws(Incomplete) -> Step {
        let total = shape.total.flatMap { $0.value(in: answer)?.integerValue }.map(Int.init)
        if let total {
            if let firstTotal, firstTotal != total {
                throw Incomplete("the platform's total changed from \(firstTotal) to \(total) at \(position): records were added or removed during the read")
            }
            firstTotal = total
        }
        if let previous, !records.isEmpty, previous == records {
            throw Incomplete("\(position) repeats the previous page's \(records.count) records exactly: the platform ignores the \(ignoredParameter)")
        }
        if let total {
            // A cursor page may be empty on the way; its next cursor says whether more follows.
            if records.isEmpty, read < total, !pagesByCursor {
                throw Incomplete("\(position) is empty after \(read) of the \(total) records the platform counts")
            }
            if read + records.count > total {
                throw Incomplete("the pages hold \(read + records.count) records by \(position), more than the \(total) the platform counts")
            }
        }
        read += records.count
        switch shape.paging {
        case .page, .offset:
            if records.isEmpty || (total.map { read >= $0 } ?? (records.count < shape.pageSize)) { return .done }
            if case .page = shape.paging { page += 1 } else { offset += records.count }
        case let .cursor(path):
            guard let next = try Self.cursorText(path.value(in: answer), at: path, position: position) else {
                if let total, read < total {
                    throw Incomplete("\(position) names no next cursor after \(read) of the \(total) records the platform counts")
                }
                return .done
            }
            guard cursors.insert(next).inserted else {
                throw Incomplete("\(position) names the cursor \"\(next)\" a second time: the platform's paging goes round in a circle")
            }
            cursor = next
        }
        previous = records
        return .more
    }

    private var pagesByCursor: Bool {
        if case .cursor = shape.paging { true } else { false }
    }

    private var ignoredParameter: String {
        switch shape.paging {
        case .page: "page parameter"
        case .offset: "offset parameter"
        case .cursor: "cursor"
        }
    }

    /// A cursor as it goes into the query: text as it is, a whole number in decimal; absent,
    /// null or empty: no next page.
    private static func cursorText(_ value: Value?, at path: ValuePath, position: String) throws(Incomplete) -> String? {
        switch value {
        case nil, .null?: nil
        case let .string(text)?: text.isEmpty ? nil : text
        case let .integer(number)?: String(number)
        case .bool?, .double?, .array?, .object?:
            throw Incomplete("the next cursor of \(position) at \(path) is neither text nor a whole number")
        }
    }
}
