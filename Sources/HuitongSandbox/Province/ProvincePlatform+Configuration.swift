import HuitongCore

extension ProvincePlatform {
    /// How the stand-in province is set up: who may call, where it is served, its clock and limits.
    package struct Configuration: Sendable {
        /// Issued app keys and their secrets (`X-App-Key` → HMAC key).
        package var appSecrets: [String: String]
        /// The base URL's path; the contract's paths are appended to it (`/exchange/api/v1/ping`).
        /// Anything outside it is answered 404 in the envelope.
        package var basePath: String
        /// The server clock behind the timestamp window, the nonce window, `serverTime` and
        /// "not in the future". A ``SandboxClock`` by default, so a test can skew it.
        package var clock: any WallClock
        /// Items (upserts plus deletes) one batch may hold (contract: 500).
        package var maximumBatchItems: Int
        /// Bytes one batch body may hold (contract: 4 MiB).
        package var maximumBodyBytes: Int
        /// How long a nonce stays used for its app key (contract: 10 minutes).
        package var nonceWindowSeconds: Int
        /// How far `X-Timestamp` may be from the clock (contract: 300 s).
        package var timestampToleranceSeconds: Int

        package init(
            appSecrets: [String: String],
            basePath: String = "/exchange",
            clock: any WallClock = SandboxClock(),
            maximumBatchItems: Int = 500,
            maximumBodyBytes: Int = 4 << 20,
            nonceWindowSeconds: Int = 600,
            timestampToleranceSeconds: Int = 300
        ) {
            self.appSecrets = appSecrets
            self.basePath = basePath
            self.clock = clock
            self.maximumBatchItems = maximumBatchItems
            self.maximumBodyBytes = maximumBodyBytes
            self.nonceWindowSeconds = nonceWindowSeconds
            self.timestampToleranceSeconds = timestampToleranceSeconds
        }

        /// The base path with one leading slash and no trailing one (`""` for the root).
        var normalizedBasePath: String {
            let trimmed = basePath.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
            return trimmed.isEmpty ? "" : "/" + trimmed
        }
    }
}
