import HuitongCore
import HuitongHTTPServer
import Testing

@testable import HuitongPlatforms

/// A token answer that does not say success may still hold a token: no error shows its body
/// or its message, since errors reach the journal, the run summary and the JSON report.
@Suite struct TokenAnswerSecrecyTests {
    /// A city stand-in whose token endpoint answers HTTP 200 with `body`.
    func push(tokenAnswer body: Value) async throws -> PushReport {
        let server = try HTTPServer { request in
            if request.path.hasSuffix("/auth/token") {
                return .json(200, (try? JSONWriter().bytes(for: body)) ?? [])
            }
            return .json(500, Array(#"{"success":false,"code":"UNEXPECTED"}"#.utf8))
        }
        defer { server.stop() }
        let settings = PlatformSettings(
            name: "city", baseURL: server.baseURL,
            credentials: ["client_id": Secret("c"), "client_secret": Secret("s")]
        )
        let connector = try PlatformConnector(profile: try PlatformProfile.bundled("city"), settings: settings) { _ in }
        return try await connector.push(dataset: "shelter", test: false, scope: "run-1", upserts: [Payloads.shelter(1)])
    }

    @Test func aTokenAnswerThatDoesNotSaySuccessIsNotShownInTheError() async throws {
        let report = try await push(tokenAnswer: ["success": false, "result": ["accessToken": "SECRET-TOKEN-123"]])
        #expect(report.accepted == 0)
        let failure = try #require(report.failures.first)
        #expect(!failure.description.contains("SECRET-TOKEN-123"), "\(failure.description)")
        #expect(failure.bodyStart == nil)
        #expect(failure.description.contains("the token answer does not say success as the profile describes (body not shown: it may hold a token)"), "\(failure.description)")
    }

    @Test func aTokenAnswerWhoseMessageHoldsTheTokenIsNotShownEither() async throws {
        let report = try await push(tokenAnswer: ["success": false, "code": "E1", "message": "your token is SECRET-TOKEN-123", "result": .null])
        let failure = try #require(report.failures.first)
        #expect(!failure.description.contains("SECRET-TOKEN-123"), "\(failure.description)")
        #expect(failure.message == nil)
    }
}
