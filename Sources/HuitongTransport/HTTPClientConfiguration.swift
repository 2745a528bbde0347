/// How an `HTTPClient` connects: timeouts, TLS, proxy and limits.
///
/// TLS peer and host verification are on unless switched off explicitly; the defaults suit a
/// platform on the other side of a city network.
package struct HTTPClientConfiguration: Sendable {
    /// Longest time to establish a connection, in seconds.
    package var connectTimeout: Double = 10
    /// Longest time for a whole request and answer, in seconds.
    package var totalTimeout: Double = 120
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is aborted as a timeout.
    package var lowSpeedBytesPerSecond: Int = 1
    package var lowSpeedSeconds: Int = 60
    /// Answers larger than this are refused (`TransportError.Kind.tooLarge`).
    package var maxResponseBytes: Int = 64 << 20
    /// Verify the platform's certificate and host name.
    package var verifyTLS: Bool = true
    package var caFile: String?
    package var caPath: String?
    /// Client certificate and key (PEM) for mutual TLS.
    package var clientCertificateFile: String?
    package var clientKeyFile: String?
    /// `http://proxy:3128`; nil uses no proxy (environment variables are ignored on purpose,
    /// so that a stray `http_proxy` cannot send exchange traffic elsewhere).
    package var proxy: String?
    /// Transfers running at once; further requests wait for a free slot.
    package var maxConcurrentRequests: Int = 4

    package init() {}
}
