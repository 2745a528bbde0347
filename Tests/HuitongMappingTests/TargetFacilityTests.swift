import HuitongCore
import Testing
@testable import HuitongMapping

/// command_facility → province zhss (mappings/targets/province/zhss.yaml) and city facility
/// (mappings/targets/city/facility.yaml): coordinates required for a fixed post at the
/// province, both or neither at the city.
@Suite("Target mappings: command_facility → province zhss, city facility")
struct TargetFacilityTests {
    static func zhss() throws -> TargetMapping { try TargetMapping("province", "zhss") }
    static func city() throws -> TargetMapping { try TargetMapping("city", "facility") }

    static func post(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        SchemaRecords.changing(SchemaRecords.post, changes)
    }

    // MARK: province zhss

    @Test("zhss: a fixed post becomes the §4.4 record, WGS-84 as is, gxsj in Beijing time")
    func zhssPost() throws {
        #expect(try Self.zhss().payload(SchemaRecords.post) == [
            "ssbm": "ZH-320600-01", "ssmc": "市人防指挥所", "sslx": "GD", "xzqhdm": "320613", "jd": 120.894, "wd": 31.981,
            // 01:12 UTC is 09:12 in Beijing.
            "txzt": "1", "zbzt": "1", "gxsj": "2026-11-28 09:12:00",
        ])
    }

    @Test("zhss: a vehicle out of coverage leaves jd and wd out")
    func zhssVehicle() throws {
        let payload = try Self.zhss().payload(SchemaRecords.vehicle)
        #expect(payload == [
            "ssbm": "ZH-320685-01", "ssmc": "第1机动指挥车", "sslx": "JD", "xzqhdm": "320685", "txzt": "2", "zbzt": "3",
            "gxsj": "2026-11-28 06:29:00",
        ])
        #expect(payload["jd"] == nil && payload["wd"] == nil)
    }

    @Test("zhss: a vehicle in coverage sends its coordinates, rounded to 6 decimals")
    func zhssVehicleWithLocation() throws {
        let vehicle = SchemaRecords.changing(SchemaRecords.vehicle, ["location": SchemaRecords.point(120.46611049, 32.5638354)])
        let payload = try Self.zhss().payload(vehicle)
        #expect(payload["jd"] == 120.46611 && payload["wd"] == 32.563835)
    }

    @Test("zhss: the states map to the province's codes", arguments: [
        ("comm_state", "DOWN", "txzt", "3"), ("readiness", "STANDBY", "zbzt", "2"),
    ])
    func zhssCodes(parameter: String, code: String, field: String, expected: String) throws {
        #expect(try Self.zhss().payload(Self.post([parameter: .string(code)]))[field] == .string(expected))
    }

    @Test("zhss: a fixed post without coordinates is set aside for both")
    func zhssPostNeedsCoordinates() throws {
        #expect(try Self.zhss().reasons(Self.post(["location": nil])) == [
            "jd require: sslx 为 GD (固定指挥所) 时须有 jd 经度 (a fixed command post needs its coordinates)",
            "wd require: sslx 为 GD (固定指挥所) 时须有 wd 纬度 (a fixed command post needs its coordinates)",
        ])
    }

    @Test("zhss: a record the province would refuse is set aside, naming the field", arguments: [
        (["id": nil], "ssbm required: required, but absent"),
        (["name": nil], "ssmc required: required, but absent"),
        (["facility_type": "AIRBORNE"], #"sslx lookup province.sslx: unknown value "AIRBORNE" in code table province.sslx"#),
        (["district": "320602"], #"xzqhdm lookup district: unknown value "320602" in code table district"#),
        (["comm_state": "LOST"], #"txzt lookup province.txzt: unknown value "LOST" in code table province.txzt"#),
        (["readiness": "AWAY"], #"zbzt lookup province.zbzt: unknown value "AWAY" in code table province.zbzt"#),
        (["updated_at": nil], "gxsj required: required, but absent"),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func zhssRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.zhss().reasons(Self.post(changes)) == [reason])
    }

    @Test("zhss: a post outside Jiangsu is set aside for the coordinate, which it then also lacks")
    func zhssPostOutsideJiangsu() throws {
        #expect(try Self.zhss().reasons(Self.post(["location": SchemaRecords.point(121.96, 31.981)])) == [
            "jd zhss.jd: 121.96 is above the maximum 121.95",
            "jd require: sslx 为 GD (固定指挥所) 时须有 jd 经度 (a fixed command post needs its coordinates)",
        ])
        #expect(try Self.zhss().reasons(Self.post(["location": SchemaRecords.point(120.894, 35.3)])).first == "wd zhss.wd: 35.3 is above the maximum 35.2")
    }

    @Test("zhss: a vehicle's coordinates, when present, are still held to Jiangsu")
    func zhssVehicleOutsideJiangsu() throws {
        let vehicle = SchemaRecords.changing(SchemaRecords.vehicle, ["location": SchemaRecords.point(116.2, 31.9)])
        #expect(try Self.zhss().reasons(vehicle) == ["jd zhss.jd: 116.2 is below the minimum 116.3"])
    }

    // MARK: city facility

    @Test("city: a fixed post becomes the §3.4 resource, GCJ-02, updatedAt epoch ms")
    func cityPost() throws {
        #expect(try Self.city().payload(SchemaRecords.post) == [
            "id": "ZH-320600-01", "name": "市人防指挥所", "facilityType": "FIXED",
            // WGS-84 (120.894, 31.981) → GCJ-02 (120.8982158134829, 31.978830068558736), by an independent
            // Python implementation of the published algorithm.
            "lng": 120.898216, "lat": 31.97883,
            "commState": "NORMAL", "readiness": "ON_DUTY",
            // 2026-11-28T01:12:00Z.
            "updatedAt": 1_795_828_320_000,
        ])
    }

    @Test("city: a vehicle out of coverage leaves both lng and lat out")
    func cityVehicle() throws {
        let payload = try Self.city().payload(SchemaRecords.vehicle)
        #expect(payload == [
            "id": "ZH-320685-01", "name": "第1机动指挥车", "facilityType": "MOBILE", "commState": "DEGRADED",
            // 2026-11-28 06:29:00 Beijing = 2026-11-27 22:29:00 UTC.
            "readiness": "MAINTENANCE", "updatedAt": 1_795_818_540_000,
        ])
    }

    @Test("city: a record the city would refuse is set aside, naming the field", arguments: [
        (["id": nil], "id required: required, but absent"),
        (["facility_type": "AIRBORNE"], #"facilityType lookup city.facilityType: unknown value "AIRBORNE" in code table city.facilityType"#),
        (["comm_state": "LOST"], #"commState lookup city.commState: unknown value "LOST" in code table city.commState"#),
        (["readiness": "AWAY"], #"readiness lookup city.readiness: unknown value "AWAY" in code table city.readiness"#),
        (["updated_at": nil], "updatedAt required: required, but absent"),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func cityRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.city().reasons(Self.post(changes)) == [reason])
    }

    @Test("city: a post whose GCJ-02 coordinates lie outside the province's extent (§3.4) is set aside")
    func cityExtent() throws {
        let reasons = try Self.city().reasons(Self.post(["location": SchemaRecords.point(121.947, 31.5)]))
        #expect(reasons.first == "lng facility.lng: 121.951164 is above the maximum 121.95")
        let vehicle = SchemaRecords.changing(SchemaRecords.vehicle, ["location": SchemaRecords.point(116.2, 31.9)])
        #expect(try Self.city().reasons(vehicle).first?.hasPrefix("lng facility.lng: ") == true)
    }

    @Test("city: lng without lat (or lat without lng) is set aside; the shipped steps make both from one point")
    func cityBothOrNeither() throws {
        // A variant whose lat is left out with a warning when it fails, so that a record can reach
        // the rules with lng alone: the rule, not the shared point, must catch it.
        let variant = try TargetMapping(
            "city", "facility",
            replacing: "steps: [{datum: {from: WGS84, to: GCJ02}}, {round: 6}, lat]",
            with: "steps: [{datum: {from: WGS84, to: GCJ02}}, {round: 6}, lat, {range: {max: 0}}]\n    on_error: warn"
        )
        #expect(try variant.reasons(SchemaRecords.post) == ["lat require: lng 与 lat 须同时给出或同时省略 (lng without lat)"])
        _ = try variant.payload(SchemaRecords.vehicle)
    }
}
