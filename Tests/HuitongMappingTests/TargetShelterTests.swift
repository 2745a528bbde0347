import HuitongCore
import Testing
@testable import HuitongMapping
import FoundationEssentials

/// shelter → province rfgc (mappings/targets/province/rfgc.yaml) and city shelter
/// (mappings/targets/city/shelter.yaml): hand-checked payloads, every platform rule a record
/// could break, and absent optional fields left out.
@Suite("Target mappings: shelter → province rfgc, city shelter")
struct TargetShelterTests {
    static func rfgc() throws -> TargetMapping { try TargetMapping("province", "rfgc") }
    static func city() throws -> TargetMapping { try TargetMapping("city", "shelter") }

    static func shelter(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        SchemaRecords.changing(SchemaRecords.shelter, changes)
    }

    // MARK: province rfgc

    @Test("rfgc: a full shelter becomes the §4.1 record, coordinates WGS-84 rounded to 6 decimals")
    func rfgcFull() throws {
        let payload = try Self.rfgc().payload(SchemaRecords.shelter)
        #expect(payload == [
            "gcbm": "320613-RF-0042", "gcmc": "濠河人防工程", "xzqhdm": "320613", "dz": "南通市崇川区濠河路1号",
            // No datum change for the province; 31.9800005 rounds half away from zero.
            "jd": 120.896789, "wd": 31.980001,
            "jzmj": 3315.5, "kljb": "H6", "zszn": "RY2", "psyt": "TC", "ybrs": 1200, "cwsl": 86, "cdzsl": 12,
            "jgrq": "2019-07-01", "whdw": "南通市人防办", "whdwxydm": "91350100M000100Y43", "zt": "1",
            "gxsj": "2026-11-28 09:30:00",
        ])
    }

    @Test("rfgc: a shelter with the required parameters only leaves every optional field out")
    func rfgcBare() throws {
        let payload = try Self.rfgc().payload(SchemaRecords.bareShelter)
        #expect(payload == [
            "gcbm": "320685-RF-0007", "gcmc": "海安人防工程", "xzqhdm": "320685", "jd": 120.4661, "wd": 32.5638,
            "jzmj": 520, "kljb": "C6", "zszn": "QT", "zt": "2", "gxsj": "2026-01-05 00:00:00",
        ])
        for absent in ["dz", "psyt", "ybrs", "cwsl", "cdzsl", "jgrq", "whdw", "whdwxydm"] {
            #expect(payload[absent] == nil, "\(absent) must be left out, not null")
        }
    }

    @Test("rfgc: gxsj is Beijing wall time whatever offset the schema instant is written with")
    func rfgcBeijingTime() throws {
        let payload = try Self.rfgc().payload(Self.shelter(["updated_at": "2026-11-27T16:30:00Z"]))
        #expect(payload["gxsj"] == "2026-11-28 00:30:00")
    }

    @Test("rfgc: every code maps to the province's", arguments: [
        ("protection_class", "H5", "kljb", "H5"), ("protection_class", "H6B", "kljb", "H6B"),
        ("protection_class", "C5", "kljb", "C5"), ("wartime_function", "PERSONNEL_1", "zszn", "RY1"),
        ("wartime_function", "MEDICAL", "zszn", "YL"), ("wartime_function", "SPECIALIST_TEAM", "zszn", "ZY"),
        ("wartime_function", "MATERIEL", "zszn", "WZ"), ("wartime_function", "COMMAND", "zszn", "ZH"),
        ("peacetime_use", "COMMERCE", "psyt", "SY"), ("peacetime_use", "STORAGE", "psyt", "CK"),
        ("peacetime_use", "VACANT", "psyt", "KZ"), ("peacetime_use", "OTHER", "psyt", "QT"),
        ("status", "DISABLED", "zt", "3"),
    ])
    func rfgcCodes(parameter: String, code: String, field: String, expected: String) throws {
        let payload = try Self.rfgc().payload(Self.shelter([parameter: .string(code)]))
        #expect(payload[field] == .string(expected))
    }

    @Test("rfgc: a record the province would refuse is set aside, naming the field", arguments: [
        (["id": .string(String(repeating: "R", count: 33))], "gcbm rfgc.gcbm: longer than 32 characters"),
        (["name": .string(String(repeating: "工", count: 101))], "gcmc rfgc.gcmc: longer than 100 characters"),
        (["name": nil], "gcmc required: required, but absent"),
        (["district": "320602"], #"xzqhdm lookup district: unknown value "320602" in code table district"#),
        (["district": "320500"], #"xzqhdm lookup district: unknown value "320500" in code table district"#),
        (["address": .string(String(repeating: "路", count: 201))], "dz rfgc.dz: longer than 200 characters"),
        (["location": SchemaRecords.point(121.96, 31.98)], "jd rfgc.jd: 121.96 is above the maximum 121.95"),
        (["location": SchemaRecords.point(116.29, 31.98)], "jd rfgc.jd: 116.29 is below the minimum 116.3"),
        (["location": SchemaRecords.point(120.9, 35.21)], "wd rfgc.wd: 35.21 is above the maximum 35.2"),
        (["location": SchemaRecords.point(120.9, 30.74)], "wd rfgc.wd: 30.74 is below the minimum 30.75"),
        (["floor_area": 0], "jzmj rfgc.jzmj: 0 is not above 0"),
        (["floor_area": 3315.555], "jzmj rfgc.jzmj: more than 2 decimals: 3315.555"),
        (["protection_class": "H7"], #"kljb lookup province.kljb: unknown value "H7" in code table province.kljb"#),
        (["wartime_function": "BUNKER"], #"zszn lookup province.zszn: unknown value "BUNKER" in code table province.zszn"#),
        (["capacity": -1], "ybrs rfgc.ybrs: -1 is below the minimum 0"),
        (["parking_spaces": -1, "charging_piles": nil], "cwsl rfgc.cwsl: -1 is below the minimum 0"),
        (["charging_piles": -1], "cdzsl rfgc.cdzsl: -1 is below the minimum 0"),
        (["completion_date": "2026-12-02"], "jgrq not_future: date after today: 2026-12-02 (today is 2026-12-01)"),
        (["completion_date": "2019/7/1"], #"jgrq not_future: not a date and time in RFC 3339: "2019/7/1""#),
        (["status": "DEMOLISHED"], #"zt lookup province.zt: unknown value "DEMOLISHED" in code table province.zt"#),
        (["updated_at": nil], "gxsj required: required, but absent"),
        (["updated_at": "2026-11-28 09:30"], #"gxsj format: not a date and time in RFC 3339: "2026-11-28 09:30""#),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func rfgcRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.rfgc().reasons(Self.shelter(changes)) == [reason])
    }

    @Test("rfgc: a shelter without a location is set aside for both coordinates")
    func rfgcNoLocation() throws {
        #expect(try Self.rfgc().reasons(Self.shelter(["location": nil])) == [
            "jd required: required, but absent", "wd required: required, but absent",
        ])
    }

    @Test("rfgc: cdzsl ≤ cwsl when both are present; either alone passes")
    func rfgcChargingPiles() throws {
        let rfgc = try Self.rfgc()
        #expect(try rfgc.reasons(Self.shelter(["parking_spaces": 11, "charging_piles": 12])) == [
            "cdzsl compare: cdzsl 充电桩数量多于 cwsl 车位数量 (charging piles exceed parking spaces)",
        ])
        #expect(try rfgc.payload(Self.shelter(["parking_spaces": 12, "charging_piles": 12]))["cdzsl"] == 12)
        #expect(try rfgc.payload(Self.shelter(["parking_spaces": nil, "charging_piles": 12]))["cdzsl"] == 12)
    }

    @Test("rfgc: as the agreement says, an unknown peacetime use and a bad credit code are left out with a warning")
    func rfgcWarnings() throws {
        let rfgc = try Self.rfgc()
        let unknownUse = Self.shelter(["peacetime_use": "FARMING"])
        #expect(try rfgc.payload(unknownUse)["psyt"] == nil)
        #expect(try rfgc.warnings(unknownUse) == [#"psyt lookup province.psyt: unknown value "FARMING" in code table province.psyt"#])
        let badCode = Self.shelter(["maintainer_credit_code": "91350100M000100Y42"])
        #expect(try rfgc.payload(badCode)["whdwxydm"] == nil)
        #expect(try rfgc.warnings(badCode).map { $0.components(separatedBy: ":")[0] } == ["whdwxydm gb32100"])
        let short = Self.shelter(["maintainer_credit_code": "91350100M000100Y4"])
        #expect(try rfgc.payload(short)["whdwxydm"] == nil)
        #expect(try rfgc.warnings(short).count == 1)
    }

    // MARK: city shelter

    @Test("city: a full shelter becomes the §3.4 resource, coordinates GCJ-02, updatedAt epoch ms")
    func cityFull() throws {
        let payload = try Self.city().payload(SchemaRecords.shelter)
        #expect(payload == [
            "id": "320613-RF-0042", "name": "濠河人防工程", "areaCode": "320613000000", "address": "南通市崇川区濠河路1号",
            // WGS-84 (120.8967891234, 31.9800005) → GCJ-02 (120.90100425074439, 31.977830042218812) by an
            // independent Python implementation of the published algorithm, rounded half away from zero.
            "lng": 120.901004, "lat": 31.97783,
            "protectLevel": 2, "wartimeUse": "二等人员掩蔽所", "peacetimeUse": "停车", "capacity": 1200,
            "parkingSpaces": 86, "chargingPiles": 12, "status": "IN_USE",
            // 2026-11-28 09:30:00 Beijing = 01:30:00 UTC.
            "updatedAt": 1_795_829_400_000,
        ])
    }

    @Test("city: a shelter with the required parameters only leaves every optional field out")
    func cityBare() throws {
        let payload = try Self.city().payload(SchemaRecords.bareShelter)
        #expect(payload == [
            "id": "320685-RF-0007", "name": "海安人防工程", "areaCode": "320685000000",
            // WGS-84 (120.4661, 32.5638) → GCJ-02 (120.47075453567292, 32.56188238566297), by the same script.
            "lng": 120.470755, "lat": 32.561882,
            "protectLevel": 5, "wartimeUse": "其他配套工程", "status": "BUILDING",
            // 2026-01-05 00:00:00 Beijing = 2026-01-04 16:00:00 UTC.
            "updatedAt": 1_767_542_400_000,
        ])
        for absent in ["address", "peacetimeUse", "capacity", "parkingSpaces", "chargingPiles"] {
            #expect(payload[absent] == nil, "\(absent) must be left out: the city refuses null")
        }
    }

    @Test("city: every code maps to the city's", arguments: [
        ("protection_class", "H5", "protectLevel", 1 as Value), ("protection_class", "H6B", "protectLevel", 3),
        ("protection_class", "C5", "protectLevel", 4), ("wartime_function", "PERSONNEL_1", "wartimeUse", "一等人员掩蔽所"),
        ("wartime_function", "MEDICAL", "wartimeUse", "医疗救护工程"), ("wartime_function", "SPECIALIST_TEAM", "wartimeUse", "防空专业队工程"),
        ("wartime_function", "MATERIEL", "wartimeUse", "人防物资库"), ("wartime_function", "COMMAND", "wartimeUse", "指挥工程"),
        ("peacetime_use", "COMMERCE", "peacetimeUse", "商业"), ("peacetime_use", "STORAGE", "peacetimeUse", "仓储"),
        ("peacetime_use", "VACANT", "peacetimeUse", "空置"), ("peacetime_use", "OTHER", "peacetimeUse", "其他"),
        ("status", "DISABLED", "status", "DISABLED"),
    ])
    func cityCodes(parameter: String, code: String, field: String, expected: Value) throws {
        #expect(try Self.city().payload(Self.shelter([parameter: .string(code)]))[field] == expected)
    }

    @Test("city: a record the city would refuse is set aside, naming the field", arguments: [
        (["id": nil], "id required: required, but absent"),
        (["name": "\u{3000}"], "name required: required, but absent"),
        (["district": "32061"], "areaCode shelter.areaCode: does not match the pattern [0-9]{12}: \"32061000000\""),
        (["protection_class": "H7"], #"protectLevel lookup city.protectLevel: unknown value "H7" in code table city.protectLevel"#),
        (["wartime_function": "BUNKER"], #"wartimeUse lookup city.wartimeUse: unknown value "BUNKER" in code table city.wartimeUse"#),
        (["capacity": -1], "capacity shelter.capacity: -1 is below the minimum 0"),
        (["parking_spaces": -1, "charging_piles": nil], "parkingSpaces shelter.parkingSpaces: -1 is below the minimum 0"),
        (["charging_piles": -1], "chargingPiles shelter.chargingPiles: -1 is below the minimum 0"),
        (["parking_spaces": 11, "charging_piles": 12], "chargingPiles compare: chargingPiles 充电桩数量多于 parkingSpaces 车位数量 (charging piles exceed parking spaces)"),
        (["status": "DEMOLISHED"], #"status lookup city.status: unknown value "DEMOLISHED" in code table city.status"#),
        (["updated_at": nil], "updatedAt required: required, but absent"),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func cityRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.city().reasons(Self.shelter(changes)) == [reason])
    }

    @Test("city: a shelter without a location is set aside for both coordinates")
    func cityNoLocation() throws {
        #expect(try Self.city().reasons(Self.shelter(["location": nil])) == [
            "lng required: required, but absent", "lat required: required, but absent",
        ])
    }

    @Test("city: the GCJ-02 coordinate is held to the province's extent (§3.4); outside it the record is set aside")
    func cityExtent() throws {
        // WGS-84 121.947 is inside the box, but GCJ-02 moves it east to 121.951164: the city's
        // value is what the city checks. The province, sent WGS-84 as is, takes the same record.
        let east = Self.shelter(["location": SchemaRecords.point(121.947, 31.5)])
        #expect(try Self.city().reasons(east) == ["lng shelter.lng: 121.951164 is above the maximum 121.95"])
        #expect(try Self.rfgc().payload(east)["jd"] == 121.947)
        // And the other way: WGS-84 116.298 is west of the box, GCJ-02 116.303418 inside it.
        let west = Self.shelter(["location": SchemaRecords.point(116.298, 34.0)])
        #expect(try Self.city().payload(west)["lng"] == 116.303418)
        // GCJ-02 moves latitudes here south: 30.752 becomes 30.749693.
        let south = Self.shelter(["location": SchemaRecords.point(120.0, 30.752)])
        #expect(try Self.city().reasons(south) == ["lat shelter.lat: 30.749693 is below the minimum 30.75"])
        #expect(try Self.city().reasons(Self.shelter(["location": SchemaRecords.point(113.26, 23.13)])) == [
            "lng shelter.lng: 113.265327 is below the minimum 116.3", "lat shelter.lat: 23.127322 is below the minimum 30.75",
        ])
    }

    @Test("city: an unknown peacetime use is left out with a warning")
    func cityPeacetimeWarning() throws {
        let unknownUse = Self.shelter(["peacetime_use": "FARMING"])
        #expect(try Self.city().payload(unknownUse)["peacetimeUse"] == nil)
        #expect(try Self.city().warnings(unknownUse).count == 1)
    }

    @Test("BD-09 registry coordinates reach the city as the direct BD-09 → GCJ-02 conversion would give them")
    func registryToCity() throws {
        // The registry row's BD-09 (120.9035, 31.9862) becomes WGS-84 in the schema and GCJ-02 here;
        // the agreement's direct BD-09 → GCJ-02 gives (120.89690544252875, 31.980558279090836).
        let schemaRecord = try ShelterRegistry.map(ShelterRegistry.row).record()
        let payload = try Self.city().payload(schemaRecord)
        #expect(payload["lng"] == 120.896905)
        #expect(payload["lat"] == 31.980558)
        // The province gets the WGS-84 (CGCS2000) point: (120.89268906691191, 31.98272813901725).
        let province = try Self.rfgc().payload(schemaRecord)
        #expect(province["jd"] == 120.892689)
        #expect(province["wd"] == 31.982728)
    }
}
