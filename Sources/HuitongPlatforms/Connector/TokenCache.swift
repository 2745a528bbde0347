import HuitongCore

/// The one token a connector holds for a platform: fetched once, reused by every request
/// until it expires or the platform refuses it, and fetched by one request at a time even
/// when many batches are in flight. Token requests respect the platform's published rate.
actor TokenCache {
    /// A token from the endpoint, with how long it lives and how long its request waited
    /// (429 `Retry-After`, backoff).
    struct Fetched: Sendable {
        var token: String
        var lifetimeSeconds: Int
        var waitedSeconds: Double
    }

    /// A token to use, and how long getting it waited (the rate limit and the fetch's own
    /// waits; nothing for a cached token). Every request that waited for one fetch waited that long.
    struct Grant: Sendable {
        var token: String
        var waitedSeconds: Double
    }

    typealias Fetch = @Sendable () async throws(PlatformError) -> Fetched

    private let clock: any WallClock
    private let sleep: @Sendable (Double) async -> Void
    private let rateLimit: (requests: Int, perSeconds: Double)?
    private var token: String?
    private var expiry = Timestamp(millisecondsSinceEpoch: 0)
    private var fetchTimes: [Timestamp] = []
    private var inFlight: Task<Result<Grant, PlatformError>, Never>?
    /// Tokens fetched since the connector was made, for reports and tests.
    private(set) var fetchCount = 0

    init(clock: any WallClock, sleep: @escaping @Sendable (Double) async -> Void, rateLimit: (requests: Int, perSeconds: Double)?) {
        self.clock = clock
        self.sleep = sleep
        self.rateLimit = rateLimit
    }

    /// A token that has not expired, fetching one if needed.
    func current(fetch: @escaping Fetch) async throws(PlatformError) -> Grant {
        if let token, clock.now() < expiry { return Grant(token: token, waitedSeconds: 0) }
        // A request joining a fetch in flight gets its token; the wait is the fetch's, counted
        // once, by the request that started it (summed per batch, it would count many times).
        if let inFlight { return Grant(token: try await inFlight.value.get().token, waitedSeconds: 0) }
        let task = Task<Result<Grant, PlatformError>, Never> { await self.fetchNow(fetch) }
        inFlight = task
        return try await task.value.get()
    }

    /// Forgets `token` after the platform refused it, unless another request already renewed it.
    func invalidate(_ refused: String) {
        if token == refused { token = nil }
    }

    private func fetchNow(_ fetch: Fetch) async -> Result<Grant, PlatformError> {
        // Over when its token is stored, on the actor: a caller that comes after — one whose
        // request was just refused that very token — must fetch anew, not be handed the
        // finished fetch's (refused) token. (Cleared by the first caller once it resumed, the
        // finished fetch stayed "in flight" and gave a refused token out again.)
        defer { inFlight = nil }
        let rateWait = await waitForRateLimit()
        fetchTimes.append(clock.now())
        fetchCount += 1
        do {
            let fetched = try await fetch()
            let lifetime = fetched.lifetimeSeconds
            // Renew a little early, so a token does not expire between check and use.
            let margin = min(60, max(1, lifetime / 10))
            token = fetched.token
            expiry = clock.now().adding(milliseconds: Int64(max(1, lifetime - margin)) * 1000)
            return .success(Grant(token: fetched.token, waitedSeconds: rateWait + fetched.waitedSeconds))
        } catch {
            return .failure(error)
        }
    }

    /// Waits until one more token request fits the declared rate; returns the seconds waited.
    private func waitForRateLimit() async -> Double {
        guard let (requests, perSeconds) = rateLimit else { return 0 }
        let window = Int64(perSeconds * 1000)
        fetchTimes.removeAll { clock.now().millisecondsSinceEpoch - $0.millisecondsSinceEpoch >= window }
        guard fetchTimes.count >= requests, let oldest = fetchTimes.first else { return 0 }
        let wait = max(0, Double(window - (clock.now().millisecondsSinceEpoch - oldest.millisecondsSinceEpoch)) / 1000)
        await sleep(wait)
        fetchTimes.removeFirst()
        return wait
    }
}
