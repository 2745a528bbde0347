import HuitongCore
import HuitongHTTPServer
import Synchronization
import Testing

@testable import HuitongPlatforms
import Foundation

/// The city's rule (city-openapi-v2 §2.3): a refused token → a fresh token and one resend. A
/// fresh token revoked again while the request is on its way is a refusal of its own; a
/// platform that refuses every token stops the request after a few.
@Suite struct TokenRenewalTests {
    /// A city stand-in whose token endpoint hands out `tok-1`, `tok-2`, … and whose resource
    /// endpoint refuses the first `refusals` tokens it sees with TOKEN_EXPIRED.
    final class RevokingCity: Sendable {
        final class Counter: Sendable { let value = Mutex(0) }
        let server: HTTPServer
        private let tokens = Counter()

        init(refusals: Int) throws {
            let issued = tokens
            server = try HTTPServer { request in
                if request.path.hasSuffix("/auth/token") {
                    let number = issued.value.withLock { count in
                        count += 1
                        return count
                    }
                    let body: Value = ["success": true, "code": "200", "message": "ok", "result": ["accessToken": .string("tok-\(number)"), "expiresIn": 7200]]
                    return .json(200, (try? JSONWriter().bytes(for: body)) ?? [])
                }
                let token = request.header("authorization")?.replacingOccurrences(of: "Bearer tok-", with: "")
                if let number = token.flatMap({ Int($0) }), number <= refusals {
                    let body: Value = ["success": false, "code": "TOKEN_EXPIRED", "message": "the access token was revoked", "result": .null]
                    return .json(401, (try? JSONWriter().bytes(for: body)) ?? [])
                }
                let count = (try? JSONReader().value(from: request.body))?.arrayValue?.count ?? 0
                let body: Value = ["success": true, "code": "200", "message": "ok", "result": ["total": .integer(Int64(count)), "succeeded": .integer(Int64(count)), "failed": []]]
                return .json(200, (try? JSONWriter().bytes(for: body)) ?? [])
            }
        }
        var issued: Int { tokens.value.withLock { $0 } }
        deinit { server.stop() }
    }

    func push(to city: RevokingCity) async throws -> PushReport {
        let settings = PlatformSettings(
            name: "city", baseURL: city.server.baseURL,
            credentials: ["client_id": Secret("c"), "client_secret": Secret("s")]
        )
        let connector = try PlatformConnector(profile: try PlatformProfile.bundled("city"), settings: settings) { _ in }
        return try await connector.push(dataset: "shelter", test: false, scope: "run-1", upserts: [Payloads.shelter(1)])
    }

    @Test func aFreshTokenRevokedOnItsWayIsReplacedOnceMore() async throws {
        let city = try RevokingCity(refusals: 2)
        let report = try await push(to: city)
        #expect(report.accepted == 1, "\(report.failures)")
        #expect(city.issued == 3)
    }

    @Test func aPlatformThatRefusesEveryTokenStopsTheRequestAfterAFew() async throws {
        let city = try RevokingCity(refusals: 1000)
        let report = try await push(to: city)
        #expect(report.accepted == 0)
        let failure = try #require(report.failures.first)
        #expect(failure.kind == .authentication)
        #expect(failure.description.contains("refused 4 tokens for this request, 3 of them fetched afresh"), "\(failure.description)")
        #expect(city.issued == 1 + PlatformConnector.maxTokenRenewals)
    }
}
