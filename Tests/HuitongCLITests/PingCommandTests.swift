import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongCLI

/// An office with no jobs whose configuration points at its sandbox platforms; the province's
/// secret file ends in a newline, as `echo` writes one.
private func pingOffice(provinceFaults: FaultPlan = .none, provinceSecret: String = SandboxCredentials.province.secret) throws -> TestOffice {
    let office = try TestOffice(province: provinceFaults)
    try office.writeSecret("province", provinceSecret + "\n")
    var file = office.configurationFile()
    file.mappings = nil
    try file.write()
    return office
}

@Suite("huitong ping")
struct PingCommandTests {
    @Test("reports both platforms reachable and authenticated, and exits 0")
    func bothPlatforms() async throws {
        let office = try pingOffice()
        defer { office.remove() }
        let result = await runHuitong(["ping", "--config", office.configurationPath])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        #expect(result.output.contains("province  ok"))
        #expect(result.output.contains("authenticated  signed HMAC-SHA256"))
        #expect(result.output.contains("city  ok"))
        #expect(result.output.contains("authenticated  token (token obtained)"))
        #expect(!result.output.contains(SandboxCredentials.province.secret) && !result.output.contains(SandboxCredentials.city.secret))
    }

    @Test("a skewed platform clock is a finding (exit 1) with the skew in the JSON")
    func skew() async throws {
        let office = try pingOffice(provinceFaults: FaultPlan(clockSkewSeconds: -200))
        defer { office.remove() }
        let result = await runHuitong(["ping", "province", "--config", office.configurationPath, "--json"])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        let json = try JSONReader().value(from: result.output)
        let skew = try #require(json["platforms"]?[0]?["skewMilliseconds"]?.integerValue)
        let roundTrip = try #require(json["platforms"]?[0]?["milliseconds"]?.integerValue)
        #expect(abs(skew + 200_000) <= roundTrip / 2 + 1_000, "at most half the round trip plus the one-second resolution of serverTime")
        #expect(json["platforms"]?[0]?["ok"] == .bool(false))
    }

    @Test("a wrong secret fails with exit 4, naming the request and the platform's answer, never the secret")
    func wrongSecret() async throws {
        let office = try pingOffice(provinceSecret: "wrong-secret-value")
        defer { office.remove() }
        let result = await runHuitong(["ping", "province", "--config", office.configurationPath])
        #expect(result.status == HuitongCore.ExitStatus.runtimeFailure)
        #expect(result.output.contains("/exchange/api/v1/ping → HTTP 401 code 4010"))
        #expect(!result.output.contains("wrong-secret-value"))
    }

    @Test("a secret written into the configuration is refused at its line and column")
    func literalSecret() async throws {
        let office = try pingOffice()
        defer { office.remove() }
        let text = try String(contentsOfFile: office.configurationPath, encoding: .utf8)
            .replacingOccurrences(of: "\"${file:city.secret}\"", with: "plain-text-secret")
        try text.write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("plain-text-secret") }) + 1
        let result = await runHuitong(["ping", "--config", office.configurationPath])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.errors.contains("huitong.yaml:\(line):"), "\(result.errors)")
        #expect(result.errors.contains("credential client_secret is a secret"))
        #expect(!result.errors.contains("plain-text-secret"), "the line holding the secret is not quoted")
    }

    @Test("an unknown platform name is a usage error with a suggestion")
    func unknownPlatform() async throws {
        let office = try pingOffice()
        defer { office.remove() }
        let result = await runHuitong(["ping", "provnce", "--config", office.configurationPath])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("Did you mean province?"))
    }
}
