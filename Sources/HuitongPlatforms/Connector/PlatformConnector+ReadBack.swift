import HuitongCore
import HuitongTransport

extension PlatformConnector {
    /// Pages through what the platform holds for `dataset`, handing each page's records to
    /// `page` in the platform's order. Returns the number of records read.
    ///
    /// Stops at the platform's `total` when the answer states one, else at the first short page.
    /// Never reads short in silence: a `total` that changes between pages, a page that repeats
    /// the previous one exactly, an empty page before `total` is reached, more records than
    /// `total`, or more than `read_back.max_pages` pages throw an `.incompleteRead` error.
    @discardableResult
    package func readBack(
        dataset name: String, test: Bool, page: ([Value]) throws -> Void
    ) async throws(PlatformError) -> Int {
        guard let dataset = profile.dataset(named: name), let shape = dataset.readBack else {
            throw PlatformError(
                kind: .configuration, platform: settings.name, request: "read-back of \(name)", attempts: 0,
                detail: "the profile \(profile.name) describes no read-back for \(name)"
            )
        }
        var pageNumber = shape.firstPage
        var read = 0
        var pages = 0
        var firstTotal: Int?
        var previous: [Value]?
        while true {
            guard pages < shape.maxPages else {
                throw incompleteRead(name, "the platform still had more after \(pages) pages (\(read) records); read_back.max_pages is \(shape.maxPages)")
            }
            pages += 1
            var query: [(name: String, value: String)] = []
            for parameter in shape.query where !parameter.onlyInTestMode || test {
                let value = try? parameter.value.renderText { variable in
                    switch variable {
                    case "page": .integer(Int64(pageNumber))
                    case "page_size": .integer(Int64(shape.pageSize))
                    case "test": .bool(test)
                    default: nil
                    }
                }
                query.append((parameter.name, value ?? ""))
            }
            let request = PlannedRequest(
                method: shape.method, path: PercentEncoding.fill(shape.path, ["dataset": name]), query: query, test: test
            )
            let exchange = await self.exchange(request)
            guard case let .success(response, answer) = exchange.outcome else {
                if case let .failure(error) = exchange.outcome { throw error }
                throw PlatformError(kind: .unreadableAnswer, platform: settings.name, request: describe(request), attempts: exchange.summary.attempts, detail: "unexpected answer to a read-back page")
            }
            guard let answer, let records = shape.records.value(in: answer)?.arrayValue else {
                throw PlatformError(
                    kind: .unreadableAnswer, platform: settings.name, request: describe(request), status: response.status,
                    bodyStart: PlatformError.bodyPrefix(response.body), attempts: exchange.summary.attempts,
                    detail: "the answer has no list at \(shape.records)"
                )
            }
            let total = shape.total.flatMap { $0.value(in: answer)?.integerValue }.map(Int.init)
            if let total {
                if let firstTotal, firstTotal != total {
                    throw incompleteRead(name, "the platform's total changed from \(firstTotal) to \(total) at page \(pageNumber): records were added or removed during the read")
                }
                firstTotal = total
            }
            if let previous, !records.isEmpty, previous == records {
                throw incompleteRead(name, "page \(pageNumber) repeats the previous page's \(records.count) records exactly: the platform ignores the page parameter")
            }
            if let total {
                if records.isEmpty, read < total {
                    throw incompleteRead(name, "page \(pageNumber) is empty after \(read) of the \(total) records the platform counts")
                }
                if read + records.count > total {
                    throw incompleteRead(name, "the pages hold \(read + records.count) records by page \(pageNumber), more than the \(total) the platform counts")
                }
            }
            do {
                try page(records)
            } catch {
                throw PlatformError(kind: .configuration, platform: settings.name, request: describe(request), attempts: exchange.summary.attempts, detail: "reading the page failed: \(error)")
            }
            read += records.count
            if records.isEmpty || (total.map { read >= $0 } ?? (records.count < shape.pageSize)) { return read }
            previous = records
            pageNumber += 1
        }
    }

    private func incompleteRead(_ dataset: String, _ detail: String) -> PlatformError {
        PlatformError(
            kind: .incompleteRead, platform: settings.name, request: "read-back of \(dataset)", attempts: 0,
            detail: "the read is incomplete: " + detail
        )
    }
}
