import HuitongCore

extension CityPlatform {
    /// How the city sandbox behaves: who may log in, how long tokens live, the limits.
    ///
    /// The defaults are the contract's numbers where it gives them (7200 s tokens, 10 token
    /// requests a minute, 24 h idempotency, 200 resources and 100 events a request).
    package struct Configuration: Sendable {
        /// `clientId` → `clientSecret`.
        package var clients: [String: String]
        /// `expiresIn` of every token, in seconds.
        package var tokenLifetimeSeconds: Int = 7_200
        /// Token requests one client may make in any 60 seconds.
        package var tokenRequestsPerMinute: Int = 10
        /// Path before the contract's paths (`/city`); requests outside it get 404 `NOT_FOUND`.
        package var basePath: String = ""
        /// The platform's clock: token expiry, the token request window and the idempotency window.
        package var clock: any WallClock = SandboxClock()
        /// How long an `Idempotency-Key` is remembered, in seconds.
        package var idempotencyWindowSeconds: Int = 86_400
        /// Resource objects per `POST /resources/{type}`.
        package var maxResourcesPerRequest: Int = 200
        /// Events per `POST /events`.
        package var maxEventsPerRequest: Int = 100
        /// Request bodies above this many bytes get 413 `PAYLOAD_TOO_LARGE`. The contract
        /// limits items, not bytes; 8 MiB holds 200 generous resources many times over.
        package var maxBodyBytes: Int = 8 << 20

        package init(
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
