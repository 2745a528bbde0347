import Foundation
import HuitongCore
import HuitongYAML
import Testing
@testable import HuitongMapping

/// A directory of files written for one test and removed when the test is done.
final class ScratchDirectory {
    let path: String

    init(_ files: [String: String]) throws {
        path = NSTemporaryDirectory() + "huitong-schema-tests-" + UUID().uuidString
        for (relativePath, text) in files {
            let url = URL(fileURLWithPath: path + "/" + relativePath)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ relativePath: String) -> String { path + "/" + relativePath }
}

/// The problems a load reported, as `line:column message` per file, for compact expectations.
func problems(of failure: SchemaLoadFailure, in file: String) -> [String] {
    failure.errors.filter { $0.location.file == file }.map { "\($0.location.line):\($0.location.column) \($0.message)" }
}

@Suite("Code table loader")
struct CodeTableLoaderTests {
    static let statusTable = """
        table: shelter_status
        label: 工程状态
        description: Whether a shelter is in use.
        entries:
          - code: IN_USE
            label: 在用
            aliases: [使用中]
            history:
              - {change: "renamed from USING", since: "2021"}
          - {code: BUILDING, label: 在建}
          - {code: DISABLED, label: 停用, retired: [CLOSED]}
        """

    static let provinceStatusTable = """
        table: province.zt
        label: 状态
        platform: province
        canonical_table: shelter_status
        entries:
          - {code: 1, label: 在用, canonical: IN_USE}
          - {code: "2", label: 在建, canonical: BUILDING}
          - {code: 03, label: 停用, canonical: [DISABLED]}
        """

    @Test("a canonical table and a platform table load with every column, in file order")
    func loadsTables() throws {
        let directory = try ScratchDirectory([
            "shelter_status.yaml": Self.statusTable, "province/zt.yaml": Self.provinceStatusTable,
        ])
        let tables = try CodeTableLoader.load(directory: directory.path)
        #expect(tables.names == ["province.zt", "shelter_status"])
        let status = try #require(tables["shelter_status"])
        #expect(status.codes == ["IN_USE", "BUILDING", "DISABLED"])
        #expect(status.platform == nil)
        #expect(status.entries[0].aliases == ["使用中"])
        #expect(status.entries[0].history == [CodeHistoryNote(change: "renamed from USING", since: "2021")])
        #expect(status.entries[2].retired == ["CLOSED"])
        #expect(status.entries[0].mark?.line == 5)
        let zt = try #require(tables["province.zt"])
        #expect(zt.platform == "province")
        #expect(zt.canonicalTable == "shelter_status")
        #expect(zt.entries.map(\.canonical) == [["IN_USE"], ["BUILDING"], ["DISABLED"]])
    }

    @Test("codes keep their exact text, whether quoted or read by YAML as numbers")
    func codesKeepTheirText() throws {
        let directory = try ScratchDirectory([
            "shelter_status.yaml": Self.statusTable, "province/zt.yaml": Self.provinceStatusTable,
        ])
        let zt = try #require(try CodeTableLoader.load(directory: directory.path)["province.zt"])
        #expect(zt.codes == ["1", "2", "03"])
    }

    @Test("duplicate codes, an alias that is another entry's code, and an unknown key are each reported where written")
    func tableProblems() throws {
        let directory = try ScratchDirectory(["protection_class.yaml": """
            table: protection_class
            label: 抗力级别
            entries:
              - {code: H5, label: 核5级}
              - {code: H6, label: 核6级, aliases: [核六级, H5]}
              - {code: H5, label: 核5B级}
              - {code: C5, label: 常5级, alias: [常五级]}
              - {code: C6, label: 核6级}
            """])
        let failure = try #require(throws: SchemaLoadFailure.self) { try CodeTableLoader.load(directory: directory.path) }
        #expect(problems(of: failure, in: directory.file("protection_class.yaml")) == [
            #"5:43 alias "H5" of H6 is already the code of H5 (line 4, column 12); a text may stand for one code only"#,
            #"6:12 duplicate code "H5" (first at line 4, column 12); codes must be unique within a table"#,
            #"7:28 a code table entry has no key "alias"; did you mean "aliases"? allowed: aliases, canonical, code, history, label, retired"#,
            #"8:23 label "核6级" of C6 is already the label of H6 (line 5, column 23); a text may stand for one code only"#,
        ])
    }

    @Test("every problem of every file is reported in one failure, with file:line:col and the line")
    func allProblemsAtOnce() throws {
        let directory = try ScratchDirectory([
            "a.yaml": "table: a\nlabel: A\nentries: [{code: X}]\n",
            "b.yaml": "table: bee\nlabel: B\nentries: []\ncolour: red\n",
        ])
        let failure = try #require(throws: SchemaLoadFailure.self) { try CodeTableLoader.load(directory: directory.path) }
        #expect(problems(of: failure, in: directory.file("a.yaml")) == [#"3:11 a code table entry needs "label""#])
        #expect(problems(of: failure, in: directory.file("b.yaml")) == [
            #"4:1 a code table has no key "colour"; allowed: canonical_table, description, entries, label, platform, table"#,
            #"1:8 the table in b.yaml must be named "b", not "bee"; rename the table or move the file"#,
        ])
        #expect(failure.description.contains(directory.file("b.yaml") + ":4:1: "))
        #expect(failure.description.contains("\n  colour: red\n  ^"))
        #expect(failure.exitStatus == .invalidInput)
    }

    @Test("two tables with one name are refused")
    func duplicateTableNames() throws {
        let directory = try ScratchDirectory([
            "door_state.yaml": "table: door_state\nlabel: 门磁\nentries: [{code: OPEN, label: 开启}]\n",
            "door_state.yml": "table: door_state\nlabel: 门磁\nentries: [{code: CLOSED, label: 关闭}]\n",
        ])
        let failure = try #require(throws: SchemaLoadFailure.self) { try CodeTableLoader.load(directory: directory.path) }
        #expect(failure.errors.map(\.message) == [
            "duplicate table name \"door_state\" (first in \(directory.file("door_state.yaml")):1:8); rename or remove one",
        ])
    }

    @Test("a canonical code that is not in canonical_table, or that two platform codes claim, is refused")
    func canonicalCodesExist() throws {
        let directory = try ScratchDirectory([
            "shelter_status.yaml": Self.statusTable,
            "city/status.yaml": """
                table: city.status
                label: 状态
                platform: city
                canonical_table: shelter_status
                entries:
                  - {code: IN_USE, label: 在用, canonical: IN_USE}
                  - {code: BUILT, label: 在建, canonical: BUILT}
                  - {code: USING, label: 使用, canonical: IN_USE}
                """,
        ])
        let failure = try #require(throws: SchemaLoadFailure.self) { try CodeTableLoader.load(directory: directory.path) }
        #expect(problems(of: failure, in: directory.file("city/status.yaml")) == [
            #"8:41 canonical code "IN_USE" already has the platform code IN_USE (line 6); each canonical code may have one"#,
            #"7:41 canonical code "BUILT" is not a code of table shelter_status; its codes are IN_USE, BUILDING, DISABLED"#,
        ])
    }

    @Test("a platform table must say its platform, and canonical codes need canonical_table")
    func platformKeys() throws {
        let directory = try ScratchDirectory([
            "city/level.yaml": "table: city.level\nlabel: 等级\nentries: [{code: \"1\", label: 特别重大, canonical: I}]\n",
            "event_level.yaml": "table: event_level\nlabel: 等级\nplatform: city\nentries: [{code: I, label: 特别重大}]\n",
        ])
        let failure = try #require(throws: SchemaLoadFailure.self) { try CodeTableLoader.load(directory: directory.path) }
        #expect(problems(of: failure, in: directory.file("city/level.yaml")) == [
            "1:1 a table under city/ is that platform's code list; add platform: city",
            "3:47 canonical codes need canonical_table at the top of the file, naming the table they belong to",
        ])
        #expect(problems(of: failure, in: directory.file("event_level.yaml")) == [
            "3:11 platform city is for tables under city/; move the file there or remove the key",
        ])
    }

    @Test("a missing directory is reported as such")
    func missingDirectory() throws {
        let failure = try #require(throws: SchemaLoadFailure.self) { try CodeTableLoader.load(directory: "/nonexistent/codes") }
        #expect(failure.errors.first?.code == .fileUnreadable)
        #expect(failure.description.hasPrefix("/nonexistent/codes: cannot read the file: it does not exist"))
    }
}
