import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// `huitong check` on mapping files: each is compiled against the schema under --mappings,
/// and every mistake is reported with its place.
@Suite("huitong check on mappings")
struct CheckMappingTests {
    static let places = ["7:1", "34:16", "36:11", "40:25", "41:3", "47:9", "52:18", "64:9", "75:15", "86:54"]

    /// The `line:col` of each `path:line:col:` headline in the output.
    static func places(in output: String, path: String) -> [String] {
        output.split(separator: "\n").filter { $0.hasPrefix(path + ":") }.map { line in
            line.dropFirst(path.count + 1).split(separator: ":").prefix(2).joined(separator: ":")
        }
    }

    @Test("the ten-mistakes mapping gets ten file:line:col headlines and exit 3")
    func tenMistakes() async {
        let path = Fixtures.path("mappings/ten-mistakes.yaml")
        let result = await runHuitong(["check", "--mappings", RepositoryPaths.mappings, path])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(Self.places(in: result.output, path: path) == Self.places)
        #expect(result.output.contains("check: 1 file checked, 10 errors in 1 of them"))
    }

    @Test("each mapping error quotes its line with a caret under the column")
    func caret() async throws {
        let path = Fixtures.path("mappings/ten-mistakes.yaml")
        let result = await runHuitong(["check", "--mappings", RepositoryPaths.mappings, path])
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix(path + ":47:9:") })
        #expect(lines[index].hasSuffix(#"unknown step "pointt"; did you mean point? see docs/mapping-language.md for the steps"#))
        #expect(lines[index + 1].hasPrefix("        - pointt"))
        #expect(lines[index + 2] == "          ^")
    }

    @Test("the example copy in examples/broken reports the same ten places")
    func example() async {
        let path = RepositoryPaths.path("examples/broken/ten-mistakes.yaml")
        let result = await runHuitong(["check", "--mappings", RepositoryPaths.mappings, path])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(Self.places(in: result.output, path: path) == Self.places)
    }

    @Test("--json lists the ten errors with their lines, columns and codes")
    func json() async throws {
        let path = Fixtures.path("mappings/ten-mistakes.yaml")
        let result = await runHuitong(["check", "--json", "--mappings", RepositoryPaths.mappings, path])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        let errors = try #require(try JSONReader().value(from: result.output)["errors"]?.arrayValue)
        #expect(errors.map { "\($0["line"]?.integerValue ?? 0):\($0["column"]?.integerValue ?? 0)" } == Self.places)
        #expect(errors.map { $0["code"]?.stringValue ?? "" } == [
            "unknownKey", "invalidValue", "unknownReference", "unknownReference", "unknownReference",
            "unknownReference", "unknownKey", "typeMismatch", "invalidValue", "unknownReference",
        ])
    }

    @Test("the shipped shelter mapping checks clean")
    func shelterMapping() async {
        let path = RepositoryPaths.path("mappings/sources/shelter-registry.yaml")
        let result = await runHuitong(["check", "--mappings", RepositoryPaths.mappings, path])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.contains("check: 1 file checked, all valid"))
    }

    @Test("a mapping cannot be checked without a schema, and says how to give one")
    func withoutSchema() async {
        let path = Fixtures.path("mappings/ten-mistakes.yaml")
        let result = await runHuitong(["check", "--mappings", "/nonexistent/mappings", path])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.output.contains("cannot check this mapping: no schema at /nonexistent/mappings/schema; give --mappings DIR"))
    }
}
