import HuitongCore
import HuitongTransport
import Testing

@testable import HuitongPlatforms

/// The retry rules as a table, per bundled profile: what one attempt brought back, its number,
/// the time spent and the tokens already refused in; the action out. No sockets, no clock:
/// every delay is exact because the random draw is a column.
@Suite struct ExchangeDecisionTests {
    /// What an attempt brought back, before the profile reads it.
    enum Observed: Sendable {
        case transport(TransportError.Kind, curl: Int)
        case http(Int, headers: [HTTPHeader] = [], body: String)
    }

    /// The action expected; the answer in `accept`, `gone` and `split` is the row's own.
    enum Expected: Sendable {
        case accept, gone, split
        case retry(Double)
        case renew(String)
        case fail(PlatformError.Kind, String)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let observed: Observed
        var attempt = 1
        var elapsed = 0.0
        var token: String?
        var refused: [String] = []
        var random = 0.0
        /// The request is a DELETE with the dataset's "already gone" rule.
        var delete = false
        let expected: Expected

        var testDescription: String { name }
    }

    static let province = Result { try PlatformProfile.bundled("province") }
    static let city = Result { try PlatformProfile.bundled("city") }

    static func check(_ row: Row, _ profile: PlatformProfile) throws {
        var gone: AnswerMatch?
        if row.delete, case let .request(_, _, rule)? = profile.dataset(named: profile.datasets[0].name)?.push.deletes { gone = rule }
        if row.delete { #expect(gone != nil, "the profile has no gone rule") }
        let decision = ExchangeDecision(profile: profile, gone: gone, idempotencyKey: "batch-key-1")
        let observation: ExchangeDecision.Observation
        switch row.observed {
        case let .transport(kind, curl):
            observation = .transportFailure(TransportError(kind: kind, method: "POST", url: "http://127.0.0.1:9/x", detail: "curl says so", curlCode: curl))
        case let .http(status, headers, body):
            observation = .answer(AttemptAnswer(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)), shape: profile.answer))
        }
        let expected: ExchangeDecision.Action
        switch row.expected {
        case .accept: expected = .accept(try #require(observation.answer))
        case .gone: expected = .gone(try #require(observation.answer))
        case .split: expected = .split(try #require(observation.answer))
        case let .retry(delay): expected = .retry(after: delay)
        case let .renew(token): expected = .renewToken(refused: token)
        case let .fail(kind, detail): expected = .fail(kind, detail: detail)
        }
        let action = decision.decide(
            observation, attempt: row.attempt, elapsedSeconds: row.elapsed,
            token: row.token, refusedTokens: row.refused, random: row.random
        )
        #expect(action == expected)
    }

    // MARK: The province: signed requests, code 0 is success, 8 attempts in 600 s

    static let provinceOK = #"{"code":0,"msg":"ok","data":{}}"#
    static func provinceError(_ code: Int) -> String { #"{"code":\#(code),"msg":"no","data":null}"# }
    static let retryAfter3 = [HTTPHeader("Retry-After", "3")]

    static let provinceRows: [Row] = [
        Row(name: "200 code 0 is success", observed: .http(200, body: provinceOK), expected: .accept),
        Row(name: "success on the last attempt is still success", observed: .http(200, body: provinceOK), attempt: 8, elapsed: 599, expected: .accept),
        Row(name: "a reset connection backs off: no jitter drawn", observed: .transport(.reset, curl: 56), random: 0, expected: .retry(0.25)),
        Row(name: "a reset connection backs off: all jitter drawn", observed: .transport(.reset, curl: 56), random: 1, expected: .retry(0.5)),
        Row(name: "a refused connection on attempt 3 waits 2 s, half of it jitter", observed: .transport(.refused, curl: 7), attempt: 3, random: 0.5, expected: .retry(1.5)),
        Row(name: "a timeout is transient", observed: .transport(.timeout, curl: 28), attempt: 2, random: 1, expected: .retry(1)),
        Row(name: "an unresolved host is final", observed: .transport(.dns, curl: 6),
            expected: .fail(.transport, "host name not resolved (curl 6: curl says so)")),
        Row(name: "a TLS failure is final", observed: .transport(.tls, curl: 60),
            expected: .fail(.transport, "TLS failure (curl 60: curl says so)")),
        Row(name: "a reset on the last attempt exhausts the budget", observed: .transport(.reset, curl: 56), attempt: 8,
            expected: .fail(.exhausted, "connection reset or closed (curl 56: curl says so)")),
        Row(name: "429 waits Retry-After", observed: .http(429, headers: retryAfter3, body: provinceError(4290)), expected: .retry(3)),
        Row(name: "429 waits Retry-After plus at most a quarter second", observed: .http(429, headers: retryAfter3, body: provinceError(4290)), random: 1, expected: .retry(3.25)),
        Row(name: "429 reads Retry-After case-insensitively and trimmed", observed: .http(429, headers: [HTTPHeader("retry-after", " 7 ")], body: ""), random: 0.5, expected: .retry(7.125)),
        Row(name: "429 without Retry-After backs off", observed: .http(429, body: provinceError(4290)), attempt: 2, random: 0, expected: .retry(0.5)),
        Row(name: "429 with an unreadable Retry-After backs off", observed: .http(429, headers: [HTTPHeader("Retry-After", "soon")], body: ""), attempt: 4, random: 1, expected: .retry(4)),
        Row(name: "429 whose wait passes the time budget gives up", observed: .http(429, headers: [HTTPHeader("Retry-After", "30")], body: provinceError(4290)), elapsed: 580,
            expected: .fail(.exhausted, "still rate limited at the attempt or time limit")),
        Row(name: "429 on the last attempt gives up", observed: .http(429, headers: retryAfter3, body: provinceError(4290)), attempt: 8,
            expected: .fail(.exhausted, "still rate limited at the attempt or time limit")),
        Row(name: "503 backs off", observed: .http(503, body: provinceError(5030)), random: 1, expected: .retry(0.5)),
        Row(name: "500 with a body that is not JSON backs off", observed: .http(500, body: "<html>oops</html>"), attempt: 2, random: 1, expected: .retry(1)),
        Row(name: "the backoff is capped at 30 s", observed: .http(503, body: provinceError(5030)), attempt: 7, random: 1, expected: .retry(30)),
        Row(name: "503 on the last attempt gives up", observed: .http(503, body: provinceError(5030)), attempt: 8,
            expected: .fail(.exhausted, "still failing at the attempt or time limit")),
        Row(name: "a wait that ends exactly at the time budget is allowed", observed: .http(503, body: provinceError(5030)), elapsed: 599.75, expected: .retry(0.25)),
        Row(name: "a wait that ends past the time budget gives up", observed: .http(503, body: provinceError(5030)), elapsed: 599.875,
            expected: .fail(.exhausted, "still failing at the attempt or time limit")),
        Row(name: "401 4011 (timestamp) is signed again and resent at once", observed: .http(401, body: provinceError(4011)), attempt: 3, random: 1, expected: .retry(0)),
        Row(name: "401 4012 (nonce) is signed again and resent at once", observed: .http(401, body: provinceError(4012)), expected: .retry(0)),
        Row(name: "401 4011 on the last attempt gives up", observed: .http(401, body: provinceError(4011)), attempt: 8,
            expected: .fail(.exhausted, "re-signed and resent until the attempt limit")),
        Row(name: "401 4010 (signature) is final", observed: .http(401, body: provinceError(4010)),
            expected: .fail(.authentication, "the platform refused the request's credentials or signature")),
        Row(name: "401 4013 (app key) is final even with a token in hand", observed: .http(401, body: provinceError(4013)), token: "t",
            expected: .fail(.authentication, "the platform refused the request's credentials or signature")),
        Row(name: "413 splits", observed: .http(413, body: provinceError(4130)), expected: .split),
        Row(name: "413 splits on the last attempt too", observed: .http(413, body: provinceError(4130)), attempt: 8, elapsed: 700, expected: .split),
        Row(name: "409 is a conflict naming the key", observed: .http(409, body: provinceError(4090)),
            expected: .fail(.conflict, "the platform holds a different request under idempotency key batch-key-1")),
        Row(name: "400 is final", observed: .http(400, body: provinceError(4000)), expected: .fail(.refused, "the platform refused the request")),
        Row(name: "404 is final", observed: .http(404, body: ""), expected: .fail(.refused, "the platform refused the request")),
        Row(name: "200 that says code 5000 is a refusal", observed: .http(200, body: provinceError(5000)), expected: .fail(.refused, "the platform refused the request")),
        Row(name: "200 with an empty body is unreadable", observed: .http(200, body: ""),
            expected: .fail(.unreadableAnswer, "the platform answered HTTP 200 with an empty body")),
        Row(name: "200 with a body that is not JSON is unreadable", observed: .http(200, body: "OK"),
            expected: .fail(.unreadableAnswer, "the platform answered HTTP 200 with a body that is not JSON")),
        Row(name: "200 without the code field is unreadable", observed: .http(200, body: #"{"msg":"ok"}"#),
            expected: .fail(.unreadableAnswer, "the platform answered HTTP 200 without the success field code")),
        Row(name: "202 with code 0 is not the success the profile describes", observed: .http(202, body: provinceOK),
            expected: .fail(.unreadableAnswer, "the platform answered HTTP 202, which the profile does not count as success")),
    ]

    @Test(arguments: provinceRows) func province(_ row: Row) throws {
        try Self.check(row, Self.province.get())
    }

    /// The deterministic part of the province's backoff doubles from 0.5 s up to its 30 s cap.
    @Test func provinceBackoffDoublesUpToItsCap() throws {
        let decision = ExchangeDecision(profile: try Self.province.get())
        #expect((1...8).map { decision.backoff(attempt: $0, random: 1) } == [0.5, 1, 2, 4, 8, 16, 30, 30])
        #expect((1...8).map { decision.backoff(attempt: $0, random: 0) } == [0.25, 0.5, 1, 2, 4, 8, 15, 15])
    }

    // MARK: The city: a token renewed on TOKEN_EXPIRED, success == true, DELETE of an unknown id is gone

    static let cityOK = #"{"success":true,"code":"200","message":"ok","result":{}}"#
    static func cityError(_ code: String) -> String { #"{"success":false,"code":"\#(code)","message":"no","result":null}"# }

    static let cityRows: [Row] = [
        Row(name: "success true is success", observed: .http(200, body: cityOK), token: "tok-1", expected: .accept),
        Row(name: "200 that says success false is a refusal", observed: .http(200, body: cityError("INVALID_PARAM")), token: "tok-1",
            expected: .fail(.refused, "the platform refused the request")),
        Row(name: "200 without the success field is unreadable", observed: .http(200, body: #"{"code":"200"}"#), token: "tok-1",
            expected: .fail(.unreadableAnswer, "the platform answered HTTP 200 without the success field success")),
        Row(name: "a refused token is renewed", observed: .http(401, body: cityError("TOKEN_EXPIRED")), token: "tok-1", expected: .renew("tok-1")),
        Row(name: "renewing does not wait for or spend the attempt budget", observed: .http(401, body: cityError("TOKEN_EXPIRED")), attempt: 8, elapsed: 900, token: "tok-1", expected: .renew("tok-1")),
        Row(name: "a fresh token refused on its way is renewed once more", observed: .http(401, body: cityError("TOKEN_EXPIRED")), token: "tok-2", refused: ["tok-1"], expected: .renew("tok-2")),
        Row(name: "the same token refused again gives up", observed: .http(401, body: cityError("TOKEN_EXPIRED")), token: "tok-1", refused: ["tok-1"],
            expected: .fail(.authentication, "the platform refused 2 tokens for this request, 1 of them fetched afresh")),
        Row(name: "a fourth refused token gives up", observed: .http(401, body: cityError("TOKEN_EXPIRED")), token: "tok-4", refused: ["tok-1", "tok-2", "tok-3"],
            expected: .fail(.authentication, "the platform refused 4 tokens for this request, 3 of them fetched afresh")),
        Row(name: "TOKEN_EXPIRED without a token (the token request) is final", observed: .http(401, body: cityError("TOKEN_EXPIRED")),
            expected: .fail(.authentication, "the platform refused the request's credentials or signature")),
        Row(name: "AUTH_FAILED is final", observed: .http(401, body: cityError("AUTH_FAILED")), token: "tok-1",
            expected: .fail(.authentication, "the platform refused the request's credentials or signature")),
        Row(name: "the city does not re-sign on 4011", observed: .http(401, body: cityError("4011")), token: "tok-1",
            expected: .fail(.authentication, "the platform refused the request's credentials or signature")),
        Row(name: "429 waits Retry-After", observed: .http(429, headers: [HTTPHeader("Retry-After", "2")], body: cityError("RATE_LIMITED")), token: "tok-1", random: 0.5, expected: .retry(2.125)),
        Row(name: "5xx backs off", observed: .http(500, body: cityError("SYSTEM_ERROR")), attempt: 5, token: "tok-1", random: 0, expected: .retry(4)),
        Row(name: "5xx on the city's eighth attempt gives up", observed: .http(500, body: cityError("SYSTEM_ERROR")), attempt: 8, token: "tok-1",
            expected: .fail(.exhausted, "still failing at the attempt or time limit")),
        Row(name: "5xx past the city's 600 s gives up", observed: .http(502, body: ""), attempt: 2, elapsed: 599.5, token: "tok-1", random: 1,
            expected: .fail(.exhausted, "still failing at the attempt or time limit")),
        Row(name: "413 splits", observed: .http(413, body: cityError("PAYLOAD_TOO_LARGE")), token: "tok-1", expected: .split),
        Row(name: "409 is a conflict", observed: .http(409, body: cityError("IDEMPOTENCY_CONFLICT")), token: "tok-1",
            expected: .fail(.conflict, "the platform holds a different request under idempotency key batch-key-1")),
        Row(name: "a DELETE of an unknown id is gone", observed: .http(404, body: cityError("NOT_FOUND")), token: "tok-1", delete: true, expected: .gone),
        Row(name: "404 with another code is no gone", observed: .http(404, body: cityError("NO_ROUTE")), token: "tok-1", delete: true,
            expected: .fail(.refused, "the platform refused the request")),
        Row(name: "404 NOT_FOUND outside a DELETE is a refusal", observed: .http(404, body: cityError("NOT_FOUND")), token: "tok-1",
            expected: .fail(.refused, "the platform refused the request")),
        Row(name: "a reset connection backs off", observed: .transport(.reset, curl: 52), attempt: 2, token: "tok-1", random: 0.5, expected: .retry(0.75)),
    ]

    @Test(arguments: cityRows) func city(_ row: Row) throws {
        try Self.check(row, Self.city.get())
    }
}
