import HuitongCore

/// A request that did not produce an HTTP response, said in an operator's terms.
///
/// Carries the method and the URL without its query string (queries may hold tokens) or
/// userinfo (`user:password@`), and libcurl's own explanation; never a header value or a body.
package struct TransportError: OperatorFacingError, Equatable {
    package enum Kind: String, Sendable {
        case dns = "host name not resolved"
        case refused = "connection refused"
        case timeout = "timed out"
        case tls = "TLS failure"
        case reset = "connection reset or closed"
        case tooLarge = "response too large"
        case invalidRequest = "invalid request"
        case other = "transfer failed"
    }

    package var kind: Kind
    package var method: String
    package var url: String
    /// libcurl's detailed message (`CURLOPT_ERRORBUFFER`) or the `curl_easy_strerror` text.
    package var detail: String
    /// The libcurl result code, for support requests.
    package var curlCode: Int

    package init(kind: Kind, method: String, url: String, detail: String, curlCode: Int) {
        self.kind = kind
        self.method = method
        self.url = url
        self.detail = detail
        self.curlCode = curlCode
    }

    package var exitStatus: ExitStatus { .runtimeFailure }

    package var description: String {
        URLRedaction.removingUserInfo(from: "\(method) \(url): \(kind.rawValue) (curl \(curlCode): \(detail)). \(nextStep)")
    }

    private var nextStep: String {
        switch kind {
        case .dns, .refused: "Check the platform's base URL and that it is reachable from this machine."
        case .timeout: "The platform did not answer in time; the run can be repeated safely."
        case .tls: "Check the CA file and client certificate settings for this platform."
        case .reset: "The connection dropped; the run can be repeated safely."
        case .tooLarge: "Raise the response size limit if this answer is expected."
        case .invalidRequest, .other: "Check the platform settings."
        }
    }

    /// The URL up to (not including) its query and without its userinfo, so tokens in
    /// queries and passwords in `user:password@` never reach a message.
    static func redacted(_ url: String) -> String {
        // Userinfo first: a password may hold an unencoded `?` or `#`, and cutting there
        // first would keep the part of it before them (`http://u:p?ss@host/` → `http://u:p`).
        String(URLRedaction.removingUserInfo(from: url).prefix { $0 != "?" && $0 != "#" })
    }
}
