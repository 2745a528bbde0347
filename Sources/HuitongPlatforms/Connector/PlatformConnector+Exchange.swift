import HuitongCore
import HuitongTransport

/// How one request ended after its retries.
enum ExchangeOutcome: Sendable {
    /// The platform answered with success; the parsed body (nil when it was not JSON).
    case success(HTTPResponse, Value?)
    /// The answer matched the request's "already gone" rule (a DELETE of an unknown id).
    case gone(HTTPResponse)
    /// The platform said the request is too large: split it.
    case tooLarge(HTTPResponse)
    case failure(PlatformError)
}

/// The outcome and what it took.
struct Exchange: Sendable {
    var outcome: ExchangeOutcome
    var summary: RequestSummary
}

extension PlatformConnector {
    /// How many refused tokens one request replaces before it gives up (see `renew_on`).
    static let maxTokenRenewals = 3

    /// Sends `request`, retrying as the profile's policy says, signing and authenticating
    /// each attempt afresh. A resend carries the same body and idempotency key.
    func exchange(_ request: PlannedRequest, gone: AnswerMatch? = nil) async -> Exchange {
        let policy = profile.retry
        let started = clock.now()
        var attempts = 0
        /// Tokens the platform refused for this request ("no longer good"), in order.
        var refusedTokens: [String] = []
        var waited = 0.0
        var summary = RequestSummary(
            method: request.method, path: request.path, idempotencyKey: request.idempotencyKey,
            status: nil, code: nil, attempts: 0, duplicate: false, milliseconds: 0
        )
        func finish(_ outcome: ExchangeOutcome) -> Exchange {
            summary.attempts = attempts
            summary.waitedSeconds = waited
            summary.milliseconds = clock.now().millisecondsSinceEpoch - started.millisecondsSinceEpoch
            return Exchange(outcome: outcome, summary: summary)
        }
        func failure(_ kind: PlatformError.Kind, _ detail: String, response: HTTPResponse? = nil, code: String? = nil, message: String? = nil) -> Exchange {
            // A token answer may hold the token, whatever it says about success: neither its
            // first bytes nor its message text may reach an error (journal, summary, JSON).
            var detail = detail
            if request.isTokenRequest, kind == .refused || kind == .unreadableAnswer, let response, (200..<300).contains(response.status) {
                detail = Self.tokenAnswerNotSuccess
            }
            return finish(.failure(PlatformError(
                kind: kind, platform: settings.name, request: describe(request), status: response?.status, code: code,
                message: request.isTokenRequest ? nil : message,
                bodyStart: request.isTokenRequest ? nil : response.map { PlatformError.bodyPrefix($0.body) },
                attempts: attempts, detail: detail
            )))
        }
        /// Waits before the next attempt; false when the attempt or time budget is spent.
        func mayRetry(after delay: Double) async -> Bool {
            let elapsed = Double(clock.now().millisecondsSinceEpoch - started.millisecondsSinceEpoch) / 1000
            guard attempts < policy.attempts, elapsed + delay <= policy.maxSeconds else { return false }
            if delay > 0 {
                await sleep(delay)
                waited += delay
            }
            return true
        }

        while true {
            attempts += 1
            var token: String?
            if !request.isTokenRequest, let tokens {
                do {
                    let grant = try await tokens.current { () async throws(PlatformError) in try await self.fetchToken(test: request.test) }
                    token = grant.token
                    waited += grant.waitedSeconds
                } catch {
                    return finish(.failure(error))
                }
            }
            let http: HTTPRequest
            do {
                http = try buildHTTPRequest(request, token: token)
            } catch {
                return failure(.configuration, "\(error)")
            }
            let response: HTTPResponse
            do {
                response = try await client.send(http)
            } catch {
                let retriable: Bool = switch error.kind {
                case .refused, .timeout, .reset, .other: true
                case .dns, .tls, .invalidRequest, .tooLarge: false
                }
                // The platform may or may not have applied it: resend under the same key.
                if retriable, await mayRetry(after: backoff(attempt: attempts)) { continue }
                return failure(retriable ? .exhausted : .transport, "\(error.kind.rawValue) (curl \(error.curlCode): \(error.detail))")
            }
            summary.status = response.status
            let answer = try? JSONReader().value(from: response.body)
            let code = answer.flatMap { profile.answer.codePath?.value(in: $0) }.map(PlatformTemplate.text(of:))
            let message = answer.flatMap { profile.answer.messagePath?.value(in: $0) }.map(PlatformTemplate.text(of:))
            summary.code = code

            if isSuccess(response, answer) { return finish(.success(response, answer)) }
            if let gone, gone.matches(status: response.status, code: code) { return finish(.gone(response)) }
            if let token, case let .tokenEndpoint(endpoint) = profile.authentication,
               endpoint.renewOn.matches(status: response.status, code: code) {
                // The contract: a refused token → one fresh token and one resend. The fresh token
                // may itself be revoked while the request is on its way (the platform revokes when
                // it likes, with other batches in flight): a refusal of another token is a refusal
                // of its own, renewed once again — at most `maxTokenRenewals` times, so a platform
                // that refuses every token stops the request instead of spending the token rate.
                guard !refusedTokens.contains(token), refusedTokens.count < Self.maxTokenRenewals else {
                    let detail = "the platform refused \(refusedTokens.count + 1) tokens for this request, \(refusedTokens.count) of them fetched afresh"
                    return failure(.authentication, detail, response: response, code: code, message: message)
                }
                refusedTokens.append(token)
                await tokens?.invalidate(token)
                attempts -= 1
                continue
            }
            if let reSign = policy.reSign, reSign.matches(status: response.status, code: code) {
                if await mayRetry(after: 0) { continue }
                return failure(.exhausted, "re-signed and resent until the attempt limit", response: response, code: code, message: message)
            }
            if let split = policy.split, split.matches(status: response.status, code: code) {
                return finish(.tooLarge(response))
            }
            if let rateLimited = policy.rateLimited, rateLimited.matches(status: response.status, code: code) {
                let retryAfter = policy.retryAfterHeader.flatMap { response.headers.value(of: $0) }.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                // "Wait at least that long": the platform's figure plus a little jitter, never less.
                let delay = retryAfter.map { $0 + Double.random(in: 0...0.25) } ?? backoff(attempt: attempts)
                if await mayRetry(after: delay) { continue }
                return failure(.exhausted, "still rate limited at the attempt or time limit", response: response, code: code, message: message)
            }
            if policy.transient.matches(status: response.status, code: code) {
                if await mayRetry(after: backoff(attempt: attempts)) { continue }
                return failure(.exhausted, "still failing at the attempt or time limit", response: response, code: code, message: message)
            }
            if response.status == 409 {
                return failure(.conflict, "the platform holds a different request under idempotency key \(request.idempotencyKey ?? "(none)")", response: response, code: code, message: message)
            }
            if response.status == 401 || response.status == 403 {
                return failure(.authentication, "the platform refused the request's credentials or signature", response: response, code: code, message: message)
            }
            if (200..<300).contains(response.status), !saysFailure(answer) {
                // The platform took the request and may have applied it, but did not say so
                // as the profile describes: an unreadable answer, never a refusal.
                return failure(.unreadableAnswer, unreadableSuccess(response, answer), response: response, code: code, message: message)
            }
            return failure(.refused, "the platform refused the request", response: response, code: code, message: message)
        }
    }

    /// Why a 2xx token answer failed, said without its body.
    static let tokenAnswerNotSuccess = "the token answer does not say success as the profile describes (body not shown: it may hold a token)"

    /// The answer's success field is there and says something else than success.
    func saysFailure(_ answer: Value?) -> Bool {
        guard let field = profile.answer.successField, let expected = profile.answer.successValue,
              let answer, let actual = field.value(in: answer) else { return false }
        return actual != expected
    }

    /// What is wrong with a 2xx answer that is not a success as the profile describes one.
    func unreadableSuccess(_ response: HTTPResponse, _ answer: Value?) -> String {
        let shape = profile.answer
        if response.body.isEmpty { return "the platform answered HTTP \(response.status) with an empty body" }
        if answer == nil { return "the platform answered HTTP \(response.status) with a body that is not JSON" }
        if let field = shape.successField, let answer, field.value(in: answer) == nil {
            return "the platform answered HTTP \(response.status) without the success field \(field)"
        }
        return "the platform answered HTTP \(response.status), which the profile does not count as success"
    }

    func isSuccess(_ response: HTTPResponse, _ answer: Value?) -> Bool {
        let shape = profile.answer
        guard shape.successStatuses.contains(response.status) else { return false }
        guard let field = shape.successField, let expected = shape.successValue else { return true }
        guard let answer, let actual = field.value(in: answer) else { return false }
        return actual == expected
    }

    /// Exponential backoff with jitter: `initial · multiplier^(attempt−1)`, capped, of which
    /// the `jitter` share is random.
    func backoff(attempt: Int) -> Double {
        let policy = profile.retry
        var delay = policy.initialDelay
        for _ in 1..<max(1, attempt) { delay = min(policy.maxDelay, delay * policy.multiplier) }
        delay = min(policy.maxDelay, delay)
        return delay * (1 - policy.jitter) + delay * policy.jitter * Double.random(in: 0...1)
    }

    /// The wire form of one attempt: base URL, profile headers, authentication, digest,
    /// idempotency header and a fresh signature.
    func buildHTTPRequest(_ request: PlannedRequest, token: String?) throws -> HTTPRequest {
        let base = settings.base(test: request.test)
        guard let baseURL = BaseURL(base) else {
            throw PlatformSettingsError(platform: settings.name, problems: ["the base URL \"\(URLRedaction.removingUserInfo(from: base))\" cannot be split into origin and path"])
        }
        let body = request.bodyForAttempt?() ?? request.body
        let lookup = self.lookup
        var headers: [HTTPHeader] = []
        for header in profile.headers { headers.append(HTTPHeader(header.name, try header.value.renderText(lookup))) }
        switch profile.authentication {
        case .none:
            break
        case let .staticHeader(header):
            headers.append(HTTPHeader(header.name, try header.value.renderText(lookup)))
        case let .basic(username, password):
            let pair = try username.renderText(lookup) + ":" + password.renderText(lookup)
            headers.append(HTTPHeader("Authorization", "Basic " + Base64.encode(Array(pair.utf8))))
        case let .tokenEndpoint(endpoint):
            if let token {
                headers.append(HTTPHeader(endpoint.header, try endpoint.value.renderText { $0 == "token" ? .string(token) : nil }))
            }
        }
        if !request.isTokenRequest, let digest = profile.bodyDigest, digest.methods.contains(request.method) {
            headers.append(HTTPHeader(digest.header, digest.algorithm.hex(of: body)))
        }
        if !request.isTokenRequest, case let .header(name, _) = profile.push.idempotency, let key = request.idempotencyKey,
           request.method != "GET", request.method != "DELETE" {
            headers.append(HTTPHeader(name, key))
        }
        for header in request.headers { headers.append(HTTPHeader(header.name, header.value)) }
        let pathAndQuery = baseURL.path + request.pathAndQuery
        if let scheme = profile.signing, let algorithm = signingAlgorithm {
            guard let secret = settings.credentials[scheme.secretCredential] else {
                throw PlatformSettingsError(platform: settings.name, problems: ["the signing secret \(scheme.secretCredential) is not configured"])
            }
            let signer = RequestSigner(scheme: scheme, algorithm: algorithm, secret: secret, lookup: lookup)
            let signature = try signer.sign(
                method: request.method, pathAndQuery: pathAndQuery, body: body,
                timestamp: clock.now(), nonce: NonceSource.make(length: scheme.nonceLength)
            )
            for header in signature.headers { headers.append(HTTPHeader(header.name, header.value)) }
        }
        return HTTPRequest(method: request.method, url: baseURL.origin + pathAndQuery, headers: headers, body: body)
    }

    /// Fetches a token from the token endpoint (with the profile's retries for 5xx and 429).
    func fetchToken(test: Bool) async throws(PlatformError) -> TokenCache.Fetched {
        guard case let .tokenEndpoint(endpoint) = profile.authentication else {
            preconditionFailure("fetchToken without a token endpoint")
        }
        var body: [UInt8] = []
        if let template = endpoint.body {
            do {
                body = try JSONWriter().bytes(for: template.render(lookup))
            } catch {
                throw PlatformError(kind: .configuration, platform: settings.name, request: "\(endpoint.method) \(endpoint.path)", attempts: 0, detail: "the token request body cannot be built: \(error)")
            }
        }
        let request = PlannedRequest(method: endpoint.method, path: endpoint.path, body: body, test: test, isTokenRequest: true)
        let exchange = await self.exchange(request)
        switch exchange.outcome {
        case let .success(response, answer):
            guard let answer, case let .string(token)? = endpoint.tokenPath.value(in: answer), !token.isEmpty else {
                throw PlatformError(kind: .unreadableAnswer, platform: settings.name, request: describe(request), status: response.status, attempts: exchange.summary.attempts, detail: "the token answer has no token at \(endpoint.tokenPath)")
            }
            let lifetime = endpoint.expiresInPath.flatMap { $0.value(in: answer)?.integerValue }.map(Int.init) ?? endpoint.defaultLifetimeSeconds
            return TokenCache.Fetched(token: token, lifetimeSeconds: max(1, lifetime), waitedSeconds: exchange.summary.waitedSeconds)
        case let .failure(error):
            var error = error
            if let refused = endpoint.refused, let status = error.status, refused.matches(status: status, code: error.code) {
                error.kind = .authentication
                error.detail = "the platform refused the client credentials"
            }
            throw error
        case let .gone(response), let .tooLarge(response):
            throw PlatformError(kind: .refused, platform: settings.name, request: describe(request), status: response.status, attempts: exchange.summary.attempts, detail: "unexpected answer to the token request")
        }
    }
}

/// RFC 4648 base64, for HTTP Basic credentials and base64 signatures.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index], b1 = index + 1 < bytes.count ? bytes[index + 1] : 0, b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
