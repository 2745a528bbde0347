import Foundation
import HuitongCore
import HuitongTestSupport
import HuitongYAML
import Testing
@testable import HuitongMapping

/// Common ground for the mapping-language tests (YAML → compiled mapping → outcomes): the real
/// schema, a probe schema with one unconstrained optional field of every type, a fixed clock,
/// and one-field mappings built from a list of steps.
enum MappingTestSupport {
    /// The repository's schema and code tables, loaded once.
    static let realSchema = Result { () throws(SchemaLoadFailure) in
        try SchemaLoader.load(mappings: MappingsDirectory(path: RepositoryPaths.mappings))
    }

    /// One entity, `probe`, whose only required parameter is `id`; every other parameter is
    /// optional and unconstrained, so a step's result reaches the output as the step made it.
    /// The code tables are the repository's.
    static let probeEntity = """
        entity: probe
        label: 探针
        description: One unconstrained optional parameter of every type, for step tests.
        key: [id]
        parameters:
          id: {label: 编号, type: string, required: true}
          text: {label: 文本, type: string, required: false}
          note: {label: 备注, type: string, required: false}
          amount: {label: 数量, type: decimal, required: false}
          count: {label: 个数, type: integer, required: false}
          flag: {label: 标志, type: boolean, required: false}
          day: {label: 日期, type: date, required: false}
          instant: {label: 时间, type: datetime, required: false}
          ended: {label: 结束时间, type: datetime, required: false}
          place: {label: 位置, type: point, required: false}
          zone: {label: 区域, type: area, required: false}
          district: {label: 行政区划, type: code, codes: district, required: false}
        """

    static let probeSchema = Result { () throws -> Schema in
        let directory = NSTemporaryDirectory() + "huitong-mapping-probe-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "version: \"1.0\"\nlabel: 探针\nentities: [probe]\n"
            .write(toFile: directory + "/schema.yaml", atomically: true, encoding: .utf8)
        try probeEntity.write(toFile: directory + "/probe.yaml", atomically: true, encoding: .utf8)
        return try SchemaLoader.load(
            schemaDirectory: directory, codesDirectory: MappingsDirectory(path: RepositoryPaths.mappings).codesDirectory
        )
    }

    /// The first seven lines of every probe mapping; a test's `fields:` starts on line 8.
    static let probeHeader = """
        mapping: probe
        kind: source
        version: 1
        input:
          fields: {id: string, v: string, n: integer, a: string, b: string, gps: object, x: any}
        output:
          entity: probe
        """

    /// "Now" in every test: 2026-12-01 10:00 Beijing time.
    static let now = Timestamp(millisecondsSinceEpoch: 1_796_090_400_000)

    static func context(testMode: Bool = false) -> MappingContext {
        MappingContext(testMode: testMode, clock: FixedWallClock(now))
    }

    static func run(testMode: Bool = false) -> MappingRun {
        MappingRun(context: context(testMode: testMode))
    }

    /// Compiles mapping text against the real schema.
    static func compileReal(_ text: String, fileName: String = "real.yaml") throws -> CompiledMapping {
        try MappingCompiler(schema: realSchema.get()).compile(text: text, fileName: fileName)
    }

    /// Compiles mapping text against the probe schema.
    static func compileProbe(_ text: String, fileName: String = "probe.yaml") throws -> CompiledMapping {
        try MappingCompiler(schema: probeSchema.get()).compile(text: text, fileName: fileName)
    }

    /// The errors compiling `text` against the probe schema, as `line:column message`; records
    /// an issue when the text compiles.
    static func errors(
        compiling text: String, fileName: String = "broken.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [String] {
        let compiler = MappingCompiler(schema: try probeSchema.get())
        do {
            _ = try compiler.compile(text: text, fileName: fileName)
            Issue.record("the mapping compiled, but errors were expected", sourceLocation: sourceLocation)
            return []
        } catch {
            #expect(error.errors.allSatisfy { $0.location.file == fileName }, sourceLocation: sourceLocation)
            return error.errors.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        }
    }

    /// A probe mapping with `fields` (YAML lines indented under `fields:`) after `id`.
    static func probeMapping(fields: String, extra: String = "") -> String {
        """
        \(probeHeader)
        fields:
          id: {from: id}
        \(indent(fields, by: 2))
        \(extra)
        """
    }

    static func indent(_ text: String, by count: Int) -> String {
        let padding = String(repeating: " ", count: count)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : padding + $0 }.joined(separator: "\n")
    }
}

/// A test expected another outcome.
struct UnexpectedOutcome: Error, CustomStringConvertible {
    let description: String
}

extension MappingOutcome {
    /// The output record; throws unless the outcome is `mapped`.
    func record() throws -> OrderedObject {
        guard case let .mapped(record, _) = self else { throw UnexpectedOutcome(description: "expected mapped, got \(self)") }
        return record
    }

    /// The reasons; throws unless the outcome is `setAside`.
    func reasons() throws -> [MappingIssue] {
        guard case let .setAside(reasons, _) = self else { throw UnexpectedOutcome(description: "expected set aside, got \(self)") }
        return reasons
    }

    /// The skip reason; throws unless the outcome is `skipped`.
    func skipReason() throws -> String {
        guard case let .skipped(reason) = self else { throw UnexpectedOutcome(description: "expected skipped, got \(self)") }
        return reason
    }
}

/// One output field of the probe entity made from input `v` (or the `from` given) by `steps`:
/// the unit the step tests run values through.
struct StepProbe {
    let mapping: CompiledMapping
    let field: String

    /// - Parameters:
    ///   - field: the probe parameter the steps end in (`text`, `amount`, `place` …).
    ///   - from: the `from:` of the field, as YAML (`v`, `[a, b]`).
    ///   - steps: the step list as YAML block lines (`- trim`), or nil for none.
    ///   - extra: top-level keys after `fields` (`text: {trim: false}`).
    init(_ field: String, from: String = "v", steps: String?, extra: String = "") throws {
        mapping = try MappingTestSupport.compileProbe(Self.text(field, from: from, steps: steps, extra: extra))
        self.field = field
    }

    /// The probe mapping's text. The field's name is on line 10, `from` on 11, `steps:` on 12
    /// and the first step on line 13, column 9.
    static func text(_ field: String, from: String = "v", steps: String?, extra: String = "") -> String {
        var lines = "\(field):\n  from: \(from)\n"
        if let steps { lines += "  steps:\n" + MappingTestSupport.indent(steps, by: 4) + "\n" }
        return MappingTestSupport.probeMapping(fields: lines, extra: extra)
    }

    /// The load errors of a probe mapping, as `line:column message`.
    static func errors(
        _ field: String, from: String = "v", steps: String?, extra: String = "",
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [String] {
        try MappingTestSupport.errors(compiling: text(field, from: from, steps: steps, extra: extra), sourceLocation: sourceLocation)
    }

    func outcome(_ record: OrderedObject, run: inout MappingRun) -> MappingOutcome {
        var record = record
        if record["id"] == nil { record["id"] = "P-1" }
        return mapping.map(record, run: &run)
    }

    /// What the field became for the input `v`; nil when it was left out. Throws unless mapped.
    func value(_ input: Value) throws -> Value? {
        try value(record: ["v": input])
    }

    func value(record: OrderedObject) throws -> Value? {
        var run = MappingTestSupport.run()
        return try outcome(record, run: &run).record()[field]
    }

    /// The single reason the record was set aside for the input `v`. Throws unless set aside.
    func failure(_ input: Value) throws -> MappingIssue {
        try failure(record: ["v": input])
    }

    func failure(record: OrderedObject) throws -> MappingIssue {
        var run = MappingTestSupport.run()
        let reasons = try outcome(record, run: &run).reasons()
        guard reasons.count == 1 else { throw UnexpectedOutcome(description: "expected one reason, got \(reasons)") }
        return reasons[0]
    }
}

/// The published GCJ-02 and BD-09 formulas (mapping agreement, "Datum conversions"), written
/// out again here from the agreement's constants so the language's `datum` step is checked
/// against an independent computation, not against itself.
enum ReferenceDatum {
    static let a = 6_378_245.0
    static let ee = 0.00669342162296594323
    static let xPi = Double.pi * 3000.0 / 180.0

    static func gcj02(fromWGS84 lon: Double, _ lat: Double) -> (lon: Double, lat: Double) {
        let x = lon - 105.0, y = lat - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLon += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLon += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLon += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = lat / 180.0 * .pi
        let magic = 1 - ee * sin(radLat) * sin(radLat)
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (lon + dLon, lat + dLat)
    }

    static func gcj02(fromBD09 lon: Double, _ lat: Double) -> (lon: Double, lat: Double) {
        let x = lon - 0.0065, y = lat - 0.006
        let z = sqrt(x * x + y * y) - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return (z * cos(theta), z * sin(theta))
    }

    /// WGS-84 from GCJ-02 by fixed-point iteration to 1e-12°.
    static func wgs84(fromGCJ02 lon: Double, _ lat: Double) -> (lon: Double, lat: Double) {
        var guess = (lon: lon, lat: lat)
        for _ in 0..<50 {
            let shifted = gcj02(fromWGS84: guess.lon, guess.lat)
            let (dLon, dLat) = (shifted.lon - lon, shifted.lat - lat)
            guess = (guess.lon - dLon, guess.lat - dLat)
            if abs(dLon) < 1e-12 && abs(dLat) < 1e-12 { break }
        }
        return guess
    }

    static func wgs84(fromBD09 lon: Double, _ lat: Double) -> (lon: Double, lat: Double) {
        let gcj = gcj02(fromBD09: lon, lat)
        return wgs84(fromGCJ02: gcj.lon, gcj.lat)
    }

    /// Whether `value` is a point within `tolerance` degrees of `expected` in both coordinates.
    static func isPoint(_ value: Value?, near expected: (lon: Double, lat: Double), tolerance: Double = 1e-6) -> Bool {
        guard let lon = value?["lon"]?.doubleValue, let lat = value?["lat"]?.doubleValue else { return false }
        return abs(lon - expected.lon) <= tolerance && abs(lat - expected.lat) <= tolerance
    }
}

/// The real shelter-registry mapping and hand-written registry rows for it.
enum ShelterRegistry {
    static let path = RepositoryPaths.path("mappings/sources/shelter-registry.yaml")

    static var text: String {
        get throws { try String(contentsOfFile: path, encoding: .utf8) }
    }

    /// The mapping as shipped.
    static let mapping = Result { () throws -> CompiledMapping in
        try MappingCompiler(schema: MappingTestSupport.realSchema.get()).compile(path: path)
    }

    /// The shipped mapping with one piece of its text replaced (which must occur exactly once).
    static func mapping(replacing original: String, with replacement: String) throws -> CompiledMapping {
        let text = try text
        guard text.components(separatedBy: original).count == 2 else {
            throw UnexpectedOutcome(description: "\"\(original)\" does not occur exactly once in the shelter mapping")
        }
        return try MappingTestSupport.compileReal(text.replacingOccurrences(of: original, with: replacement), fileName: "shelter-variant.yaml")
    }

    /// A row every rule of the agreement accepts, as the registry export gives it (all text).
    static let row: OrderedObject = [
        "工程编号": "320613-RF-0042", "工程名称": "濠河人防工程", "所属区县": "崇川区", "详细地址": "南通市崇川区濠河路1号",
        "经度": "120.9035", "纬度": "31.9862", "建筑面积": "3,315.5㎡", "防护等级": "核6级", "战时用途": "二等人员掩蔽所",
        "平时用途": "停车", "掩蔽人数": "1200", "停车位": "86个", "充电桩": "12", "竣工时间": "2019-07-01",
        "维护单位": "南通市人防办", "统一社会信用代码": "91350100M000100Y43", "状态": "在用", "更新时间": "2026-11-28 09:30:00",
    ]

    /// `row` with some columns changed; `nil` removes a column.
    static func row(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        var record = row
        for (key, value) in changes {
            if let value { record[key] = value } else { _ = record.removeValue(forKey: key) }
        }
        return record
    }

    static func map(_ record: OrderedObject, with mapping: CompiledMapping? = nil) throws -> MappingOutcome {
        var run = MappingTestSupport.run()
        return try (mapping ?? self.mapping.get()).map(record, run: &run)
    }
}
