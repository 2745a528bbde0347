import HuitongCore
import Testing
@testable import HuitongSandbox

/// One spoiled record and the failure message it must get.
struct CityRuleCase: Sendable, CustomTestStringConvertible {
    let type: String
    let record: Value
    let message: String
    var testDescription: String { "\(type): \(message)" }

    init(_ type: String, _ record: Value, _ message: String) {
        self.type = type
        self.record = record
        self.message = message
    }
}

@Suite("City platform: resource field rules (§3.4)")
struct CityFieldRuleTests {
    static let refused: [CityRuleCase] = [
        // shelter
        .init("shelter", CityRecords.shelter("S", ["areaCode": "32061300000"]), "areaCode must be 12 digits"),
        .init("shelter", CityRecords.shelter("S", ["areaCode": "32061300000A"]), "areaCode must be 12 digits"),
        .init("shelter", CityRecords.shelter("S", ["lat": 31.9778041]), "lat has more than 6 decimals"),
        .init("shelter", CityRecords.shelter("S", ["lng": 120.8872101]), "lng has more than 6 decimals"),
        // §3.4: inside the province's extent, lng 116.3–121.95, lat 30.75–35.2 (GCJ-02).
        .init("shelter", CityRecords.shelter("S", ["lng": 200.5]), "lng out of range (116.3 to 121.95)"),
        .init("shelter", CityRecords.shelter("S", ["lat": 2.5]), "lat out of range (30.75 to 35.2)"),
        .init("shelter", CityRecords.shelter("S", ["lng": 116.299999]), "lng out of range (116.3 to 121.95)"),
        .init("shelter", CityRecords.shelter("S", ["lng": 121.950001]), "lng out of range (116.3 to 121.95)"),
        .init("shelter", CityRecords.shelter("S", ["lat": 30.749999]), "lat out of range (30.75 to 35.2)"),
        .init("shelter", CityRecords.shelter("S", ["lat": 35.200001]), "lat out of range (30.75 to 35.2)"),
        .init("shelter", CityRecords.shelter("S", ["lng": 113.264385, "lat": 23.129112]), "lng out of range (116.3 to 121.95); lat out of range (30.75 to 35.2)"),
        .init("shelter", CityRecords.shelter("S", ["lng": "120.88"]), "lng must be a number"),
        .init("shelter", CityRecords.shelter("S", ["remark": "x"]), "unknown field remark"),
        .init("shelter", CityRecords.shelter("S", ["protectLevel": 6]), "protectLevel must be 1 to 5"),
        .init("shelter", CityRecords.shelter("S", ["protectLevel": 0]), "protectLevel must be 1 to 5"),
        .init("shelter", CityRecords.shelter("S", ["protectLevel": 4.0]), "protectLevel must be an integer"),
        .init("shelter", CityRecords.shelter("S", ["protectLevel": "4"]), "protectLevel must be an integer"),
        .init("shelter", CityRecords.shelter("S", ["wartimeUse": "地下商场"]),
              "wartimeUse must be one of 一等人员掩蔽所, 二等人员掩蔽所, 医疗救护工程, 防空专业队工程, 人防物资库, 指挥工程, 其他配套工程"),
        .init("shelter", CityRecords.shelter("S", ["peacetimeUse": "办公"]), "peacetimeUse must be one of 停车, 商业, 仓储, 空置, 其他"),
        .init("shelter", CityRecords.shelter("S", ["capacity": -1]), "capacity must be ≥ 0"),
        .init("shelter", CityRecords.shelter("S", ["parkingSpaces": -3]), "parkingSpaces must be ≥ 0"),
        .init("shelter", CityRecords.shelter("S", ["chargingPiles": 1.5]), "chargingPiles must be an integer"),
        .init("shelter", CityRecords.shelter("S", ["status": "ACTIVE"]), "status must be one of IN_USE, BUILDING, DISABLED"),
        .init("shelter", CityRecords.shelter("S", ["updatedAt": 1_764_300_000]), "updatedAt out of range (epoch milliseconds, years 2000 to 2099)"),
        .init("shelter", CityRecords.shelter("S", ["updatedAt": 0]), "updatedAt out of range (epoch milliseconds, years 2000 to 2099)"),
        .init("shelter", CityRecords.shelter("S", ["updatedAt": "2025-11-28T09:00:00+08:00"]), "updatedAt must be an integer (epoch milliseconds)"),
        .init("shelter", CityRecords.shelter("S", ["name": nil]), "name missing"),
        .init("shelter", CityRecords.shelter("S", ["name": ""]), "name must not be empty"),
        .init("shelter", CityRecords.shelter("S", ["address": Value.null]), "address must be a string"),
        .init("shelter", CityRecords.shelter("S", ["wartimeUse": nil]), "wartimeUse missing"),
        // siren
        .init("siren", CityRecords.siren("J", ["areaCode": nil]), "areaCode missing"),
        .init("siren", CityRecords.siren("J", ["areaCode": "3206130000000"]), "areaCode must be 12 digits"),
        .init("siren", CityRecords.siren("J", ["sirenType": "电声"]), "sirenType must be one of ELECTRIC, ELECTROACOUSTIC, MULTIMEDIA"),
        .init("siren", CityRecords.siren("J", ["lastTestResult": "OK"]), "lastTestResult must be one of NORMAL, FAULT"),
        .init("siren", CityRecords.siren("J", ["lastTestAt": nil]), "lastTestAt missing"),
        .init("siren", CityRecords.siren("J", ["lat": nil]), "lat missing"),
        .init("siren", CityRecords.siren("J", ["lng": 110.5]), "lng out of range (116.3 to 121.95)"),
        .init("siren", CityRecords.siren("J", ["lat": 40.0]), "lat out of range (30.75 to 35.2)"),
        // team
        .init("team", CityRecords.team("D", ["phone": "13812345678"]),
              "phone is not masked: replace the middle four digits with * (138****5678)"),
        .init("team", CityRecords.team("D", ["phone": "138***45678"]), "phone must be a masked mobile number like 138****5678"),
        .init("team", CityRecords.team("D", ["phone": "120****5678"]), "phone must be a masked mobile number like 138****5678"),
        .init("team", CityRecords.team("D", ["phone": "+86138****5678"]), "phone must be a masked mobile number like 138****5678"),
        .init("team", CityRecords.team("D", ["phone": "138****567"]), "phone must be a masked mobile number like 138****5678"),
        .init("team", CityRecords.team("D", ["members": 0]), "members must be ≥ 1"),
        .init("team", CityRecords.team("D", ["teamType": "救援"]), "teamType must be one of 抢险抢修, 医疗救护, 消防, 防化防疫, 通信, 运输, 治安"),
        .init("team", CityRecords.team("D", ["leader": nil]), "leader missing"),
        .init("team", CityRecords.team("D", ["areaCode": "320613000000"]), "unknown field areaCode"),
        // facility
        .init("facility", CityRecords.facility("F", ["lat": nil]), "lng and lat must be given together"),
        .init("facility", CityRecords.facility("F", ["lng": nil]), "lng and lat must be given together"),
        .init("facility", CityRecords.facility("F", ["facilityType": "VEHICLE"]), "facilityType must be one of FIXED, MOBILE"),
        .init("facility", CityRecords.facility("F", ["commState": "UP"]), "commState must be one of NORMAL, DEGRADED, DOWN"),
        .init("facility", CityRecords.facility("F", ["readiness": "READY"]), "readiness must be one of ON_DUTY, STANDBY, MAINTENANCE"),
        .init("facility", CityRecords.facility("F", ["updatedAt": nil]), "updatedAt missing"),
        .init("facility", CityRecords.facility("F", ["lng": 122.5]), "lng out of range (116.3 to 121.95)"),
        .init("facility", CityRecords.facility("F", ["lat": 30.0]), "lat out of range (30.75 to 35.2)"),
    ]

    @Test("a record breaking one rule fails with a message naming the field", arguments: refused)
    func refusedRecord(_ rule: CityRuleCase) {
        let city = CityHarness()
        let answer = city.post("/openapi/v2/resources/\(rule.type)", records: [rule.record], token: city.token())
        #expect(answer.status == 200)
        #expect(answer.result?["succeeded"] == 0)
        #expect(answer.failedMessages == [rule.message])
    }

    static let accepted: [CityRuleCase] = [
        .init("shelter", CityRecords.shelter("S"), "every field"),
        .init("shelter", CityRecords.shelter("S", ["address": nil, "peacetimeUse": nil, "capacity": nil,
                                                    "parkingSpaces": nil, "chargingPiles": nil]), "required fields only"),
        .init("shelter", CityRecords.shelter("S", ["lng": 121, "lat": 32]), "whole-number coordinates"),
        .init("shelter", CityRecords.shelter("S", ["lng": 116.3, "lat": 30.75]), "coordinates on the extent's south-west corner"),
        .init("shelter", CityRecords.shelter("S", ["lng": 121.95, "lat": 35.2]), "coordinates on the extent's north-east corner"),
        .init("siren", CityRecords.siren("J", ["lng": 121.95, "lat": 30.75]), "siren on the extent's edge"),
        .init("facility", CityRecords.facility("F", ["lng": 116.3, "lat": 35.2]), "facility on the extent's edge"),
        .init("shelter", CityRecords.shelter("S", ["capacity": 0, "protectLevel": 1]), "zero capacity, level 1"),
        .init("siren", CityRecords.siren("J", ["name": nil]), "no name"),
        .init("team", CityRecords.team("D", ["phone": "199****0000", "members": 1]), "masked 199 number, one member"),
        .init("facility", CityRecords.facility("F", ["lng": nil, "lat": nil]), "no coordinates"),
    ]

    @Test("a record following every rule is stored", arguments: accepted)
    func acceptedRecord(_ rule: CityRuleCase) {
        let city = CityHarness()
        let answer = city.post("/openapi/v2/resources/\(rule.type)", records: [rule.record], token: city.token())
        #expect(answer.failed == [])
        #expect(answer.result?["succeeded"] == 1)
    }

    @Test("decimals count as written: 7 with a trailing zero are too many, 6 are fine")
    func decimalsAsWritten() {
        let city = CityHarness()
        let token = city.token()
        func post(lat: String, key: String) -> CityAnswer {
            let text = #"[{"id":"F","name":"n","facilityType":"FIXED","lng":120.5,"lat":\#(lat),"commState":"NORMAL","readiness":"STANDBY","updatedAt":1764300000000}]"#
            return city.post("/openapi/v2/resources/facility", body: Array(text.utf8), token: token, key: key)
        }
        #expect(post(lat: "31.9000000", key: "a").failedMessages == ["lat has more than 6 decimals"])
        #expect(post(lat: "31.900000", key: "b").failedMessages == [])
        #expect(post(lat: "3.19e1", key: "c").failedMessages == [])
        #expect(post(lat: "3190000001e-8", key: "d").failedMessages == ["lat has more than 6 decimals"])
    }

    @Test("a record breaking several rules lists every problem")
    func severalProblems() {
        let city = CityHarness()
        let record = CityRecords.team("D", ["members": 0, "phone": "13812345678", "colour": "red"])
        let answer = city.post("/openapi/v2/resources/team", records: [record], token: city.token())
        #expect(answer.failedMessages == [
            "unknown field colour; members must be ≥ 1; phone is not masked: replace the middle four digits with * (138****5678)",
        ])
    }
}

@Suite("City platform: number literals")
struct CityNumberLiteralTests {
    @Test("decimal places are fraction digits less the exponent")
    func decimalPlaces() {
        #expect(CityNumberLiterals.decimalPlaces(of: "120") == 0)
        #expect(CityNumberLiterals.decimalPlaces(of: "-1.25") == 2)
        #expect(CityNumberLiterals.decimalPlaces(of: "31.1000000") == 7)
        #expect(CityNumberLiterals.decimalPlaces(of: "1.5e1") == 0)
        #expect(CityNumberLiterals.decimalPlaces(of: "15E-3") == 3)
        #expect(CityNumberLiterals.decimalPlaces(of: "1.5e+2") == 0)
    }

    @Test("the scanner finds each object's number members and skips nested values and strings")
    func scan() {
        let body = #"[{"a":1.50,"s":"x\"]}","n":{"lat":9.9},"l":[1,2.5],"k\u0061":-0.5e1}, 7, {"b":2}]"#
        #expect(CityNumberLiterals.scan(Array(body.utf8)) == [["a": "1.50", "ka": "-0.5e1"], [:], ["b": "2"]])
    }
}
