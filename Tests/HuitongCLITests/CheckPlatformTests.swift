import Foundation
import HuitongCore
import HuitongTestSupport
import Testing

@Suite("huitong check: platform profiles and target mappings")
struct CheckPlatformTests {
    @Test("the bundled profiles are valid")
    func bundledProfiles() async {
        let result = await runHuitong(["check", RepositoryPaths.path("plugins"), "--mappings", RepositoryPaths.mappings])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)")
    }

    @Test("a target mapping naming a dataset its platform's profile lacks is an error at its line")
    func unknownDataset() async throws {
        let directory = NSTemporaryDirectory() + "huitong-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try String(contentsOfFile: RepositoryPaths.path("mappings/targets/city/events.yaml"), encoding: .utf8)
        let broken = original.replacingOccurrences(of: "  dataset: events\n", with: "  dataset: evnts\n")
        #expect(broken != original)
        try broken.write(toFile: directory + "/events.yaml", atomically: true, encoding: .utf8)
        let result = await runHuitong([
            "check", directory + "/events.yaml", RepositoryPaths.path("plugins"), "--mappings", RepositoryPaths.mappings,
        ])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("events.yaml:12:"), "\(result.output)")
        #expect(result.output.contains("the profile city has no dataset evnts"))
    }

    @Test("a broken profile is reported with file, line and column")
    func brokenProfile() async throws {
        let directory = NSTemporaryDirectory() + "huitong-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try String(contentsOfFile: RepositoryPaths.path("plugins/platforms/province.yaml"), encoding: .utf8)
        try original.replacingOccurrences(of: "X-Signature: \"{signature}\"", with: "X-Signature: \"{signatur}\"")
            .write(toFile: directory + "/province.yaml", atomically: true, encoding: .utf8)
        let result = await runHuitong(["check", directory + "/province.yaml", "--mappings", RepositoryPaths.mappings])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("province.yaml:"))
        #expect(result.output.contains("unknown template variable {signatur}"))
    }
}

@Suite("huitong check: a whole configuration")
struct CheckConfigurationTests {
    @Test("a huitong.yaml is loaded with every profile, job, source and mapping it names; all problems reported")
    func configuration() async throws {
        let directory = NSTemporaryDirectory() + "huitong-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "secret".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try """
        version: 1
        plugins: \(RepositoryPaths.path("plugins"))
        mappings: \(RepositoryPaths.mappings)
        platforms:
          province:
            base_url: http://127.0.0.1:9/exchange
            credentials: {app_key: k, app_secret: "${file:secret}"}
        jobs:
          teams:
            source: {adapter: json, path: teams.json}
            mapping: sources/rescue-teams.yaml
            targets:
              - {platform: province, mapping: targets/province/zyd.yaml}
              - {platform: city, mapping: targets/city/team.yaml}
        """.write(toFile: directory + "/huitong.yaml", atomically: true, encoding: .utf8)
        let result = await runHuitong(["check", directory + "/huitong.yaml", "--mappings", RepositoryPaths.mappings])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("huitong.yaml:10:35: no such file or directory"), "\(result.output)")
        #expect(result.output.contains("huitong.yaml:14:20: no platform \"city\""))
        #expect(result.output.contains("2 errors"))
    }
}
