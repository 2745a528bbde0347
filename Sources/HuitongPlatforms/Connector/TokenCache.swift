import HuitongCore

/// The one token a connector holds for a platform: fetched once, reused by every request
/// until it expires or the platform refuses it, and fetched by one request at a time even
/// when many batches are in flight. Token requests respect the platform's published rate.
actor TokenCache {
    typealias Fetch = @Sendable () async throws(PlatformError) -> (token: String, lifetimeSeconds: Int)

    private let clock: any WallClock
    private let sleep: @Sendable (Double) async -> Void
    private let rateLimit: (requests: Int, perSeconds: Double)?
    private var token: String?
    private var expiry = Timestamp(millisecondsSinceEpoch: 0)
    private var fetchTimes: [Timestamp] = []
    private var inFlight: Task<Result<String, PlatformError>, Never>?
    /// Tokens fetched since the connector was made, for reports and tests.
    private(set) var fetchCount = 0

    init(clock: any WallClock, sleep: @escaping @Sendable (Double) async -> Void, rateLimit: (requests: Int, perSeconds: Double)?) {
        self.clock = clock
        self.sleep = sleep
        self.rateLimit = rateLimit
    }

    /// A token that has not expired, fetching one if needed.
    func current(fetch: @escaping Fetch) async throws(PlatformError) -> String {
        if let token, clock.now() < expiry { return token }
        if let inFlight { return try await inFlight.value.get() }
        let task = Task<Result<String, PlatformError>, Never> { await self.fetchNow(fetch) }
        inFlight = task
        let result = await task.value
        inFlight = nil
        return try result.get()
    }

    /// Forgets `token` after the platform refused it, unless another request already renewed it.
    func invalidate(_ refused: String) {
        if token == refused { token = nil }
    }

    private func fetchNow(_ fetch: Fetch) async -> Result<String, PlatformError> {
        await waitForRateLimit()
        fetchTimes.append(clock.now())
        fetchCount += 1
        do {
            let (value, lifetime) = try await fetch()
            // Renew a little early, so a token does not expire between check and use.
            let margin = min(60, max(1, lifetime / 10))
            token = value
            expiry = clock.now().adding(milliseconds: Int64(max(1, lifetime - margin)) * 1000)
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private func waitForRateLimit() async {
        guard let (requests, perSeconds) = rateLimit else { return }
        let window = Int64(perSeconds * 1000)
        fetchTimes.removeAll { clock.now().millisecondsSinceEpoch - $0.millisecondsSinceEpoch >= window }
        if fetchTimes.count >= requests, let oldest = fetchTimes.first {
            let wait = Double(window - (clock.now().millisecondsSinceEpoch - oldest.millisecondsSinceEpoch)) / 1000
            await sleep(max(0, wait))
            fetchTimes.removeFirst()
        }
    }
}
