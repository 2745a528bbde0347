import HuitongCore
import Testing
@testable import HuitongMapping
import FoundationEssentials

/// sensor_reading → province hjjc (mappings/targets/province/hjjc.yaml) and incident → city
/// events (mappings/targets/city/events.yaml).
@Suite("Target mappings: sensor_reading → province hjjc, incident → city events")
struct TargetSensorAndEventTests {
    static func hjjc() throws -> TargetMapping { try TargetMapping("province", "hjjc") }
    static func events() throws -> TargetMapping { try TargetMapping("city", "events") }

    static func reading(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        SchemaRecords.changing(SchemaRecords.reading, changes)
    }

    static func incident(_ changes: KeyValuePairs<String, Value?>) -> OrderedObject {
        SchemaRecords.changing(SchemaRecords.incident, changes)
    }

    // MARK: province hjjc

    @Test("hjjc: a reading becomes the §4.5 record: Beijing time, flags as 0 and 1")
    func hjjcReading() throws {
        #expect(try Self.hjjc().payload(SchemaRecords.reading) == [
            "gcbm": "320613-RF-0042", "cgqbm": "S-320613-0042-01", "cjsj": "2026-11-29 08:50:00", "wdz": 18.4, "sdz": 72.5,
            "jsbj": 0, "mczt": 0,
        ])
    }

    @Test("hjjc: a faulty sensor's reading leaves wdz, sdz and mczt out; water is 1; UTC becomes Beijing time")
    func hjjcFaultyReading() throws {
        let payload = try Self.hjjc().payload(SchemaRecords.faultyReading)
        #expect(payload == [
            "gcbm": "320681-RF-2790", "cgqbm": "S-320681-2790-02", "cjsj": "2026-11-29 09:00:00", "jsbj": 1,
        ])
    }

    @Test("hjjc: an open door is 1")
    func hjjcOpenDoor() throws {
        #expect(try Self.hjjc().payload(Self.reading(["door": "OPEN"]))["mczt"] == 1)
    }

    @Test("hjjc: keyed by sensor and time, and never de-duplicated: each reading is sent once")
    func hjjcKey() throws {
        let mapping = try Self.hjjc().mapping
        #expect(mapping.output.key == ["cgqbm", "cjsj"])
        #expect(mapping.deduplication == nil)
    }

    @Test("hjjc: a record the province would refuse is set aside, naming the field", arguments: [
        (["shelter_id": nil], "gcbm required: required, but absent"),
        (["sensor_id": nil], "cgqbm required: required, but absent"),
        (["measured_at": nil], "cjsj required: required, but absent"),
        (["temperature": 80.1], "wdz hjjc.wdz: 80.1 is above the maximum 80"),
        (["temperature": -40.5], "wdz hjjc.wdz: -40.5 is below the minimum -40"),
        (["temperature": 18.45], "wdz hjjc.wdz: more than 1 decimal: 18.45"),
        (["humidity": 100.1], "sdz hjjc.sdz: 100.1 is above the maximum 100"),
        (["humidity": -0.1], "sdz hjjc.sdz: -0.1 is below the minimum 0"),
        (["humidity": 72.55], "sdz hjjc.sdz: more than 1 decimal: 72.55"),
        (["water_alarm": nil], "jsbj required: required, but absent"),
        (["door": "AJAR"], #"mczt lookup province.mczt: unknown value "AJAR" in code table province.mczt"#),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func hjjcRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.hjjc().reasons(Self.reading(changes)) == [reason])
    }

    @Test("hjjc: the limits themselves are allowed", arguments: [-40.0, 80.0])
    func hjjcLimits(temperature: Double) throws {
        #expect(try Self.hjjc().payload(Self.reading(["temperature": .double(temperature), "humidity": 0]))["wdz"] == .double(temperature))
    }

    // MARK: city events

    @Test("events: an alert becomes the §4.1 event, GCJ-02, occurTime epoch ms")
    func eventsAlert() throws {
        #expect(try Self.events().payload(SchemaRecords.incident) == [
            "eventId": "32060041600000000120261120150000", "title": "南通市气象台发布台风蓝色预警", "eventType": "TYPHOON",
            "level": 3, "status": "NEW",
            // 2026-11-20 16:00:00 Beijing = 08:00:00 UTC.
            "occurTime": 1_795_161_600_000,
            // WGS-84 (120.9, 32.0) → GCJ-02 (120.90421659731571, 31.997824497573152), by an independent Python
            // implementation of the published algorithm.
            "lng": 120.904217, "lat": 31.997824,
            "address": "南通市海安市", "areaCode": "320685000000", "description": "台风蓝色预警。请注意防范。", "source": "RF",
        ])
    }

    @Test("events: without a headline the title is the event; absent description and district are left out")
    func eventsBare() throws {
        let payload = try Self.events().payload(SchemaRecords.bareIncident)
        #expect(payload == [
            "eventId": "32060041600000000420261121090000", "title": "暴雨红色预警", "eventType": "FLOOD", "level": 1,
            "status": "UPDATE", "occurTime": 1_795_161_600_000, "lng": 120.904217, "lat": 31.997824,
            "address": "南通市海安市", "source": "RF",
        ])
        #expect(payload["description"] == nil && payload["areaCode"] == nil)
    }

    @Test("events: title and description are cut to the city's lengths")
    func eventsCut() throws {
        let payload = try Self.events().payload(Self.incident([
            "headline": .string(String(repeating: "题", count: 150)), "description": .string(String(repeating: "述", count: 2500)),
        ]))
        #expect(payload["title"]?.stringValue?.count == 100)
        #expect(payload["description"]?.stringValue?.count == 2000)
    }

    @Test("events: a record the city would refuse is set aside, naming the field", arguments: [
        (["id": nil], "eventId required: required, but absent"),
        (["msg_type": "Ack"], #"status lookup city.eventStatus: unknown value "Ack" in code table city.eventStatus"#),
        (["level": "V"], #"level lookup city.level: unknown value "V" in code table city.level"#),
        (["event_type": "TSUNAMI"], #"eventType lookup city.eventType: unknown value "TSUNAMI" in code table city.eventType"#),
        (["onset": nil], "occurTime required: required, but absent"),
        (["district": "32068"], #"areaCode events.areaCode: does not match the pattern [0-9]{12}: "32068000000""#),
    ] as [(KeyValuePairs<String, Value?>, String)])
    func eventsRefusals(changes: KeyValuePairs<String, Value?>, reason: String) throws {
        #expect(try Self.events().reasons(Self.incident(changes)) == [reason])
    }

    @Test("events: an alert whose area lies outside Jiangsu is not for this city")
    func eventsOutsideJiangsu() throws {
        let reasons = try Self.events().reasons(Self.incident(["location": SchemaRecords.point(139.69, 35.69)]))
        #expect(reasons.map { $0.components(separatedBy: ":")[0] } == ["lng events.lng", "lat events.lat"])
    }
}
