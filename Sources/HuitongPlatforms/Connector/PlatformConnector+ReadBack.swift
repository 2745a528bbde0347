import HuitongCore
import HuitongTransport

extension PlatformConnector {
    /// Pages through what the platform holds for `dataset`, handing each page's records to
    /// `page` in the platform's order. Returns the number of records read.
    ///
    /// Pages by page number, offset or cursor as the profile says, and stops only where the
    /// answers prove the read complete (see `ReadBackPager`); a read they do not prove
    /// complete — a `total` that changes, a repeated page or cursor, an empty page before
    /// `total`, more records than `total`, more than `read_back.max_pages` pages — throws an
    /// `.incompleteRead` error, never ends short in silence.
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
        var pager = ReadBackPager(shape: shape)
        while true {
            do {
                try pager.startPage()
            } catch {
                throw incompleteRead(name, error.detail)
            }
            let request = PlannedRequest(
                method: shape.method, path: PercentEncoding.fill(shape.path, ["dataset": name]), query: pager.query(test: test), test: test
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
            let step: ReadBackPager.Step
            do {
                step = try pager.take(records, answer: answer)
            } catch {
                throw incompleteRead(name, error.detail)
            }
            do {
                try page(records)
            } catch {
                throw PlatformError(kind: .configuration, platform: settings.name, request: describe(request), attempts: exchange.summary.attempts, detail: "reading the page failed: \(error)")
            }
            if step == .done { return pager.read }
        }
    }

    private func incompleteRead(_ dataset: String, _ detail: String) -> PlatformError {
        PlatformError(
            kind: .incompleteRead, platform: settings.name, request: "read-back of \(dataset)", attempts: 0,
            detail: "the read is incomplete: " + detail
        )
    }
}
