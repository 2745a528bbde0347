import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

@Suite("huitong check")
struct CheckCommandTests {
    @Test("a file with a duplicate key, an unknown tag, an alias bomb and a syntax error gets four precise errors and exit 3")
    func fourErrors() async {
        let path = Fixtures.path("yaml/four-errors.yaml")
        let result = await runHuitong(["check", path])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        let headlines = result.output.split(separator: "\n").filter { $0.hasPrefix(path + ":") }
        #expect(headlines.count == 4)
        let places = headlines.map { line in
            line.dropFirst(path.count + 1).split(separator: ":").prefix(2).joined(separator: ":")
        }
        #expect(places == ["5:1", "6:8", "14:14", "20:2"])
        #expect(headlines[0].contains("duplicate key \"name\""))
        #expect(headlines[1].contains("tag"))
        #expect(headlines[2].contains("alias"))
        #expect(result.output.contains("check: 1 file checked, 4 errors in 1 of them"))
    }

    @Test("each error is followed by the offending line and a caret under its column")
    func caretUnderColumn() async throws {
        let result = await runHuitong(["check", Fixtures.path("yaml/four-errors.yaml")])
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.contains(":6:8:") })
        #expect(lines[index + 1] == "  level: !!integer 3")
        #expect(lines[index + 2] == "         ^")
    }

    @Test("valid files and directories pass with exit 0 and a summary")
    func validDirectory() async {
        let directory = Fixtures.path("yaml")
        let valid = ["mapping-road.yaml", "settings-scalars.yaml", "multi-document.yaml"].map { directory + "/" + $0 }
        let result = await runHuitong(["check"] + valid)
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.contains("check: 3 files checked, all valid"))
    }

    @Test("a directory is searched recursively for YAML files")
    func directoryWalk() async {
        let result = await runHuitong(["check", Fixtures.path("yaml")])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("files checked"))
        #expect(result.output.contains("four-errors.yaml:5:1:"))
    }

    @Test("--json prints one object with every error's place and code")
    func jsonOutput() async throws {
        let result = await runHuitong(["check", "--json", Fixtures.path("yaml/four-errors.yaml")])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        let value = try JSONReader().value(from: result.output)
        #expect(value["valid"] == .bool(false))
        #expect(value["filesChecked"] == .integer(1))
        let errors = try #require(value["errors"]?.arrayValue)
        #expect(errors.count == 4)
        #expect(errors.map { $0["line"]?.integerValue ?? 0 } == [5, 6, 14, 20])
        #expect(errors.first?["code"] == .string("duplicateKey"))
    }

    @Test("a path that does not exist is reported and exits 3")
    func missingPath() async {
        let result = await runHuitong(["check", "/nonexistent/huitong.yaml"])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("/nonexistent/huitong.yaml: no such file or directory"))
    }
}
