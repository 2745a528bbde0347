import Foundation
import HuitongCore
import HuitongTestSupport
import Testing

/// `huitong plugin new` then `huitong plugin test`: a new plugin in each language conforms, and
/// the checks catch the plugins that do not.
@Suite("huitong plugin new and plugin test")
struct PluginScaffoldCommandTests {
    /// A copy of the repository's mappings and plugins, so the scaffold writes into a directory of its own.
    func office() throws -> (plugins: String, mappings: String) {
        let directory = NSTemporaryDirectory() + "huitong-scaffold-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("mappings"), toPath: directory + "/mappings")
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("plugins"), toPath: directory + "/plugins")
        return (directory + "/plugins", directory + "/mappings")
    }

    func new(_ name: String, _ language: String, entity: String, in office: (plugins: String, mappings: String)) async -> (status: HuitongCore.ExitStatus, output: String, errors: String) {
        await runHuitong(["plugin", "new", name, "--lang", language, "--entity", entity, "--plugins", office.plugins, "--mappings", office.mappings])
    }

    func test(_ name: String, in office: (plugins: String, mappings: String)) async throws -> (status: HuitongCore.ExitStatus, checks: [String: (result: String, detail: String)]) {
        let result = await runHuitong(["plugin", "test", name, "--json", "--plugins", office.plugins, "--mappings", office.mappings])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output) \(result.errors)")
        var checks: [String: (String, String)] = [:]
        for check in object["checks"] as? [[String: Any]] ?? [] {
            checks[check["name"] as? String ?? ""] = (check["result"] as? String ?? "", check["detail"] as? String ?? "")
        }
        return (result.status, checks)
    }

    static let checkNames = ["manifest", "options", "run", "messages", "mapping", "state", "bad configuration"]

    @Test("a new plugin in each language passes every check, for each entity", arguments: ["python", "shell"])
    func newThenTestPasses(language: String) async throws {
        let office = try office()
        for entity in ["shelter", "sensor_reading", "incident"] {
            let name = "tap-\(language)-\(entity.replacingOccurrences(of: "_", with: "-"))"
            let created = await new(name, language, entity: entity, in: office)
            #expect(created.status == .success, "\(created.errors)")
            for file in ["plugin.yaml", language == "python" ? "tap.py" : "tap.sh", "fixture.jsonl", "conformance.yaml", "README.md"] {
                #expect(FileManager.default.fileExists(atPath: "\(office.plugins)/sources/\(name)/\(file)"), "\(file)")
            }
            #expect(FileManager.default.isExecutableFile(atPath: "\(office.plugins)/sources/\(name)/\(language == "python" ? "tap.py" : "tap.sh")"))
            #expect(FileManager.default.fileExists(atPath: "\(office.mappings)/sources/\(name).yaml"))
            let (status, checks) = try await test(name, in: office)
            #expect(status == .success, "\(checks)")
            for check in Self.checkNames {
                #expect(checks[check]?.result == "passed", "\(name) \(check): \(checks[check].map { "\($0)" } ?? "missing")")
            }
        }
        // The text form: one line per check, a verdict last.
        let text = await runHuitong(["plugin", "test", "tap-\(language)-shelter", "--plugins", office.plugins, "--mappings", office.mappings])
        let lines = text.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("PASS  ") }.count == 7, "\(text.output)")
        #expect(lines.last == "tap-\(language)-shelter: conforms (7 passed, 0 skipped)")
        // And `huitong check` finds the new manifests and mappings valid.
        let check = await runHuitong(["check", "--mappings", office.mappings, office.mappings, office.plugins])
        #expect(check.status == .success, "\(check.output) \(check.errors)")
    }

    @Test("the plugins shipped in plugins/ conform", arguments: ["tap-shelter-register", "shelter-registry-csv"])
    func shippedPluginsConform(name: String) async throws {
        let (status, checks) = try await test(name, in: (RepositoryPaths.path("plugins"), RepositoryPaths.path("mappings")))
        #expect(status == .success, "\(checks)")
        #expect(checks["mapping"]?.result == "passed")
        #expect(checks["state"]?.result == (name == "tap-shelter-register" ? "passed" : "skipped"))
    }

    @Test("new refuses a taken name, a bad name, an unknown language or entity, and overwrites nothing")
    func newRefuses() async throws {
        let office = try office()
        let taken = await new("tap-shelter-register", "python", entity: "shelter", in: office)
        #expect(taken.status == .invalidInput)
        #expect(taken.errors.contains("already exists"))
        let bad = await new("Tap_Bad", "python", entity: "shelter", in: office)
        #expect(bad.status == .usage)
        let language = await new("tap-x", "pyhton", entity: "shelter", in: office)
        #expect(language.status == .usage)
        #expect(language.errors.contains("Did you mean python?"), "\(language.errors)")
        let entity = await new("tap-x", "python", entity: "shelters", in: office)
        #expect(entity.status == .usage)
        #expect(entity.errors.contains("Did you mean shelter?"), "\(entity.errors)")
        try "keep".write(toFile: office.mappings + "/sources/tap-y.yaml", atomically: true, encoding: .utf8)
        let existing = await new("tap-y", "shell", entity: "shelter", in: office)
        #expect(existing.status == .invalidInput)
        #expect(try String(contentsOfFile: office.mappings + "/sources/tap-y.yaml", encoding: .utf8) == "keep")
        #expect(!FileManager.default.fileExists(atPath: office.plugins + "/sources/tap-y"), "nothing written")
    }

    @Test("test fails a tap that ignores its state, one whose records are set aside and one that accepts a bad configuration")
    func testCatchesWhatDoesNotConform() async throws {
        let office = try office()
        _ = await new("tap-bad", "python", entity: "siren", in: office)
        let tap = "\(office.plugins)/sources/tap-bad/tap.py"
        let original = try String(contentsOfFile: tap, encoding: .utf8)

        // Ignores --state: the second run emits every record again.
        try original.replacingOccurrences(of: "    offset = 0\n    if arguments.state:", with: "    offset = 0\n    if False:")
            .write(toFile: tap, atomically: true, encoding: .utf8)
        var (status, checks) = try await test("tap-bad", in: office)
        #expect(status == .finishedWithFindings)
        #expect(checks["state"]?.result == "failed", "\(checks)")
        #expect(checks["state"]?.detail.contains("it emitted all 3 records again") == true, "\(checks["state"].map { "\($0)" } ?? "")")
        #expect(checks["mapping"]?.result == "passed")

        // Accepts a configuration without path (and reads nothing).
        try original.replacingOccurrences(of: "    if not path:\n        raise SystemExit", with: "    if not path:\n        return\n        raise SystemExit")
            .write(toFile: tap, atomically: true, encoding: .utf8)
        (status, checks) = try await test("tap-bad", in: office)
        #expect(checks["bad configuration"]?.result == "failed", "\(checks)")

        // A record the mapping sets aside: an unknown district.
        try original.write(toFile: tap, atomically: true, encoding: .utf8)
        let fixture = "\(office.plugins)/sources/tap-bad/fixture.jsonl"
        var lines = try String(contentsOfFile: fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: #""district":"[^"]*""#, with: #""district":"nowhere""#, options: .regularExpression)
        try (lines.joined(separator: "\n") + "\n").write(toFile: fixture, atomically: true, encoding: .utf8)
        (status, checks) = try await test("tap-bad", in: office)
        #expect(checks["mapping"]?.result == "failed", "\(checks)")
        #expect(checks["mapping"]?.detail.contains("1 of 3 records not mapped") == true)
        #expect(checks["mapping"]?.detail.contains("output:3") == true, "the record's origin: \(checks["mapping"]?.detail ?? "")")

        // Garbage on standard output.
        try original.replacingOccurrences(of: "    emit({\"type\": \"SCHEMA\"", with: "    print(\"hello\")\n    emit({\"type\": \"SCHEMA\"")
            .write(toFile: tap, atomically: true, encoding: .utf8)
        (status, checks) = try await test("tap-bad", in: office)
        #expect(checks["run"]?.result == "failed", "\(checks)")
        #expect(checks["mapping"]?.result == "skipped")

        // No conformance source.
        try FileManager.default.removeItem(atPath: "\(office.plugins)/sources/tap-bad/conformance.yaml")
        (status, checks) = try await test("tap-bad", in: office)
        #expect(checks["options"]?.result == "failed")
        #expect(checks["options"]?.detail.contains("conformance.yaml does not exist") == true)
        #expect(checks["run"]?.result == "skipped")

        // An unknown plugin.
        (status, checks) = try await test("tap-none", in: office)
        #expect(status == .finishedWithFindings)
        #expect(checks["manifest"]?.result == "failed")
    }
}
