import HuitongCore
import HuitongTestSupport
import HuitongTransport
import Testing

@testable import HuitongPlatforms

/// `ping.authenticated`: a ping proves the credentials only where the profile says the
/// platform checks them on the ping request; elsewhere it proves the platform reachable.
@Suite struct PingProofTests {
    static func profile(authentication: String = #"{kind: bearer, value: "Bearer {credential.token}"}"#, ping: String) -> String {
        """
        platform: pinged
        credentials:
          token: {secret: true}
        authentication: \(authentication)
        answer: {success: {status: [200]}}
        ping: \(ping)
        push: {path: "/items/{dataset}", body: {array: upserts}}
        datasets: {things: {key: [id]}}
        """
    }

    @Test func aPingProvesNothingAboutCredentialsUnlessTheProfileSaysThePlatformChecksThem() throws {
        let plain = try PlatformProfileLoader.load(text: Self.profile(ping: "{path: /health}"), fileName: "pinged.yaml")
        #expect(plain.ping?.authenticated == false)
        let checked = try PlatformProfileLoader.load(text: Self.profile(ping: "{path: /whoami, authenticated: true}"), fileName: "pinged.yaml")
        #expect(checked.ping?.authenticated == true)
    }

    @Test func bothShippedPlatformsCheckCredentialsOnTheirPingAsTheirContractsSay() throws {
        #expect(try PlatformProfile.bundled("province").ping?.authenticated == true)
        #expect(try PlatformProfile.bundled("city").ping?.authenticated == true)
        #expect(try CountyTestBed.profile().ping?.authenticated == false)
    }

    @Test func anAuthenticatedPingWithNoCredentialToCheckIsRefusedAtItsLineAndColumn() {
        let found = profileErrors(Self.profile(authentication: "{kind: none}", ping: "{path: /health, authenticated: true}"))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("broken.yaml:6:38: ") == true, "\(found)")
        #expect(found.first?.contains("authenticated: true, but the ping carries no credential") == true, "\(found)")
    }

    @Test(arguments: [false, true])
    func theReportSaysWhetherTheAnswerProvedTheCredentials(_ authenticated: Bool) async throws {
        let transport = ScriptedTransport([.status(200, ["ok": true])])
        let connector = try scriptedConnector(
            Self.profile(ping: "{path: /whoami, authenticated: \(authenticated)}"), credentials: ["token": Secret("t")], transport: transport
        )
        let report = try await connector.ping()
        #expect(report.credentialsProven == authenticated)
        #expect(report.authentication == "static header")
        #expect(transport.sent.first?.headers.value(of: "Authorization") == "Bearer t", "the ping is authenticated either way")
    }
}
