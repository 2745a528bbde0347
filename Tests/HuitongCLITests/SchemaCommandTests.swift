import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

@Suite("huitong schema")
struct SchemaCommandTests {
    static let mappings = ["--mappings", RepositoryPaths.mappings]

    @Test("the Markdown dictionary shows the version, every entity, every parameter's label and every code list")
    func markdownMentionsEverything() async throws {
        let result = await runHuitong(["schema"] + Self.mappings)
        #expect(result.status == .success, "\(result.errors)")
        let text = result.output
        #expect(text.hasPrefix("# 规范统一信息参数 (schema 1.0)"))
        #expect(text.contains("content hash `sha256:"))
        for heading in ["## shelter — 人防工程", "## siren — 警报器", "## siren_test — 警报试鸣", "## command_facility — 指挥设施",
                        "## rescue_team — 人防专业队", "## incident — 事件/预警", "## sensor_reading — 工程环境监测"] {
            #expect(text.contains(heading), "\(heading)")
        }
        #expect(text.contains("| parameter | 中文标签 | type | unit | required | constraints | description |"))
        #expect(text.contains("| `floor_area` | 建筑面积 | decimal | m² | yes | `> 0`; `at most 2 decimals` |"))
        #expect(text.contains("| `mobile` | 联系电话 | string |  | yes | `pattern ^1[3-9][0-9]{9}$` |"))
        for label in ["工程编码", "抗力级别", "维护单位统一社会信用代码", "试鸣日期", "通信状态", "组建日期", "预警区域", "中心位置",
                      "事件等级", "相对湿度", "门磁状态"] {
            #expect(text.contains("| \(label) |"), "\(label)")
        }
        for list in ["`district` — 行政区划", "`protection_class` — 抗力级别", "`wartime_function` — 战时功能", "`team_type` — 队伍类型",
                     "`cap_certainty` — CAP 确定程度", "`event_level` — 事件等级", "`door_state` — 门磁状态"] {
            #expect(text.contains("#### \(list)"), "\(list)")
        }
        #expect(text.contains("- `320613` — 崇川区 (aliases: 港闸区; retired codes: 320602, 320611)"))
        #expect(text.contains("- `H6` — 核6级 (aliases: 核六级, 核6)"))
    }

    @Test("one entity prints alone, with its code lists and no other entity")
    func oneEntity() async {
        let result = await runHuitong(["schema", "rescue_team"] + Self.mappings)
        #expect(result.status == .success)
        #expect(result.output.hasPrefix("<a id=\"rescue_team\"></a>\n\n# rescue_team — 人防专业队"))
        #expect(result.output.contains("`RESCUE_REPAIR` — 抢险抢修"))
        #expect(!result.output.contains("shelter_status"))
    }

    @Test("an unknown entity exits 3 naming the entities the schema has")
    func unknownEntity() async {
        let result = await runHuitong(["schema", "shelters"] + Self.mappings)
        #expect(result.status == .invalidInput)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains(#"unknown entity "shelters"; the schema defines shelter, siren, siren_test, command_facility, rescue_team, incident, sensor_reading."#))
        #expect(result.errors.contains("Did you mean shelter?"))
    }

    @Test("a mappings directory without a schema exits 3 with the file it looked for")
    func missingMappings() async {
        let result = await runHuitong(["schema", "--mappings", "/nonexistent/mappings"])
        #expect(result.status == .invalidInput)
        #expect(result.errors.contains("/nonexistent/mappings/schema/schema.yaml: cannot read the file: it does not exist"))
    }

    @Test("an unknown format is a usage error listing the formats")
    func unknownFormat() async {
        let result = await runHuitong(["schema", "--format", "yaml"] + Self.mappings)
        #expect(result.status == .usage)
        #expect(result.errors.contains("markdown, json-schema"))
    }

    @Test("--help describes the command from its spec")
    func help() async {
        let result = await runHuitong(["schema", "--help"])
        #expect(result.status == .success)
        #expect(result.output.hasPrefix("Usage: huitong schema [options] [ENTITY]"))
        #expect(result.output.contains("--format FORMAT"))
        #expect(result.output.contains("--mappings DIR"))
    }

    @Test("json-schema is draft 2020-12 JSON with every entity under $defs")
    func jsonSchemaDocument() async throws {
        let result = await runHuitong(["schema", "--format", "json-schema"] + Self.mappings)
        #expect(result.status == .success)
        let document = try JSONReader().value(from: result.output)
        #expect(document["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(document["$id"] == "urn:huitong:schema:1.0")
        let definitions = try #require(document["$defs"]?.objectValue)
        #expect(definitions.keys == ["shelter", "siren", "siren_test", "command_facility", "rescue_team", "incident", "sensor_reading"])
        let shelter = try #require(definitions["shelter"])
        #expect(shelter["additionalProperties"] == false)
        #expect(shelter["properties"]?["floor_area"]?["exclusiveMinimum"] == 0)
        #expect(shelter["properties"]?["status"]?["enum"] == ["IN_USE", "BUILDING", "DISABLED"])
        #expect(shelter["properties"]?["updated_at"]?["format"] == "date-time")
        #expect(shelter["properties"]?["completion_date"]?["format"] == "date")
        #expect(shelter["required"]?.arrayValue?.contains("floor_area") == true)
        #expect(shelter["required"]?.arrayValue?.contains("address") == false)
    }

    @Test("each entity's JSON Schema is valid draft 2020-12 and accepts and refuses sample records as the schema says (Python jsonschema)")
    func validatesWithPythonJSONSchema() async throws {
        try PythonJSONSchema.requireAvailable()
        let directory = NSTemporaryDirectory() + "huitong-schema-command-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let whole = await runHuitong(["schema", "--format", "json-schema"] + Self.mappings)
        try whole.output.write(toFile: directory + "/schema.json", atomically: true, encoding: .utf8)
        for entity in SchemaSamples.entities {
            let result = await runHuitong(["schema", "--format", "json-schema", entity] + Self.mappings)
            #expect(result.status == .success)
            try result.output.write(toFile: "\(directory)/\(entity).json", atomically: true, encoding: .utf8)
        }
        try SchemaSamples.json.write(toFile: directory + "/samples.json", atomically: true, encoding: .utf8)
        let run = try PythonJSONSchema.run(PythonJSONSchema.checkScript, arguments: [directory])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.output.contains("checked 7 entity schemas, the whole document, and 14 samples"), "\(run.output)")
    }
}

/// Runs Python's `jsonschema` (4.x), the reference validator the other parties use.
enum PythonJSONSchema {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// Fails the test with instructions when python3 or jsonschema is missing, rather than passing silently.
    static func requireAvailable() throws {
        let probe: (status: Int32, output: String, errors: String)
        do {
            probe = try run("import jsonschema; jsonschema.Draft202012Validator", arguments: [])
        } catch {
            throw Unavailable(description: "python3 could not be started (\(error)); install Python 3 and run `pip install jsonschema`")
        }
        guard probe.status != 127 else {
            throw Unavailable(description: "python3 is not on PATH; install Python 3 and run `pip install jsonschema`")
        }
        guard probe.status == 0 else {
            throw Unavailable(description: "python3 has no usable jsonschema (\(probe.errors.suffix(300))); run `pip install jsonschema`")
        }
    }

    static func run(_ script: String, arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// Checks each schema with `check_schema`, then validates every sample against its entity's
    /// document and the whole document; prints what disagreed and exits 1 if anything did.
    static let checkScript = #"""
    import json, sys
    from jsonschema import Draft202012Validator
    directory = sys.argv[1]
    whole = json.load(open(directory + "/schema.json"))
    Draft202012Validator.check_schema(whole)
    whole_validator = Draft202012Validator(whole)
    samples = json.load(open(directory + "/samples.json"))
    failures, entities = [], set()
    for sample in samples:
        entity = sample["entity"]
        schema = json.load(open(directory + "/" + entity + ".json"))
        if entity not in entities:
            Draft202012Validator.check_schema(schema)
            entities.add(entity)
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(sample["record"])]
        if sample["valid"] and errors:
            failures.append(f"{entity}: a valid sample was refused: {errors}")
        if not sample["valid"] and not errors:
            failures.append(f"{entity}: an invalid sample ({sample['why']}) was accepted")
        if whole_validator.is_valid(sample["record"]) != sample["valid"]:
            failures.append(f"{entity}: the whole document disagrees on the sample ({sample.get('why', 'valid')})")
    for failure in failures:
        print(failure)
    print(f"checked {len(entities)} entity schemas, the whole document, and {len(samples)} samples")
    sys.exit(1 if failures else 0)
    """#
}

/// One valid and one invalid record per entity, written by hand from the contracts, each
/// invalid one wrong in a single way (`why`).
enum SchemaSamples {
    static let entities = ["shelter", "siren", "siren_test", "command_facility", "rescue_team", "incident", "sensor_reading"]

    static let json = #"""
    [
      {"entity": "shelter", "valid": true, "record": {
        "id": "320613-RF-0042", "name": "文峰公园地下人防工程", "district": "320613", "address": "崇川区工农路1号",
        "location": {"lon": 120.894123, "lat": 31.981234}, "floor_area": 3315.5, "protection_class": "H6",
        "wartime_function": "PERSONNEL_2", "peacetime_use": "PARKING", "capacity": 1200, "parking_spaces": 86,
        "charging_piles": 12, "completion_date": "2019-07-01", "maintainer": "南通市人防工程维护中心",
        "maintainer_credit_code": "91320602MA1MB2Y45K", "status": "IN_USE", "updated_at": "2026-11-28T09:30:00+08:00"}},
      {"entity": "shelter", "valid": false, "why": "a label instead of the code", "record": {
        "id": "320613-RF-0043", "name": "某地下室", "district": "320613", "location": {"lon": 120.9, "lat": 31.98},
        "floor_area": 800, "protection_class": "核6级", "wartime_function": "MEDICAL", "status": "BUILDING",
        "updated_at": "2026-11-28T09:30:00+08:00"}},
      {"entity": "siren", "valid": true, "record": {
        "id": "JB-320612-007", "name": "通州区政府警报器", "district": "320612", "location": {"lon": 121.07, "lat": 32.06},
        "siren_type": "ELECTROACOUSTIC", "last_test_at": "2026-09-18T10:00:00+08:00", "last_test_result": "NORMAL"}},
      {"entity": "siren", "valid": false, "why": "a retired district code", "record": {
        "id": "JB-320611-001", "district": "320611", "location": {"lon": 120.8, "lat": 32.05},
        "siren_type": "ELECTRIC", "last_test_at": "2026-09-18T10:00:00+08:00", "last_test_result": "NORMAL"}},
      {"entity": "siren_test", "valid": true, "record": {
        "siren_id": "JB-320612-007", "siren_name": "通州区政府警报器", "district": "320612",
        "location": {"lon": 121.07, "lat": 32.06}, "siren_type": "ELECTRIC", "tested_at": "2026-09-18T10:00:00+08:00",
        "test_date": "2026-09-18", "result": "FAULT", "fault_description": "功放故障"}},
      {"entity": "siren_test", "valid": false, "why": "a wall time without an offset", "record": {
        "siren_id": "JB-320612-007", "district": "320612", "location": {"lon": 121.07, "lat": 32.06},
        "siren_type": "ELECTRIC", "tested_at": "2026-09-18 10:00:00", "test_date": "2026-09-18", "result": "NORMAL"}},
      {"entity": "command_facility", "valid": true, "record": {
        "id": "ZH-320600-02", "name": "市人防机动指挥车", "facility_type": "MOBILE", "district": "320613",
        "comm_state": "DEGRADED", "readiness": "STANDBY", "updated_at": "2026-11-28T01:12:00Z"}},
      {"entity": "command_facility", "valid": false, "why": "an absent optional parameter written as null", "record": {
        "id": "ZH-320600-02", "name": "市人防机动指挥车", "facility_type": "MOBILE", "district": "320613", "location": null,
        "comm_state": "DOWN", "readiness": "STANDBY", "updated_at": "2026-11-28T09:12:00+08:00"}},
      {"entity": "rescue_team", "valid": true, "record": {
        "id": "ZYD-320613-03", "name": "崇川区人防抢险抢修专业队", "team_type": "RESCUE_REPAIR", "district": "320613",
        "members": 36, "leader": "张伟", "mobile": "13812345678", "founded": "2021-05-12"}},
      {"entity": "rescue_team", "valid": false, "why": "a masked mobile number", "record": {
        "id": "ZYD-320613-04", "name": "崇川区人防医疗救护专业队", "team_type": "MEDICAL", "district": "320613",
        "members": 20, "leader": "李娜", "mobile": "138****5678"}},
      {"entity": "incident", "valid": true, "record": {
        "id": "NT-QX-2026-0720-01", "sender": "yjfb@nantong.example", "sent": "2026-07-20T08:00:00+08:00",
        "status": "Actual", "msg_type": "Alert", "event": "暴雨红色预警", "category": "Met", "severity": "Extreme",
        "urgency": "Immediate", "certainty": "Likely", "onset": "2026-07-20T08:00:00+08:00",
        "headline": "南通市气象台发布暴雨红色预警", "description": "预计未来3小时崇川区降雨量将达100毫米以上。",
        "area_description": "崇川区", "area": {"type": "polygon", "points": [
          {"lon": 120.85, "lat": 31.95}, {"lon": 120.95, "lat": 31.95}, {"lon": 120.95, "lat": 32.05},
          {"lon": 120.85, "lat": 31.95}]},
        "location": {"lon": 120.916667, "lat": 31.983333}, "district": "320613", "event_type": "FLOOD", "level": "I"}},
      {"entity": "incident", "valid": false, "why": "a field the schema does not have", "record": {
        "id": "NT-QX-2026-0720-02", "sender": "yjfb@nantong.example", "sent": "2026-07-20T09:00:00+08:00",
        "status": "Exercise", "msg_type": "Update", "event": "台风蓝色预警", "category": "Met", "severity": "Minor",
        "urgency": "Expected", "certainty": "Possible", "onset": "2026-07-20T09:00:00+08:00", "area_description": "全市",
        "area": {"type": "circle", "center": {"lon": 120.89, "lat": 31.98}, "radius_km": 50},
        "location": {"lon": 120.89, "lat": 31.98}, "event_type": "TYPHOON", "level": "IV", "source": "RF"}},
      {"entity": "sensor_reading", "valid": true, "record": {
        "sensor_id": "S-320613-0042-01", "shelter_id": "320613-RF-0042", "measured_at": "2026-11-29T09:30:00+08:00",
        "temperature": 18.4, "humidity": 72.5, "water_alarm": false, "door": "CLOSED"}},
      {"entity": "sensor_reading", "valid": false, "why": "humidity above 100 %RH", "record": {
        "sensor_id": "S-320613-0042-01", "shelter_id": "320613-RF-0042", "measured_at": "2026-11-29T09:31:00+08:00",
        "humidity": 101.0, "water_alarm": true}}
    ]
    """#
}
