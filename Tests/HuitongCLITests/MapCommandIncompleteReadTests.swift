import Foundation
import HuitongCore
import HuitongHTTPServer
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

    @Test("an API URL with a password is shown without it, in the summary and in the error")
    func apiURLWithPassword() async throws {
        // 0 pages announced yet items sent: an incomplete read, so the error names the input too.
        let api = try HTTPServer { _ in .json(200, Array(#"{"page":1,"pages":0,"items":[{"code":"ZH-1"}]}"#.utf8)) }
        defer { api.stop() }
        let input = api.baseURL.replacingOccurrences(of: "http://", with: "http://operator:s3cret@") + "/api/facilities"
        let result = await runHuitong([
            "map", "--mappings", RepositoryPaths.mappings, "-m", RepositoryPaths.path("mappings/sources/command-facilities.yaml"), "-i", input, "-n", "0",
        ])
        #expect(result.status == HuitongCore.ExitStatus.runtimeFailure)
        #expect(result.errors.hasPrefix("huitong map: the read of \(api.baseURL)/api/facilities stopped early"), "\(result.errors)")
        #expect(!result.errors.contains("s3cret"))
        #expect(!result.output.contains("s3cret"), "\(result.output)")
    }
}
