import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongMapping
import Foundation
import FoundationEssentials

/// One shipped target mapping (`mappings/targets/<platform>/<dataset>.yaml`), compiled against
/// the real schema, with the ways the target tests look at what it makes of a schema record.
struct TargetMapping {
    let mapping: CompiledMapping

    init(_ platform: String, _ dataset: String) throws {
        mapping = try MappingCompiler(schema: MappingTestSupport.realSchema.get())
            .compile(path: Self.path(platform, dataset))
    }

    /// The shipped mapping with one piece of its text replaced (which must occur exactly once),
    /// to show that a rule the shipped steps never let fail still does its work.
    init(_ platform: String, _ dataset: String, replacing original: String, with replacement: String) throws {
        let text = try String(contentsOfFile: Self.path(platform, dataset), encoding: .utf8)
        guard text.components(separatedBy: original).count == 2 else {
            throw UnexpectedOutcome(description: "\"\(original)\" does not occur exactly once in \(platform)/\(dataset).yaml")
        }
        mapping = try MappingTestSupport.compileReal(
            text.replacingOccurrences(of: original, with: replacement), fileName: "\(dataset)-variant.yaml"
        )
    }

    static func path(_ platform: String, _ dataset: String) -> String {
        RepositoryPaths.path("mappings/targets/\(platform)/\(dataset).yaml")
    }

    /// The outcome for one schema record, on 2026-12-01 10:00 Beijing time.
    func outcome(_ record: OrderedObject, testMode: Bool = false) -> MappingOutcome {
        var run = MappingTestSupport.run(testMode: testMode)
        return mapping.map(record, run: &run)
    }

    /// The platform payload; throws unless the record was mapped.
    func payload(_ record: OrderedObject) throws -> OrderedObject {
        try outcome(record).record()
    }

    /// Each reason a record was set aside for, as `field rule: message`; throws unless set aside.
    func reasons(_ record: OrderedObject) throws -> [String] {
        try outcome(record).reasons().map { "\($0.field) \($0.rule): \($0.message)" }
    }

    /// The warnings of a mapped record, as `field rule: message`; throws unless mapped.
    func warnings(_ record: OrderedObject) throws -> [String] {
        let outcome = outcome(record)
        _ = try outcome.record()
        return outcome.warnings.map { "\($0.field) \($0.rule): \($0.message)" }
    }

    /// The output fields the mapping declares, in order.
    var outputFieldNames: [String] { mapping.output.fields.map(\.name) }
}

/// Hand-written schema records, as the source mappings make them: every value canonical,
/// coordinates WGS-84 and unrounded, instants RFC 3339.
enum SchemaRecords {
    /// A record with some parameters changed; `nil` removes a parameter.
    static func changing(_ record: OrderedObject, _ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        var record = record
        for (key, value) in changes {
            if let value { record[key] = value } else { _ = record.removeValue(forKey: key) }
        }
        return record
    }

    static func point(_ lon: Double, _ lat: Double) -> Value {
        ["lon": .double(lon), "lat": .double(lat)]
    }

    /// A shelter with every optional parameter.
    static let shelter: OrderedObject = [
        "id": "320613-RF-0042", "name": "濠河人防工程", "district": "320613", "address": "南通市崇川区濠河路1号",
        "location": point(120.8967891234, 31.9800005), "floor_area": 3315.5, "protection_class": "H6",
        "wartime_function": "PERSONNEL_2", "peacetime_use": "PARKING", "capacity": 1200, "parking_spaces": 86,
        "charging_piles": 12, "completion_date": "2019-07-01", "maintainer": "南通市人防办",
        "maintainer_credit_code": "91350100M000100Y43", "status": "IN_USE", "updated_at": "2026-11-28T09:30:00+08:00",
    ]

    /// A shelter with the required parameters only.
    static let bareShelter: OrderedObject = [
        "id": "320685-RF-0007", "name": "海安人防工程", "district": "320685", "location": point(120.4661, 32.5638),
        "floor_area": 520, "protection_class": "C6", "wartime_function": "OTHER", "status": "BUILDING",
        "updated_at": "2026-01-05T00:00:00+08:00",
    ]

    /// A normal test of a named siren.
    static let normalTest: OrderedObject = [
        "siren_id": "JB-320612-058", "siren_name": "张謇企业家学院楼顶警报点", "district": "320612",
        "location": point(121.141004, 32.14254), "siren_type": "ELECTROACOUSTIC",
        "tested_at": "2026-11-18T10:00:00+08:00", "test_date": "2026-11-18", "result": "NORMAL",
    ]

    /// A faulty test of a siren without a name.
    static let faultTest: OrderedObject = [
        "siren_id": "JB-320614-014", "district": "320614", "location": point(121.121836, 31.936848),
        "siren_type": "MULTIMEDIA", "tested_at": "2026-09-18T10:01:00+08:00", "test_date": "2026-09-18",
        "result": "FAULT", "fault_description": "喇叭无声",
    ]

    /// A team with its founding date.
    static let team: OrderedObject = [
        "id": "ZYD-320613-03", "name": "崇川区人防抢险抢修专业队", "team_type": "RESCUE_REPAIR", "district": "320613",
        "members": 36, "leader": "张伟", "mobile": "13812345678", "founded": "2021-05-12",
    ]

    /// A team without one.
    static let unfoundedTeam: OrderedObject = [
        "id": "ZYD-320681-03", "name": "启东市人防消防专业队", "team_type": "FIREFIGHTING", "district": "320681",
        "members": 34, "leader": "朱强敏", "mobile": "18997990669",
    ]

    /// A fixed command post, its update time written in UTC.
    static let post: OrderedObject = [
        "id": "ZH-320600-01", "name": "市人防指挥所", "facility_type": "FIXED", "district": "320613",
        "location": point(120.894, 31.981), "comm_state": "NORMAL", "readiness": "ON_DUTY",
        "updated_at": "2026-11-28T01:12:00Z",
    ]

    /// A command vehicle out of coverage: no location.
    static let vehicle: OrderedObject = [
        "id": "ZH-320685-01", "name": "第1机动指挥车", "facility_type": "MOBILE", "district": "320685",
        "comm_state": "DEGRADED", "readiness": "MAINTENANCE", "updated_at": "2026-11-28T06:29:00+08:00",
    ]

    /// A reading with every measurement.
    static let reading: OrderedObject = [
        "sensor_id": "S-320613-0042-01", "shelter_id": "320613-RF-0042", "measured_at": "2026-11-29T08:50:00+08:00",
        "temperature": 18.4, "humidity": 72.5, "water_alarm": false, "door": "CLOSED",
    ]

    /// A reading of a faulty sensor without a door contact, reporting water.
    static let faultyReading: OrderedObject = [
        "sensor_id": "S-320681-2790-02", "shelter_id": "320681-RF-2790", "measured_at": "2026-11-29T01:00:00Z",
        "water_alarm": true,
    ]

    /// An alert with a headline, a description and a district.
    static let incident: OrderedObject = [
        "id": "32060041600000000120261120150000", "sender": "nt-weather@example.cn", "sent": "2026-11-20T15:00:00+08:00",
        "status": "Actual", "msg_type": "Alert", "event": "台风蓝色预警", "category": "Met", "severity": "Moderate",
        "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-20T16:00:00+08:00",
        "headline": "南通市气象台发布台风蓝色预警", "description": "台风蓝色预警。请注意防范。", "area_description": "南通市海安市",
        "area": ["type": "circle", "center": point(120.9, 32.0), "radius_km": 5], "location": point(120.9, 32.0),
        "district": "320685", "event_type": "TYPHOON", "level": "III",
    ]

    /// An update without a headline, a description or a district.
    static let bareIncident: OrderedObject = changing(incident, [
        "id": "32060041600000000420261121090000", "msg_type": "Update", "headline": nil, "description": nil,
        "district": nil, "event": "暴雨红色预警", "event_type": "FLOOD", "severity": "Extreme", "level": "I",
    ])
}
