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
    static let maxTokenRenewals = ExchangeDecision.maxTokenRenewals

    /// Sends `request`, retrying as the profile's policy says, signing and authenticating
    /// each attempt afresh. A resend carries the same body and idempotency key. What to do
    /// after each attempt is `ExchangeDecision`'s; this loop only sends, waits and renews.
    func exchange(_ request: PlannedRequest, gone: AnswerMatch? = nil) async -> Exchange {
        let decision = ExchangeDecision(profile: profile, gone: gone, idempotencyKey: request.idempotencyKey)
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
            let observation: ExchangeDecision.Observation
            do {
                let answer = AttemptAnswer(try await transport.send(http), shape: profile.answer)
                summary.status = answer.response.status
                summary.code = answer.code
                observation = .answer(answer)
            } catch {
                observation = .transportFailure(error)
            }
            let elapsed = Double(clock.now().millisecondsSinceEpoch - started.millisecondsSinceEpoch) / 1000
            let action = decision.decide(
                observation, attempt: attempts, elapsedSeconds: elapsed,
                token: token, refusedTokens: refusedTokens, random: Double.random(in: 0...1)
            )
            switch action {
            case let .accept(answer):
                return finish(.success(answer.response, answer.body))
            case let .gone(answer):
                return finish(.gone(answer.response))
            case let .split(answer):
                return finish(.tooLarge(answer.response))
            case let .retry(after: delay):
                if delay > 0 {
                    await sleep(delay)
                    waited += delay
                }
            case let .renewToken(refused):
                refusedTokens.append(refused)
                await tokens?.invalidate(refused)
                attempts -= 1
            case let .fail(kind, detail):
                let answer = observation.answer
                return failure(kind, detail, response: answer?.response, code: answer?.code, message: answer?.message)
            }
        }
    }

    /// Why a 2xx token answer failed, said without its body.
    static let tokenAnswerNotSuccess = "the token answer does not say success as the profile describes (body not shown: it may hold a token)"

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
        if !request.isTokenRequest, let name = profile.push.idempotency.header, let key = request.idempotencyKey,
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
                timestamp: clock.now(), nonce: NonceSource.make(length: scheme.nonceLength, alphabet: scheme.nonceAlphabet)
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
