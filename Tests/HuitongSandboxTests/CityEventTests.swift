import HuitongCore
import Testing
@testable import HuitongSandbox

@Suite("City platform: events (§4)")
struct CityEventTests {
    let events = "/openapi/v2/events"

    @Test("a valid event is stored and listed")
    func stored() {
        let city = CityHarness()
        let token = city.token()
        let answer = city.post(events, records: [CityRecords.event()], token: token)
        #expect(answer.result == ["total": 1, "succeeded": 1, "failed": []])
        let list = city.get(events + "?pageNo=1&pageSize=10", token: token).result?["list"]
        #expect(list == [CityRecords.event()])
    }

    @Test("an event with a stored eventId is updated in place, not added")
    func updatedInPlace() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post(events, records: [CityRecords.event("E1"), CityRecords.event("E2")], token: token)
        _ = city.post(events, records: [CityRecords.event("E1", ["status": "UPDATE", "level": 2])], token: token)
        let page = city.get(events + "?pageNo=1&pageSize=10", token: token).result
        #expect(page?["total"] == 2)
        #expect(page?["list"]?[0]?["status"] == "UPDATE")
        #expect(page?["list"]?[0]?["level"] == 2)
    }

    @Test("events cannot be deleted: DELETE is 405")
    func cannotDelete() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post(events, records: [CityRecords.event("E1")], token: token)
        let answer = city.delete(events + "/E1", token: token)
        #expect(answer.status == 405)
        #expect(answer.code == "METHOD_NOT_ALLOWED")
        #expect(answer.message.contains("CANCEL"))
        #expect(city.delete("/openapi/v2/resources/event/E1", token: token).code == "INVALID_PARAM")
        #expect(city.get(events + "?pageNo=1&pageSize=10", token: token).result?["total"] == 1)
    }

    @Test("100 events are accepted; 101 are 413 PAYLOAD_TOO_LARGE")
    func eventLimit() {
        let city = CityHarness()
        let token = city.token()
        #expect(city.post(events, records: (0..<100).map { CityRecords.event("E\($0)") }, token: token).result?["succeeded"] == 100)
        let answer = city.post(events, records: (0..<101).map { CityRecords.event("F\($0)") }, token: token)
        #expect(answer.status == 413)
        #expect(answer.code == "PAYLOAD_TOO_LARGE")
    }

    @Test("the event list is sorted by eventId in byte order")
    func sortedByEventID() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post(events, records: ["e-3", "E-2", "e-10", "E-1"].map { CityRecords.event($0) }, token: token)
        let ids = city.get(events + "?pageNo=1&pageSize=10", token: token).result?["list"]?.arrayValue?.compactMap { $0["eventId"]?.stringValue }
        #expect(ids == ["E-1", "E-2", "e-10", "e-3"])
    }

    static let refused: [CityRuleCase] = [
        .init("event", CityRecords.event("E", ["eventId": nil]), "eventId missing"),
        .init("event", CityRecords.event("E", ["title": .string(String(repeating: "警", count: 101))]), "title longer than 100 chars"),
        .init("event", CityRecords.event("E", ["eventType": "EARTHQUAKE"]),
              "eventType must be one of AIR_DEFENCE, FLOOD, TYPHOON, FIRE, GEOLOGICAL, HAZMAT, PUBLIC_HEALTH, OTHER"),
        .init("event", CityRecords.event("E", ["level": 5]), "level must be 1 to 4"),
        .init("event", CityRecords.event("E", ["level": "IV"]), "level must be an integer"),
        .init("event", CityRecords.event("E", ["status": "CLOSED"]), "status must be one of NEW, UPDATE, CANCEL"),
        .init("event", CityRecords.event("E", ["occurTime": 1_764_300_000]), "occurTime out of range (epoch milliseconds, years 2000 to 2099)"),
        .init("event", CityRecords.event("E", ["lng": nil]), "lng missing"),
        .init("event", CityRecords.event("E", ["lat": 31.1234567]), "lat has more than 6 decimals"),
        .init("event", CityRecords.event("E", ["lng": 116.1]), "lng out of range (116.3 to 121.95)"),
        .init("event", CityRecords.event("E", ["lat": 35.5]), "lat out of range (30.75 to 35.2)"),
        .init("event", CityRecords.event("E", ["areaCode": "320613"]), "areaCode must be 12 digits"),
        .init("event", CityRecords.event("E", ["description": .string(String(repeating: "a", count: 2_001))]), "description longer than 2000 chars"),
        .init("event", CityRecords.event("E", ["source": nil]), "source missing"),
        .init("event", CityRecords.event("E", ["id": "E"]), "unknown field id"),
    ]

    @Test("an event breaking one rule fails with a message naming the field; failed[].id is the eventId", arguments: refused)
    func refusedEvent(_ rule: CityRuleCase) {
        let city = CityHarness()
        let answer = city.post(events, records: [rule.record], token: city.token())
        #expect(answer.failedMessages == [rule.message])
        #expect(answer.failed.first?["id"] == rule.record["eventId"] ?? .null)
    }

    @Test("an event with only the required fields, 100-char title and 2000-char description is stored")
    func boundaries() {
        let city = CityHarness()
        let event = CityRecords.event("E", [
            "address": nil, "areaCode": nil, "title": .string(String(repeating: "警", count: 100)),
            "description": .string(String(repeating: "a", count: 2_000)),
        ])
        #expect(city.post(events, records: [event], token: city.token()).result?["succeeded"] == 1)
    }

    @Test("title length counts UTF-16 code units: 51 emoji are 102 chars")
    func titleUTF16() {
        let city = CityHarness()
        let event = CityRecords.event("E", ["title": .string(String(repeating: "🚨", count: 51))])
        #expect(city.post(events, records: [event], token: city.token()).failedMessages == ["title longer than 100 chars"])
    }
}
