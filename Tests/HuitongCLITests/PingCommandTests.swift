import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongCLI

/// An office with no jobs whose configuration points at its sandbox platforms; the province's
/// secret file ends in a newline, as `echo` writes one.
///
/// `plugins`: a plugins directory of the office's own instead of the repository's.
private func pingOffice(
    provinceFaults: FaultPlan = .none, provinceSecret: String = SandboxCredentials.province.secret, plugins: String? = nil
) throws -> TestOffice {
    let office = try TestOffice(province: provinceFaults)
    try office.writeSecret("province", provinceSecret + "\n")
    var file = office.configurationFile()
    file.mappings = nil
    if let plugins { file.plugins = office.path(plugins) }
    try file.write()
    return office
}

/// An office whose province profile is the shipped one without `ping.authenticated: true`:
/// the same signed ping, no longer a proof of the credentials.
private func unprovenPingOffice() throws -> TestOffice {
    let office = try pingOffice(plugins: "plugins")
    let platforms = office.path("plugins/platforms")
    try FileManager.default.createDirectory(atPath: platforms, withIntermediateDirectories: true)
    let shipped = try String(contentsOfFile: RepositoryPaths.path("plugins/platforms/province.yaml"), encoding: .utf8)
    #expect(shipped.contains("  authenticated: true\n"))
    try shipped.replacingOccurrences(of: "  authenticated: true\n", with: "")
        .write(toFile: platforms + "/province.yaml", atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(atPath: RepositoryPaths.path("plugins/platforms/city.yaml"), toPath: platforms + "/city.yaml")
    return office
}

@Suite("huitong ping")
struct PingCommandTests {
    @Test("reports both platforms reachable with their credentials proven, in text and JSON, and exits 0")
    func bothPlatforms() async throws {
        let office = try pingOffice()
        defer { office.remove() }
        let result = await runHuitong(["ping", "--config", office.configurationPath])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        #expect(result.output.contains("province  ok: reachable, credentials proven\n"))
        #expect(result.output.contains("authenticated  signed HMAC-SHA256"))
        #expect(result.output.contains("city  ok: reachable, credentials proven\n"))
        #expect(result.output.contains("authenticated  token (token obtained)"))
        #expect(!result.output.contains("not proven"))
        #expect(!result.output.contains(SandboxCredentials.province.secret) && !result.output.contains(SandboxCredentials.city.secret))

        let json = await runHuitong(["ping", "--config", office.configurationPath, "--json"])
        let platforms = try #require(try JSONReader().value(from: json.output)["platforms"]?.arrayValue)
        #expect(platforms.map { $0["credentials"] } == [.string("proven"), .string("proven")])
        #expect(platforms.map { $0["ok"] } == [.bool(true), .bool(true)])
    }

    @Test("a ping the platform does not check credentials on says reachable, credentials not proven — never plain ok")
    func notProven() async throws {
        let office = try unprovenPingOffice()
        defer { office.remove() }
        let result = await runHuitong(["ping", "province", "--config", office.configurationPath])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        #expect(result.output.contains("province  reachable; credentials not proven by this platform's ping\n"), "\(result.output)")
        #expect(result.output.contains("  credentials    sent signed HMAC-SHA256, not checked by this ping: a push may still be refused"), "\(result.output)")
        #expect(!result.output.contains(" ok"), "\(result.output)")
        #expect(!result.output.contains("authenticated  "), "\(result.output)")

        let json = await runHuitong(["ping", "province", "--config", office.configurationPath, "--json"])
        let platform = try JSONReader().value(from: json.output)["platforms"]?[0]
        #expect(platform?["credentials"] == .string("not_proven"))
        #expect(platform?["authentication"] == .string("signed HMAC-SHA256"))
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
