import HuitongCore

extension CityPlatform {
    /// How the city sandbox behaves: who may log in, how long tokens live, the limits.
    ///
    /// The defaults are the contract's numbers where it gives them (7200 s tokens, 10 token
    /// requests a minute, 24 h idempotency, 200 resources and 100 events a request).
    public struct Configuration: Sendable {
        /// `clientId` → `clientSecret`.
        public var clients: [String: String]
        /// `expiresIn` of every token, in seconds.
        public var tokenLifetimeSeconds: Int = 7_200
        /// Token requests one client may make in any 60 seconds.
        public var tokenRequestsPerMinute: Int = 10
        /// Path before the contract's paths (`/city`); requests outside it get 404 `NOT_FOUND`.
        public var basePath: String = ""
        /// The platform's clock: token expiry, the token request window and the idempotency window.
        public var clock: any WallClock = SandboxClock()
        /// How long an `Idempotency-Key` is remembered, in seconds.
        public var idempotencyWindowSeconds: Int = 86_400
        /// Resource objects per `POST /resources/{type}`.
        public var maxResourcesPerRequest: Int = 200
        /// Events per `POST /events`.
        public var maxEventsPerRequest: Int = 100
        /// Request bodies above this many bytes get 413 `PAYLOAD_TOO_LARGE`. The contract
        /// limits items, not bytes; 8 MiB holds 200 generous resources many times over.
        public var maxBodyBytes: Int = 8 << 20

        public init(
            clients: [String: String],
            tokenLifetimeSeconds: Int = 7_200,
            basePath: String = "",
            clock: any WallClock = SandboxClock()
        ) {
            self.clients = clients
            self.tokenLifetimeSeconds = tokenLifetimeSeconds
            self.basePath = basePath
            self.clock = clock
        }
    }
}
