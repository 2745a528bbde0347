import HuitongCore
import HuitongHTTPServer

/// A false answer a sandbox platform gives on demand, *after* handling the request honestly:
/// the batch is applied and the honest answer is what the platform remembers for idempotency
/// (a resend under the same key gets that one, as a duplicate), but this client is told
/// something that does not account for what it sent. Tests use it to prove that the client
/// books nothing on such an answer.
package enum AnswerLie: String, Sendable, CaseIterable {
    /// One item fewer counted as stored than were (province `accepted`, city `succeeded`),
    /// and no rejection listed for it.
    case shortCount = "short_count"
    /// The answer's payload is null (province `data`, city `result`).
    case nullData = "null_data"
    /// One item fewer counted as stored, and a rejection listed for an item never sent (the
    /// province: index 999; the city: an id never sent), so the counts add up and only the
    /// pointer is wrong.
    case strayRejection = "stray_rejection"
    /// Another batch's answer: the province says `duplicate: true` for another `batchId`; the
    /// city answers with the result of a request with more items.
    case foreignAnswer = "foreign_answer"
    /// HTTP 200 with an empty body.
    case emptyBody = "empty_body"
    /// HTTP 200 with an HTML page, as a proxy in front of the platform might send.
    case htmlBody = "html_body"

    /// The lies that need no knowledge of the platform's envelope, told for a successful
    /// answer; nil for the others or when the honest answer was not a success.
    func bodyReplacement(of answer: ServerResponse) -> ServerResponse? {
        guard case .answer(200, _, _) = answer else { return nil }
        switch self {
        case .emptyBody:
            return .json(200, [])
        case .htmlBody:
            let page = "<!DOCTYPE html><html><head><title>200 OK</title></head><body><h1>Service gateway</h1><p>Request forwarded.</p></body></html>"
            return .answer(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.utf8))
        case .shortCount, .nullData, .strayRejection, .foreignAnswer:
            return nil
        }
    }

    /// A successful JSON answer with its envelope rewritten by `rewrite` (which returns false
    /// when the envelope is not one it lies about); any other answer as it is.
    static func rewriting(_ answer: ServerResponse, _ rewrite: (inout OrderedObject) -> Bool) -> ServerResponse {
        guard case let .answer(200, headers, body) = answer,
              case var .object(envelope)? = try? JSONReader().value(from: body),
              rewrite(&envelope),
              let bytes = try? JSONWriter().bytes(for: .object(envelope)) else { return answer }
        return .answer(status: 200, headers: headers, body: bytes)
    }
}

extension SandboxPlatform {
    /// Platforms without batch answers tell only the envelope-free lies.
    package func retell(_ answer: ServerResponse, as lie: AnswerLie) -> ServerResponse {
        lie.bodyReplacement(of: answer) ?? answer
    }
}
