/// What sends a request and brings back its answer: `HTTPClient` on the wire, or a scripted
/// stand-in, so that the logic above it can be tested in-process without sockets.
package protocol HTTPTransport: Sendable {
    /// The platform's answer, whatever its status; throws only when no HTTP answer arrived.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

extension HTTPClient: HTTPTransport {}
