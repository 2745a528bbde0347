import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongCLI

/// A configuration in a temporary directory pointing at in-process sandbox platforms, with
/// secrets in files next to it.
private struct PingSetup {
    let directory: String
    let sandbox: SandboxRunner

    init(provinceFaults: FaultPlan = .none, provinceSecret: String = "sandbox-province-secret") throws {
        var configuration = SandboxConfiguration()
        configuration.province.faults = provinceFaults
        configuration.facilities.enabled = false
        sandbox = try SandboxRunner(configuration: configuration)
        directory = NSTemporaryDirectory() + "huitong-ping-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/secrets", withIntermediateDirectories: true)
        try (provinceSecret + "\n").write(toFile: directory + "/secrets/province", atomically: true, encoding: .utf8)
        try "sandbox-city-secret".write(toFile: directory + "/secrets/city", atomically: true, encoding: .utf8)
        let province = sandbox.platforms.first { $0.name == "province" }!.baseURL
        let city = sandbox.platforms.first { $0.name == "city" }!.baseURL
        try """
        version: 1
        plugins: \(RepositoryPaths.path("plugins"))
        platforms:
          province:
            base_url: \(province)
            credentials:
              app_key: huitong-sandbox
              app_secret: ${file:secrets/province}
          city:
            base_url: \(city)
            credentials:
              client_id: huitong-sandbox
              client_secret: ${file:secrets/city}
        """.write(toFile: directory + "/huitong.yaml", atomically: true, encoding: .utf8)
    }

    var config: String { directory + "/huitong.yaml" }

    func finish() {
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

@Suite("huitong ping")
struct PingCommandTests {
    @Test("reports both platforms reachable and authenticated, and exits 0")
    func bothPlatforms() async throws {
        let setup = try PingSetup()
        defer { setup.finish() }
        let result = await runHuitong(["ping", "--config", setup.config])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        #expect(result.output.contains("province  ok"))
        #expect(result.output.contains("authenticated  signed HMAC-SHA256"))
        #expect(result.output.contains("city  ok"))
        #expect(result.output.contains("authenticated  token (token obtained)"))
        #expect(!result.output.contains("sandbox-province-secret") && !result.output.contains("sandbox-city-secret"))
    }

    @Test("a skewed platform clock is a finding (exit 1) with the skew in the JSON")
    func skew() async throws {
        let setup = try PingSetup(provinceFaults: FaultPlan(clockSkewSeconds: -200))
        defer { setup.finish() }
        let result = await runHuitong(["ping", "province", "--config", setup.config, "--json"])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        let json = try JSONReader().value(from: result.output)
        let skew = try #require(json["platforms"]?[0]?["skewMilliseconds"]?.integerValue)
        let roundTrip = try #require(json["platforms"]?[0]?["milliseconds"]?.integerValue)
        #expect(abs(skew + 200_000) <= roundTrip / 2 + 1_000, "at most half the round trip plus the one-second resolution of serverTime")
        #expect(json["platforms"]?[0]?["ok"] == .bool(false))
    }

    @Test("a wrong secret fails with exit 4, naming the request and the platform's answer, never the secret")
    func wrongSecret() async throws {
        let setup = try PingSetup(provinceSecret: "wrong-secret-value")
        defer { setup.finish() }
        let result = await runHuitong(["ping", "province", "--config", setup.config])
        #expect(result.status == HuitongCore.ExitStatus.runtimeFailure)
        #expect(result.output.contains("/exchange/api/v1/ping → HTTP 401 code 4010"))
        #expect(!result.output.contains("wrong-secret-value"))
    }

    @Test("a secret written into the configuration is refused at its line and column")
    func literalSecret() async throws {
        let setup = try PingSetup()
        defer { setup.finish() }
        let text = try String(contentsOfFile: setup.config, encoding: .utf8)
            .replacingOccurrences(of: "${file:secrets/city}", with: "plain-text-secret")
        try text.write(toFile: setup.config, atomically: true, encoding: .utf8)
        let result = await runHuitong(["ping", "--config", setup.config])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.errors.contains("huitong.yaml:13:"))
        #expect(result.errors.contains("credential client_secret is a secret"))
        #expect(!result.errors.contains("plain-text-secret"), "the line holding the secret is not quoted")
    }

    @Test("an unknown platform name is a usage error with a suggestion")
    func unknownPlatform() async throws {
        let setup = try PingSetup()
        defer { setup.finish() }
        let result = await runHuitong(["ping", "provnce", "--config", setup.config])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("Did you mean province?"))
    }
}
