/// How an `HTTPClient` connects: timeouts, TLS, proxy and limits.
///
/// TLS peer and host verification are on unless switched off explicitly; the defaults suit a
/// platform on the other side of a city network.
public struct HTTPClientConfiguration: Sendable {
    /// Longest time to establish a connection, in seconds.
    public var connectTimeout: Double = 10
    /// Longest time for a whole request and answer, in seconds.
    public var totalTimeout: Double = 120
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is aborted as a timeout.
    public var lowSpeedBytesPerSecond: Int = 1
    public var lowSpeedSeconds: Int = 60
    /// Answers larger than this are refused (`TransportError.Kind.tooLarge`).
    public var maxResponseBytes: Int = 64 << 20
    /// Verify the platform's certificate and host name.
    public var verifyTLS: Bool = true
    public var caFile: String?
    public var caPath: String?
    /// Client certificate and key (PEM) for mutual TLS.
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    /// `http://proxy:3128`; nil uses no proxy (environment variables are ignored on purpose,
    /// so that a stray `http_proxy` cannot send exchange traffic elsewhere).
    public var proxy: String?
    /// Transfers running at once; further requests wait for a free slot.
    public var maxConcurrentRequests: Int = 4

    public init() {}
}
