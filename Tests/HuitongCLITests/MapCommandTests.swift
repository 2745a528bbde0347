import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// `huitong map`: the shipped shelter mapping previewed on small JSON Lines files.
@Suite("huitong map")
struct MapCommandTests {
    static let mapping = RepositoryPaths.path("mappings/sources/shelter-registry.yaml")

    /// A registry row every rule accepts.
    static let row: OrderedObject = [
        "工程编号": "320613-RF-0042", "工程名称": "濠河人防工程", "所属区县": "崇川区", "详细地址": "南通市崇川区濠河路1号",
        "经度": "120.9035", "纬度": "31.9862", "建筑面积": "0.33万㎡", "防护等级": "核六级", "战时用途": "二等人员掩蔽所",
        "平时用途": "停车", "掩蔽人数": "1200", "停车位": "86个", "充电桩": "12", "竣工时间": "2019年7月1日",
        "维护单位": "南通市人防办", "统一社会信用代码": "91350100M000100Y43", "状态": "在用", "更新时间": "2026/11/28 9:30",
    ]

    static func row(_ changes: KeyValuePairs<String, Value>) -> OrderedObject {
        var record = row
        for (key, value) in changes { record[key] = value }
        return record
    }

    /// Writes the rows as JSON Lines into a fresh directory and runs `map` on them.
    static func map(_ rows: [OrderedObject], _ options: [String] = []) async throws -> (status: HuitongCore.ExitStatus, output: String, path: String) {
        let directory = NSTemporaryDirectory() + "huitong-map-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/registry.jsonl"
        let lines = try rows.map { try JSONWriter().string(for: .object($0)) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = await runHuitong(["map", "--mappings", RepositoryPaths.mappings, "-m", mapping, "-i", path] + options)
        #expect(result.errors.isEmpty)
        return (result.status, result.output, path)
    }

    static let mixed: [OrderedObject] = [
        row,
        row(["工程编号": "320612-RF-0007", "所属区县": "南京市", "防护等级": "核7级"]),
        row(["工程编号": "320614-RF-0001", "所属区县": "海门市", "平时用途": "养殖"]),
        row(["工程编号": "320681-RF-0002", "所属区县": "启东市", "防护等级": "核7级"]),
    ]

    @Test("every record mapped: exit 0 and a summary with the counts")
    func allMapped() async throws {
        let result = try await Self.map([Self.row, Self.row(["工程编号": "320612-RF-0001", "所属区县": "通州区"])])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.contains("map shelter-registry on \(result.path): 2 records — 2 mapped, 0 set aside, 0 skipped, 0 warnings"))
        #expect(!result.output.contains("unknown in"))
    }

    @Test("each mapped record is a table line with its output as JSON")
    func mappedLine() async throws {
        let result = try await Self.map([Self.row])
        let line = try #require(result.output.split(separator: "\n").first)
        #expect(line.hasPrefix(#"registry.jsonl:1  ok        {"id":"320613-RF-0042","name":"濠河人防工程","district":"320613""#))
        #expect(line.contains(#""floor_area":3300.0,"protection_class":"H6""#))
        #expect(line.contains(#""completion_date":"2019-07-01""#))
        #expect(line.contains(#""updated_at":"2026-11-28T09:30:00+08:00""#))
    }

    @Test("some records set aside: exit 1, reasons on their lines, counts and unknown values in the summary")
    func someSetAside() async throws {
        let result = try await Self.map(Self.mixed)
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(#"registry.jsonl:2  SET ASIDE district: unknown value "南京市" in code table district (value "南京市") [lookup district]"#) })
        #expect(lines.contains { $0.hasPrefix("registry.jsonl:3  ok") })
        #expect(lines.contains { $0.hasPrefix(#"      warning: peacetime_use: unknown value "养殖" in code table peacetime_use"#) })
        #expect(lines.contains("map shelter-registry on \(result.path): 4 records — 2 mapped, 2 set aside, 0 skipped, 1 warnings"))
        #expect(lines.contains(#"  unknown in district: "南京市" ×1"#))
        #expect(lines.contains(#"  unknown in peacetime_use: "养殖" ×1"#))
        #expect(lines.contains(#"  unknown in protection_class: "核7级" ×2"#))
    }

    @Test("a duplicate 工程编号 sets the earlier row aside as duplicate")
    func duplicate() async throws {
        let later = Self.row(["更新时间": "2026-11-28 10:00:00", "工程名称": "新名称"])
        let result = try await Self.map([Self.row, later])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        #expect(result.output.contains("registry.jsonl:1  SET ASIDE id: duplicate: another record with this key wins"))
        #expect(result.output.contains(#"registry.jsonl:2  ok        {"id":"320613-RF-0042","name":"新名称""#))
    }

    @Test("--format jsonl prints one JSON object per record with its outcome")
    func jsonLines() async throws {
        let result = try await Self.map(Self.mixed, ["--format", "jsonl"])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        let objects = try result.output.split(separator: "\n").map { try JSONReader().value(from: String($0)) }
        #expect(objects.map { $0["origin"] } == ["registry.jsonl:1", "registry.jsonl:2", "registry.jsonl:3", "registry.jsonl:4"])
        #expect(objects.map { $0["outcome"] } == ["mapped", "set_aside", "mapped", "set_aside"])
        #expect(objects[0]["record"]?["protection_class"] == "H6")
        #expect(objects[1]["reasons"]?.arrayValue?.map { $0["field"] } == ["district", "protection_class"])
        #expect(objects[1]["reasons"]?[0]?["rule"] == "lookup district")
        #expect(objects[2]["warnings"]?[0]?["field"] == "peacetime_use")
    }

    @Test("--limit shows fewer records but the summary counts them all")
    func limit() async throws {
        let result = try await Self.map(Self.mixed, ["-n", "1"])
        #expect(result.output.contains("… 3 more (use --limit)"))
        #expect(result.output.contains("4 records — 2 mapped, 2 set aside"))
        #expect(!result.output.contains("registry.jsonl:2 "))
    }

    @Test("a record shown within --limit gets its final fate, decided by a duplicate read past the limit")
    func duplicatePastLimit() async throws {
        let later = Self.row(["更新时间": "2026-11-28 10:00:00"])
        let result = try await Self.map([Self.row, Self.row(["工程编号": "320612-RF-0001", "所属区县": "通州区"]), later], ["-n", "1"])
        #expect(result.output.hasPrefix("registry.jsonl:1  SET ASIDE id: duplicate: another record with this key wins"))
        #expect(result.output.contains("… 2 more (use --limit)"))
        #expect(result.output.contains("3 records — 2 mapped, 1 set aside, 0 skipped"))
    }
}
