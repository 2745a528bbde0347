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
