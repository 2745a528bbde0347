import HuitongCore
import Testing
@testable import HuitongSandbox

@Suite("City platform: authentication (§2)")
struct CityAuthTests {
    @Test("a token request with the right credentials gets a random token and the lifetime")
    func tokenIssued() throws {
        let city = CityHarness()
        let first = city.requestToken()
        #expect(first.status == 200)
        let token = try #require(first.result?["accessToken"]?.stringValue)
        #expect(token.count == 32)
        #expect(token.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(first.result?["expiresIn"] == 7200)
        let second = try #require(city.requestToken().result?["accessToken"]?.stringValue)
        #expect(second != token)
        #expect(city.platform.counters.tokensIssued == 2)
    }

    @Test("a token is reused for many requests until it expires")
    func tokenReused() {
        let city = CityHarness()
        let token = city.token()
        for _ in 0..<5 {
            #expect(city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: token).status == 200)
        }
        city.clock.advance(milliseconds: 7_199_000)
        #expect(city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: token).status == 200)
        #expect(city.platform.counters.tokensIssued == 1)
    }

    @Test("the configured lifetime is what expiresIn says")
    func configuredLifetime() {
        let city = CityHarness { $0.tokenLifetimeSeconds = 60 }
        #expect(city.requestToken().result?["expiresIn"] == 60)
    }

    @Test("a wrong secret or an unknown client is 401 AUTH_FAILED")
    func wrongCredentials() {
        let city = CityHarness()
        let wrongSecret = city.requestToken(secret: "guess")
        #expect(wrongSecret.status == 401)
        #expect(wrongSecret.code == "AUTH_FAILED")
        #expect(city.requestToken(client: "nobody", secret: "s3cret").code == "AUTH_FAILED")
        #expect(city.platform.counters.tokensIssued == 0)
    }

    @Test("a malformed token request is 400 INVALID_PARAM", arguments: [
        "not json", "[]", #"{"clientId":"rf-hub"}"#, #"{"clientId":7,"clientSecret":"s3cret"}"#,
        #"{"clientId":"rf-hub","clientSecret":"s3cret","scope":"all"}"#,
    ])
    func malformedTokenRequest(body: String) {
        let city = CityHarness()
        let answer = city.send("POST", "/openapi/v2/auth/token", headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        #expect(answer.status == 400)
        #expect(answer.code == "INVALID_PARAM")
    }

    @Test("the 11th token request in 60 s is 429 RATE_LIMITED until the oldest slot frees")
    func tokenRateLimit() {
        let city = CityHarness()
        for _ in 0..<10 {
            #expect(city.requestToken().status == 200)
            city.clock.advance(milliseconds: 1_000)
        }
        // Now 10 s after the first request: its slot frees 50 s from now.
        let limited = city.requestToken()
        #expect(limited.status == 429)
        #expect(limited.code == "RATE_LIMITED")
        #expect(limited.header("Retry-After") == "50")
        city.clock.advance(milliseconds: 49_999)
        #expect(city.requestToken().header("Retry-After") == "1")
        city.clock.advance(milliseconds: 1)
        #expect(city.requestToken().status == 200)
        #expect(city.requestToken().status == 429)
    }

    @Test("the token request limit counts each client on its own")
    func rateLimitPerClient() {
        let city = CityHarness()
        for _ in 0..<10 { _ = city.requestToken() }
        #expect(city.requestToken().status == 429)
        #expect(city.requestToken(client: "other-dept", secret: "other-secret").status == 200)
    }

    @Test("wrong secrets take slots too, so guessing is limited")
    func rateLimitCountsFailures() {
        let city = CityHarness()
        for _ in 0..<10 { #expect(city.requestToken(secret: "guess").code == "AUTH_FAILED") }
        #expect(city.requestToken().code == "RATE_LIMITED")
    }

    @Test("a request without a bearer token is 401 TOKEN_EXPIRED")
    func missingToken() {
        let city = CityHarness()
        let answer = city.send("GET", "/openapi/v2/events?pageNo=1&pageSize=10")
        #expect(answer.status == 401)
        #expect(answer.code == "TOKEN_EXPIRED")
        let basic = city.send("GET", "/openapi/v2/events?pageNo=1&pageSize=10", headers: [("Authorization", "Basic cmY6eA==")])
        #expect(basic.code == "TOKEN_EXPIRED")
    }

    @Test("an unknown token is 401 TOKEN_EXPIRED")
    func unknownToken() {
        let city = CityHarness()
        _ = city.token()
        let answer = city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: "0123456789abcdef0123456789abcdef")
        #expect(answer.status == 401)
        #expect(answer.code == "TOKEN_EXPIRED")
    }

    @Test("a token past its lifetime on the platform clock is 401 TOKEN_EXPIRED")
    func expiredToken() {
        let city = CityHarness()
        let token = city.token()
        city.clock.advance(milliseconds: 7_200_000)
        let answer = city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: token)
        #expect(answer.status == 401)
        #expect(answer.code == "TOKEN_EXPIRED")
        #expect(answer.message.contains("expired"))
    }

    @Test("revoking all tokens makes every issued token TOKEN_EXPIRED; new tokens work")
    func revokedTokens() {
        let city = CityHarness()
        let first = city.token()
        let second = city.token(client: "other-dept", secret: "other-secret")
        city.platform.revokeAllTokens()
        for token in [first, second] {
            let answer = city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: token)
            #expect(answer.status == 401)
            #expect(answer.code == "TOKEN_EXPIRED")
            #expect(answer.message.contains("revoked"))
        }
        #expect(city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: city.token()).status == 200)
    }

    @Test("revoking one client's tokens leaves the others working")
    func revokedPerClient() {
        let city = CityHarness()
        let mine = city.token()
        let theirs = city.token(client: "other-dept", secret: "other-secret")
        city.platform.revokeTokens(ofClient: "rf-hub")
        #expect(city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: mine).code == "TOKEN_EXPIRED")
        #expect(city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: theirs).status == 200)
    }

    @Test("the token request needs no digest or idempotency key")
    func tokenRequestNeedsNoDigest() {
        let city = CityHarness()
        // requestToken sends neither header.
        #expect(city.requestToken().status == 200)
    }
}
