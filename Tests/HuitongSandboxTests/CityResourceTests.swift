import HuitongCore
import Testing
@testable import HuitongSandbox

@Suite("City platform: resource batches, deletion and paging (§3)")
struct CityResourceTests {
    let shelters = "/openapi/v2/resources/shelter"

    @Test("a valid batch is stored and answered with total, succeeded and an empty failed list")
    func validBatch() throws {
        let city = CityHarness()
        let answer = city.post(shelters, records: [CityRecords.shelter("A"), CityRecords.shelter("B")], token: city.token())
        #expect(answer.status == 200)
        #expect(answer.result == ["total": 2, "succeeded": 2, "failed": []])
        #expect(answer.result?.objectValue?.keys == ["total", "succeeded", "failed"])
    }

    @Test("200 resources are accepted; 201 are 413 PAYLOAD_TOO_LARGE and nothing is stored")
    func resourceLimit() {
        let city = CityHarness()
        let token = city.token()
        let twoHundred = (0..<200).map { CityRecords.siren("S-\($0)") }
        #expect(city.post("/openapi/v2/resources/siren", records: twoHundred, token: token).result?["succeeded"] == 200)
        let tooMany = (0..<201).map { CityRecords.siren("T-\($0)") }
        let answer = city.post("/openapi/v2/resources/siren", records: tooMany, token: token)
        #expect(answer.status == 413)
        #expect(answer.code == "PAYLOAD_TOO_LARGE")
        #expect(city.platform.snapshot(includeRecords: false)["stored"]?["siren"] == 200)
    }

    @Test("a body that is not a JSON array of objects is 400 INVALID_PARAM", arguments: [
        "{\"id\":\"A\"}", "[]", "[1, 2]", "[{\"id\":\"A\"}, \"B\"]", "[{,}]", "[{\"id\":\"A\",\"id\":\"B\"}]",
    ])
    func notAnArrayOfObjects(body: String) {
        let city = CityHarness()
        let answer = city.post(shelters, body: Array(body.utf8), token: city.token())
        #expect(answer.status == 400)
        #expect(answer.code == "INVALID_PARAM")
    }

    @Test("an unknown resource type is 400 INVALID_PARAM")
    func unknownType() {
        let city = CityHarness()
        let answer = city.post("/openapi/v2/resources/bunker", records: [CityRecords.shelter()], token: city.token())
        #expect(answer.status == 400)
        #expect(answer.code == "INVALID_PARAM")
        #expect(city.get("/openapi/v2/resources/bunker?pageNo=1&pageSize=1", token: city.token()).code == "INVALID_PARAM")
    }

    @Test("a body not sent as application/json is 400 INVALID_PARAM")
    func contentType() {
        let city = CityHarness()
        let body = CityRecords.body([CityRecords.shelter()])
        let answer = city.send("POST", shelters, headers: [
            ("Content-Type", "text/plain"), ("Authorization", "Bearer \(city.token())"),
            ("X-Content-SM3", SM3.hash(body).hex), ("Idempotency-Key", "k"),
        ], body: body)
        #expect(answer.status == 400)
        #expect(answer.code == "INVALID_PARAM")
        #expect(answer.message.contains("Content-Type"))
    }

    @Test("failed items are listed with their id and message and not stored; the others are")
    func partialAcceptance() {
        let city = CityHarness()
        let token = city.token()
        let answer = city.post(shelters, records: [
            CityRecords.shelter("A"), CityRecords.shelter("320613-RF-0042", ["lat": 60.5]), CityRecords.shelter("C"),
        ], token: token)
        #expect(answer.status == 200)
        #expect(answer.result?["total"] == 3)
        #expect(answer.result?["succeeded"] == 2)
        #expect(answer.failed == [["id": "320613-RF-0042", "message": "lat out of range (30.75 to 35.2)"]])
        let ids = city.get(shelters + "?pageNo=1&pageSize=10", token: token).result?["list"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == ["A", "C"])
    }

    @Test("a failed item without an id is listed with id null")
    func failedWithoutID() {
        let city = CityHarness()
        let answer = city.post(shelters, records: [CityRecords.shelter("A", ["id": nil])], token: city.token())
        #expect(answer.failed == [["id": nil, "message": "id missing"]])
    }

    @Test("a resource sent again replaces the stored one with the same id")
    func replaces() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post(shelters, records: [CityRecords.shelter("A", ["capacity": 10])], token: token)
        _ = city.post(shelters, records: [CityRecords.shelter("A", ["capacity": 20, "address": nil])], token: token)
        let list = city.get(shelters + "?pageNo=1&pageSize=10", token: token).result?["list"]
        #expect(list?.arrayValue?.count == 1)
        #expect(list?[0]?["capacity"] == 20)
        #expect(list?[0]?["address"] == nil)
    }

    @Test("DELETE removes a stored resource and answers result null")
    func deleteExisting() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post("/openapi/v2/resources/team", records: [CityRecords.team("T/1 甲")], token: token)
        let answer = city.delete("/openapi/v2/resources/team/T%2F1%20%E7%94%B2", token: token)
        #expect(answer.status == 200)
        #expect(answer.code == "200")
        #expect(answer.result == .null)
        #expect(city.get("/openapi/v2/resources/team?pageNo=1&pageSize=10", token: token).result?["total"] == 0)
        #expect(city.platform.counters.deletions == 1)
    }

    @Test("DELETE of an unknown id is 404 NOT_FOUND")
    func deleteUnknown() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post("/openapi/v2/resources/team", records: [CityRecords.team("T1")], token: token)
        let answer = city.delete("/openapi/v2/resources/team/T2", token: token)
        #expect(answer.status == 404)
        #expect(answer.code == "NOT_FOUND")
        // An id of another type is unknown here too.
        #expect(city.delete("/openapi/v2/resources/shelter/T1", token: token).code == "NOT_FOUND")
    }

    @Test("DELETE needs a token but no digest or idempotency key")
    func deleteNeedsToken() {
        let city = CityHarness()
        #expect(city.send("DELETE", "/openapi/v2/resources/team/T1").code == "TOKEN_EXPIRED")
    }

    @Test("a page lists total, pageNo, pageSize and the records sorted by id in byte order")
    func paging() throws {
        let city = CityHarness()
        let token = city.token()
        // Byte order: uppercase before lowercase, digits before letters, 'Z' before 'a',
        // and "é" (C3 A9) before "中" (E4 B8 AD).
        let sent = ["b", "B", "a10", "a2", "中", "é", "Z", "1"]
        _ = city.post("/openapi/v2/resources/team", records: sent.map { CityRecords.team($0) }, token: token)
        let first = city.get("/openapi/v2/resources/team?pageNo=1&pageSize=3", token: token)
        #expect(first.result?.objectValue?.keys == ["total", "pageNo", "pageSize", "list"])
        #expect(first.result?["total"] == 8)
        #expect(first.result?["pageNo"] == 1)
        #expect(first.result?["pageSize"] == 3)
        func ids(_ answer: CityAnswer) -> [String] {
            answer.result?["list"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        #expect(ids(first) == ["1", "B", "Z"])
        #expect(ids(city.get("/openapi/v2/resources/team?pageNo=2&pageSize=3", token: token)) == ["a10", "a2", "b"])
        #expect(ids(city.get("/openapi/v2/resources/team?pageNo=3&pageSize=3", token: token)) == ["é", "中"])
        #expect(ids(city.get("/openapi/v2/resources/team?pageNo=4&pageSize=3", token: token)) == [])
    }

    @Test("canonically equivalent ids spelled with other code points are two records")
    func idsByBytes() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post("/openapi/v2/resources/team", records: [CityRecords.team("caf\u{e9}"), CityRecords.team("cafe\u{301}")], token: token)
        #expect(city.get("/openapi/v2/resources/team?pageNo=1&pageSize=10", token: token).result?["total"] == 2)
    }

    @Test("pageNo from 1 and pageSize 1 to 500 are required; anything else is 400 INVALID_PARAM", arguments: [
        "", "?pageNo=1", "?pageSize=10", "?pageNo=0&pageSize=10", "?pageNo=1&pageSize=0",
        "?pageNo=1&pageSize=501", "?pageNo=x&pageSize=10", "?pageNo=-1&pageSize=10", "?pageNo=1.0&pageSize=10",
        "?pageNo=%2B1&pageSize=10",
    ])
    func pageParameters(query: String) {
        let city = CityHarness()
        let answer = city.get("/openapi/v2/resources/siren" + query, token: city.token())
        #expect(answer.status == 400)
        #expect(answer.code == "INVALID_PARAM")
    }

    @Test("pageSize 500 is allowed")
    func largestPage() {
        let city = CityHarness()
        #expect(city.get("/openapi/v2/resources/siren?pageNo=1&pageSize=500", token: city.token()).status == 200)
    }
}
