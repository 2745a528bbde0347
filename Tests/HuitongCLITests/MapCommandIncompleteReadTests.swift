import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// `huitong map` on an input it cannot read to its end: what was read is previewed, then the
/// incompleteness is an error with the read's exit status, as `huitong run` would stop on it.
@Suite("huitong map: incomplete reads")
struct MapCommandIncompleteReadTests {
    static let mapping = RepositoryPaths.path("mappings/sources/rescue-teams.yaml")

    func map(_ bytes: [UInt8], named name: String) async throws -> (status: HuitongCore.ExitStatus, output: String, errors: String) {
        let directory = NSTemporaryDirectory() + "huitong-map-incomplete-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return await runHuitong(["map", "--mappings", RepositoryPaths.mappings, "-m", Self.mapping, "-i", path, "-n", "0"])
    }

    @Test("a roster cut inside its array: the summary of what was read, then the error, exit 3")
    func truncatedRoster() async throws {
        let roster = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sources/teams.json"))))
        let result = try await map(Array(roster.prefix(roster.count / 2)), named: "teams.json")
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("map rescue-teams on "), "the preview of what was read is still shown")
        #expect(result.errors.hasPrefix("huitong map: the read of "))
        #expect(result.errors.contains("stopped early: teams.json:"))
        #expect(result.errors.contains("the file ends inside the array: element "))
        #expect(result.errors.contains("export teams.json again completely"))
    }

    @Test("the whole roster reads with no error")
    func wholeRoster() async throws {
        let roster = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sources/teams.json"))))
        let result = try await map(roster, named: "teams.json")
        #expect(result.errors.isEmpty)
        #expect(result.status != HuitongCore.ExitStatus.invalidInput)
    }
}
