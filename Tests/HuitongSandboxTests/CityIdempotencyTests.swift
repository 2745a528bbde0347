import HuitongCore
import Testing
@testable import HuitongSandbox

@Suite("City platform: digest and idempotency (§2.4, §2.5)")
struct CityIdempotencyTests {
    let events = "/openapi/v2/events"

    @Test("a POST without X-Content-SM3 is 400 DIGEST_MISMATCH")
    func missingDigest() {
        let city = CityHarness()
        let body = CityRecords.body([CityRecords.event()])
        let answer = city.send("POST", events, headers: [
            ("Content-Type", "application/json"), ("Authorization", "Bearer \(city.token())"), ("Idempotency-Key", "k1"),
        ], body: body)
        #expect(answer.status == 400)
        #expect(answer.code == "DIGEST_MISMATCH")
        #expect(city.platform.counters.appliedBatches == 0)
    }

    @Test("a wrong digest is 400 DIGEST_MISMATCH and nothing is stored")
    func wrongDigest() {
        let city = CityHarness()
        let body = CityRecords.body([CityRecords.event()])
        let answer = city.post(events, body: body, token: city.token(), digest: SHA256.hash(body).hex)
        #expect(answer.status == 400)
        #expect(answer.code == "DIGEST_MISMATCH")
        #expect(city.platform.snapshot(includeRecords: false)["stored"]?["events"] == 0)
    }

    @Test("the digest is lowercase hex: the same digest in uppercase does not match")
    func uppercaseDigest() {
        let city = CityHarness()
        let body = CityRecords.body([CityRecords.event()])
        let answer = city.post(events, body: body, token: city.token(), digest: SM3.hash(body).hex.uppercased())
        #expect(answer.code == "DIGEST_MISMATCH")
    }

    @Test("a POST without Idempotency-Key is 400 INVALID_PARAM")
    func missingKey() {
        let city = CityHarness()
        let body = CityRecords.body([CityRecords.event()])
        let answer = city.send("POST", events, headers: [
            ("Content-Type", "application/json"), ("Authorization", "Bearer \(city.token())"),
            ("X-Content-SM3", SM3.hash(body).hex),
        ], body: body)
        #expect(answer.status == 400)
        #expect(answer.code == "INVALID_PARAM")
        #expect(answer.message.contains("Idempotency-Key"))
    }

    @Test("an Idempotency-Key outside 1–64 of [A-Za-z0-9_-] is 400 INVALID_PARAM",
          arguments: ["", "has space", "dot.ted", "汉字", String(repeating: "k", count: 65)])
    func invalidKey(key: String) {
        let city = CityHarness()
        let answer = city.post(events, records: [CityRecords.event()], token: city.token(), key: key)
        #expect(answer.code == "INVALID_PARAM")
    }

    @Test("a 64-character key of every allowed kind is accepted")
    func longestKey() {
        let city = CityHarness()
        let key = "Ab0_-" + String(repeating: "z", count: 59)
        #expect(city.post(events, records: [CityRecords.event()], token: city.token(), key: key).status == 200)
    }

    @Test("checks run in order: auth before digest, digest before idempotency key")
    func orderOfChecks() {
        let city = CityHarness()
        let bare = city.send("POST", events, headers: [("Content-Type", "application/json")], body: Array("[]".utf8))
        #expect(bare.code == "TOKEN_EXPIRED")
        let body = CityRecords.body([CityRecords.event()])
        let noDigestNoKey = city.send("POST", events, headers: [
            ("Content-Type", "application/json"), ("Authorization", "Bearer \(city.token())"),
        ], body: body)
        #expect(noDigestNoKey.code == "DIGEST_MISMATCH")
    }

    @Test("the same key and body again replays the first answer and applies nothing")
    func replay() {
        let city = CityHarness()
        let token = city.token()
        let body = CityRecords.body([CityRecords.event(), CityRecords.event("RF-2", ["level": 9])])
        let first = city.post(events, body: body, token: token, key: "batch-1")
        #expect(first.status == 200)
        // Something changes in between; the replay must not show it.
        _ = city.post(events, records: [CityRecords.event("RF-3")], token: token, key: "batch-2")
        let again = city.post(events, body: body, token: token, key: "batch-1")
        #expect(again.status == first.status)
        #expect(again.body == first.body)
        let counters = city.platform.counters
        #expect(counters.appliedBatches == 2)
        #expect(counters.duplicates == 1)
        #expect(counters.acceptedItems == 2)
    }

    @Test("a replay does not undo a later change to the same record")
    func replayAppliesNothing() {
        let city = CityHarness()
        let token = city.token()
        let original = CityRecords.body([CityRecords.event("E", ["title": "first"])])
        _ = city.post(events, body: original, token: token, key: "k-first")
        _ = city.post(events, records: [CityRecords.event("E", ["title": "second", "status": "UPDATE"])], token: token, key: "k-second")
        _ = city.post(events, body: original, token: token, key: "k-first")
        let stored = city.get("/openapi/v2/events?pageNo=1&pageSize=10", token: token).result?["list"]?[0]
        #expect(stored?["title"] == "second")
    }

    @Test("the same key with another body is 409 IDEMPOTENCY_CONFLICT")
    func conflict() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post(events, records: [CityRecords.event("E1")], token: token, key: "k")
        let answer = city.post(events, records: [CityRecords.event("E2")], token: token, key: "k")
        #expect(answer.status == 409)
        #expect(answer.code == "IDEMPOTENCY_CONFLICT")
        #expect(city.platform.counters.conflicts == 1)
        #expect(city.platform.snapshot(includeRecords: false)["stored"]?["events"] == 1)
    }

    @Test("the same key and body on another path is 409 IDEMPOTENCY_CONFLICT")
    func conflictAcrossPaths() {
        let city = CityHarness()
        let token = city.token()
        let body = CityRecords.body([CityRecords.team()])
        #expect(city.post("/openapi/v2/resources/team", body: body, token: token, key: "k").status == 200)
        #expect(city.post("/openapi/v2/resources/shelter", body: body, token: token, key: "k").code == "IDEMPOTENCY_CONFLICT")
    }

    @Test("keys are scoped per client: another client's same key is a new request")
    func keysPerClient() {
        let city = CityHarness()
        _ = city.post(events, records: [CityRecords.event("E1")], token: city.token(), key: "k")
        let other = city.token(client: "other-dept", secret: "other-secret")
        let answer = city.post(events, records: [CityRecords.event("E2")], token: other, key: "k")
        #expect(answer.status == 200)
        #expect(city.platform.counters.appliedBatches == 2)
    }

    @Test("a request refused as a whole is not remembered: fixed, it goes through under the same key")
    func refusalsNotRemembered() {
        let city = CityHarness()
        let token = city.token()
        let broken = city.post(events, body: Array("[".utf8), token: token, key: "k")
        #expect(broken.code == "INVALID_PARAM")
        let fixed = city.post(events, records: [CityRecords.event()], token: token, key: "k")
        #expect(fixed.status == 200)
        #expect(fixed.result?["succeeded"] == 1)
    }

    @Test("a batch with failed items is remembered like any processed batch")
    func partialRemembered() {
        let city = CityHarness()
        let token = city.token()
        _ = city.post(events, records: [CityRecords.event("E", ["level": 0])], token: token, key: "k")
        let retry = city.post(events, records: [CityRecords.event("E")], token: token, key: "k")
        #expect(retry.code == "IDEMPOTENCY_CONFLICT")
    }

    @Test("after 24 hours a key is forgotten and the request is applied again")
    func windowExpires() {
        let city = CityHarness { $0.tokenLifetimeSeconds = 200_000 }
        let token = city.token()
        let body = CityRecords.body([CityRecords.event()])
        _ = city.post(events, body: body, token: token, key: "k")
        city.clock.advance(milliseconds: 86_399_999)
        _ = city.post(events, body: body, token: token, key: "k")
        #expect(city.platform.counters.duplicates == 1)
        city.clock.advance(milliseconds: 1)
        _ = city.post(events, body: body, token: token, key: "k")
        #expect(city.platform.counters.appliedBatches == 2)
        #expect(city.platform.counters.duplicates == 1)
    }
}
