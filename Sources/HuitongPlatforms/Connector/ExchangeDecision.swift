import HuitongCore
import HuitongTransport
import Foundation

/// A platform's answer to one attempt, read as the profile describes answers.
package struct AttemptAnswer: Sendable, Equatable {
    package let response: HTTPResponse
    /// The body as JSON; nil when it is not JSON.
    package let body: Value?
    /// The answer's code and message, at the profile's `answer.code` and `answer.message`.
    package let code: String?
    package let message: String?

    package init(_ response: HTTPResponse, shape: AnswerShape) {
        self.response = response
        body = try? JSONReader().value(from: response.body)
        code = body.flatMap { shape.codePath?.value(in: $0) }.map(PlatformTemplate.text(of:))
        message = body.flatMap { shape.messagePath?.value(in: $0) }.map(PlatformTemplate.text(of:))
    }
}

/// What a request does after one attempt: take the answer, wait and resend, renew the token,
/// split, or stop. Pure: the rules of the profile and the request in, one `Action` per
/// observation out; no I/O, no clock, no randomness (the caller passes a random draw).
package struct ExchangeDecision: Sendable {
    /// What one attempt brought back.
    package enum Observation: Sendable {
        /// No HTTP answer arrived.
        case transportFailure(TransportError)
        case answer(AttemptAnswer)

        package var answer: AttemptAnswer? {
            if case let .answer(answer) = self { answer } else { nil }
        }
    }

    package enum Action: Sendable, Equatable {
        /// The answer says success as the profile describes it.
        case accept(AttemptAnswer)
        /// The answer matched the request's "already gone" rule.
        case gone(AttemptAnswer)
        /// The platform says the request is too large.
        case split(AttemptAnswer)
        /// Wait that many seconds (none when 0) and send again, signed afresh, under the same key.
        case retry(after: Double)
        /// Forget the refused token, fetch another and resend; not counted as an attempt.
        case renewToken(refused: String)
        /// Stop with an error of this kind.
        case fail(PlatformError.Kind, detail: String)
    }

    /// How many refused tokens one request replaces before it gives up (see `renew_on`).
    package static let maxTokenRenewals = 3
    /// At most this many seconds are added to a `Retry-After`, so the wait is never shorter.
    package static let retryAfterJitter = 0.25

    package let policy: RetryPolicy
    package let answerShape: AnswerShape
    /// The token endpoint's `renew_on`; nil when the platform uses no token.
    package let renewOn: AnswerMatch?
    /// The request's "already gone" rule (a DELETE of an unknown id).
    package let gone: AnswerMatch?
    /// The request's idempotency key, for the conflict message.
    package let idempotencyKey: String?

    package init(profile: PlatformProfile, gone: AnswerMatch? = nil, idempotencyKey: String? = nil) {
        policy = profile.retry
        answerShape = profile.answer
        if case let .tokenEndpoint(endpoint) = profile.authentication { renewOn = endpoint.renewOn } else { renewOn = nil }
        self.gone = gone
        self.idempotencyKey = idempotencyKey
    }

    /// The action after attempt number `attempt` (from 1), `elapsedSeconds` after the request
    /// began.
    /// - Parameters:
    ///   - token: the token the attempt carried; nil for none (or the token request itself).
    ///   - refusedTokens: the tokens the platform already refused for this request, in order.
    ///   - random: a draw from 0...1 that spreads the wait (backoff jitter, `Retry-After` margin).
    package func decide(
        _ observation: Observation, attempt: Int, elapsedSeconds: Double,
        token: String?, refusedTokens: [String], random: Double
    ) -> Action {
        func retry(after delay: Double, else detail: String) -> Action {
            guard attempt < policy.attempts, elapsedSeconds + delay <= policy.maxSeconds else { return .fail(.exhausted, detail: detail) }
            return .retry(after: delay)
        }
        let answer: AttemptAnswer
        switch observation {
        case let .transportFailure(error):
            let detail = "\(error.kind.rawValue) (curl \(error.curlCode): \(error.detail))"
            switch error.kind {
            case .refused, .timeout, .reset, .other:
                // The platform may or may not have applied it: resend under the same key.
                return retry(after: backoff(attempt: attempt, random: random), else: detail)
            case .dns, .tls, .invalidRequest, .tooLarge:
                return .fail(.transport, detail: detail)
            }
        case let .answer(read):
            answer = read
        }
        let status = answer.response.status
        let code = answer.code

        if isSuccess(answer) { return .accept(answer) }
        if let gone, gone.matches(status: status, code: code) { return .gone(answer) }
        if let token, let renewOn, renewOn.matches(status: status, code: code) {
            // The contract: a refused token → one fresh token and one resend. The fresh token
            // may itself be revoked while the request is on its way (the platform revokes when
            // it likes, with other batches in flight): a refusal of another token is a refusal
            // of its own, renewed once again — at most `maxTokenRenewals` times, so a platform
            // that refuses every token stops the request instead of spending the token rate.
            guard !refusedTokens.contains(token), refusedTokens.count < Self.maxTokenRenewals else {
                return .fail(.authentication, detail: "the platform refused \(refusedTokens.count + 1) tokens for this request, \(refusedTokens.count) of them fetched afresh")
            }
            return .renewToken(refused: token)
        }
        if let reSign = policy.reSign, reSign.matches(status: status, code: code) {
            return retry(after: 0, else: "re-signed and resent until the attempt limit")
        }
        if let split = policy.split, split.matches(status: status, code: code) { return .split(answer) }
        if let rateLimited = policy.rateLimited, rateLimited.matches(status: status, code: code) {
            let retryAfter = policy.retryAfterHeader.flatMap { answer.response.headers.value(of: $0) }
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            // "Wait at least that long": the platform's figure plus a little jitter, never less.
            let delay = retryAfter.map { $0 + Self.retryAfterJitter * random } ?? backoff(attempt: attempt, random: random)
            return retry(after: delay, else: "still rate limited at the attempt or time limit")
        }
        if policy.transient.matches(status: status, code: code) {
            return retry(after: backoff(attempt: attempt, random: random), else: "still failing at the attempt or time limit")
        }
        if status == 409 {
            return .fail(.conflict, detail: "the platform holds a different request under idempotency key \(idempotencyKey ?? "(none)")")
        }
        if status == 401 || status == 403 {
            return .fail(.authentication, detail: "the platform refused the request's credentials or signature")
        }
        if (200..<300).contains(status), !saysFailure(answer.body) {
            // The platform took the request and may have applied it, but did not say so
            // as the profile describes: an unreadable answer, never a refusal.
            return .fail(.unreadableAnswer, detail: unreadableSuccess(answer))
        }
        return .fail(.refused, detail: "the platform refused the request")
    }

    /// Exponential backoff: `initial · multiplier^(attempt−1)`, capped, of which the `jitter`
    /// share is scaled by `random`.
    package func backoff(attempt: Int, random: Double) -> Double {
        var delay = policy.initialDelay
        for _ in 1..<max(1, attempt) { delay = min(policy.maxDelay, delay * policy.multiplier) }
        delay = min(policy.maxDelay, delay)
        return delay * (1 - policy.jitter) + delay * policy.jitter * random
    }

    func isSuccess(_ answer: AttemptAnswer) -> Bool {
        guard answerShape.successStatuses.contains(answer.response.status) else { return false }
        guard let field = answerShape.successField, let expected = answerShape.successValue else { return true }
        guard let body = answer.body, let actual = field.value(in: body) else { return false }
        return actual == expected
    }

    /// The answer's success field is there and says something else than success.
    func saysFailure(_ body: Value?) -> Bool {
        guard let field = answerShape.successField, let expected = answerShape.successValue,
              let body, let actual = field.value(in: body) else { return false }
        return actual != expected
    }

    /// What is wrong with a 2xx answer that is not a success as the profile describes one.
    func unreadableSuccess(_ answer: AttemptAnswer) -> String {
        let status = answer.response.status
        if answer.response.body.isEmpty { return "the platform answered HTTP \(status) with an empty body" }
        guard let body = answer.body else { return "the platform answered HTTP \(status) with a body that is not JSON" }
        if let field = answerShape.successField, field.value(in: body) == nil {
            return "the platform answered HTTP \(status) without the success field \(field)"
        }
        return "the platform answered HTTP \(status), which the profile does not count as success"
    }
}
