import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// An office whose platforms' base URLs carry a user name and password and point at closed
/// loopback ports; the profiles are the shipped ones with a single attempt, so a refused
/// connection fails at once instead of after the backoff.
private struct UserInfoOffice {
    static let password = "pa55-in-the-url"
    let directory: String
    let closed = (province: ClosedPort(), city: ClosedPort())

    init() throws {
        directory = NSTemporaryDirectory() + "huitong-userinfo-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory + "/plugins/platforms", withIntermediateDirectories: true)
        for name in ["province", "city"] {
            let profile = try String(contentsOfFile: RepositoryPaths.path("plugins/platforms/\(name).yaml"), encoding: .utf8)
                .replacingOccurrences(of: "  attempts: 8\n", with: "  attempts: 1\n")
            try profile.write(toFile: directory + "/plugins/platforms/\(name).yaml", atomically: true, encoding: .utf8)
        }
        try manager.copyItem(atPath: Fixtures.path("sources/teams.json"), toPath: directory + "/teams.json")
        try SandboxCredentials.province.secret.write(toFile: directory + "/province.secret", atomically: true, encoding: .utf8)
        try SandboxCredentials.city.secret.write(toFile: directory + "/city.secret", atomically: true, encoding: .utf8)
        try """
        version: 1
        plugins: plugins
        mappings: \(RepositoryPaths.mappings)
        platforms:
          province:
            base_url: http://huitong:\(Self.password)@127.0.0.1:\(closed.province.port)/exchange
            credentials: {app_key: \(SandboxCredentials.province.id), app_secret: "${file:province.secret}"}
          city:
            base_url: http://huitong:\(Self.password)@127.0.0.1:\(closed.city.port)/
            credentials: {client_id: \(SandboxCredentials.city.id), client_secret: "${file:city.secret}"}
        jobs:
          teams:
            source: {adapter: json, path: teams.json}
            mapping: sources/rescue-teams.yaml
            targets:
              - {platform: province, mapping: targets/province/zyd.yaml}
              - {platform: city, mapping: targets/city/team.yaml}
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    var config: String { directory + "/huitong.yaml" }

    /// Every file the commands wrote (state, ledger), the configuration left out.
    func writtenFiles() -> [(path: String, text: String)] {
        (FileManager.default.subpaths(atPath: directory) ?? []).compactMap { name in
            guard name != "huitong.yaml", !name.hasPrefix("plugins"),
                  let data = FileManager.default.contents(atPath: directory + "/" + name) else { return nil }
            return (name, String(decoding: data, as: UTF8.self))
        }
    }

    func finish() { try? FileManager.default.removeItem(atPath: directory) }
}

@Suite("URLs are shown without their userinfo")
struct URLUserInfoTests {
    @Test("ping names the request without user and password, in text and JSON")
    func ping() async throws {
        let office = try UserInfoOffice()
        defer { office.finish() }
        let text = await runHuitong(["ping", "--config", office.config])
        #expect(text.status == HuitongCore.ExitStatus.runtimeFailure)
        #expect(text.output.contains("http://127.0.0.1:\(office.closed.province.port)/exchange/api/v1/ping"), "\(text.output)")
        let json = await runHuitong(["ping", "--json", "--config", office.config])
        for output in [text.output, text.errors, json.output, json.errors] {
            #expect(!output.contains(UserInfoOffice.password), "\(output)")
            #expect(!output.contains("huitong:"), "\(output)")
        }
    }

    @Test("a run that cannot reach the platforms reports, journals and records no password")
    func run() async throws {
        let office = try UserInfoOffice()
        defer { office.finish() }
        let text = await runHuitong(["run", "--config", office.config])
        #expect(text.status == HuitongCore.ExitStatus.runtimeFailure, "\(text.output)\(text.errors)")
        #expect(text.output.contains("127.0.0.1:\(office.closed.province.port)/exchange"), "\(text.output)")
        let json = await runHuitong(["run", "--json", "--config", office.config])
        let rejects = await runHuitong(["rejects", "--config", office.config])
        for output in [text.output, text.errors, json.output, json.errors, rejects.output, rejects.errors] {
            #expect(!output.contains(UserInfoOffice.password), "\(output)")
        }
        let written = office.writtenFiles()
        #expect(!written.isEmpty)
        for file in written {
            #expect(!file.text.contains(UserInfoOffice.password), "\(file.path)")
        }
    }
}
