import HuitongCore
import HuitongTransport

/// A platform exchange that did not succeed, said in an operator's terms: which request,
/// what the platform answered (status, code, message, the first bytes of the body) or what
/// happened on the wire, how many attempts were made, and what to do next.
///
/// Never carries a header value, a credential, a token or a query string.
package struct PlatformError: OperatorFacingError, Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// No answer arrived (DNS, refused, timeout, reset, TLS) and retrying did not help.
        case transport
        /// The platform refused the request for a reason retrying cannot fix (4xx).
        case refused
        /// The platform holds a different batch under this idempotency key.
        case conflict
        /// The credentials or the token were refused.
        case authentication
        /// Transient failures went on past the attempt or time limit.
        case exhausted
        /// The answer could not be read as the profile describes.
        case unreadableAnswer
        /// The platform answered a batch, but not for every item sent (counts that do not add
        /// up, rejections of items never sent, an empty or unreadable success): nothing is
        /// booked, and the batch is resent under the same idempotency key.
        case unconfirmed
        /// A read-back that could not read everything (paging that repeats, changes or never ends).
        case incompleteRead
        /// The request could not be built (a setting or credential that does not fit).
        case configuration
    }

    package var kind: Kind
    package var platform: String
    /// `POST http://127.0.0.1:8081/exchange/api/v1/exchange/rfgc/batches`, without the query.
    package var request: String
    package var status: Int?
    package var code: String?
    package var message: String?
    /// The first bytes of the answer's body, for the support ticket.
    package var bodyStart: String?
    package var attempts: Int
    package var detail: String

    package var exitStatus: ExitStatus {
        kind == .configuration ? .invalidInput : .runtimeFailure
    }

    /// Every URL in it without userinfo, whatever the parts were built from.
    package var description: String {
        URLRedaction.removingUserInfo(from: text)
    }

    private var text: String {
        var text = "\(platform): \(request)"
        if let status { text += " → HTTP \(status)" }
        if let code { text += " code \(code)" }
        if let message, !message.isEmpty { text += " \"\(message)\"" }
        text += ": \(detail)"
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        if let bodyStart, !bodyStart.isEmpty, message == nil { text += "; the answer began: \(bodyStart)" }
        return text + ". " + nextStep
    }

    private var nextStep: String {
        switch kind {
        case .transport, .exhausted: "Nothing is lost: run again when the platform is reachable; resends carry the same idempotency key."
        case .refused: "Fix the request or the data; resending the same request will not help."
        case .conflict: "Report this to the platform operator with the idempotency key; do not resend."
        case .authentication: "Check the credentials configured for this platform."
        case .unreadableAnswer: "Check that the platform follows its published interface and the profile describes it."
        case .unconfirmed: "Nothing was booked for this batch: run again to resend it under the same idempotency key (the platform answers a resend with its first verdict); if the answer stays the same, report it to the platform operator."
        case .incompleteRead: "Nothing was concluded from this read: read again when no one is sending to the platform; if it persists, report the paging to the platform operator."
        case .configuration: "Fix the platform settings in the configuration."
        }
    }

    static func bodyPrefix(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return body.count > 300 ? text + "…" : text
    }
}
