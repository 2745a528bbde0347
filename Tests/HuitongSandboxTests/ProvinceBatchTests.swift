import HuitongCore
import HuitongHTTPServer
import Testing
@testable import HuitongSandbox

@Suite("Province batches (contract §3.2)")
struct ProvinceBatchTests {
    @Test("a good batch is accepted: code 0, counts, duplicate false, nothing rejected")
    func goodBatch() throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(batchId: "20261129-rfgc-0001", upserts: [ProvinceBatches.rfgc()]))
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
        #expect(answer.body == [
            "code": 0, "msg": "ok",
            "data": ["batchId": "20261129-rfgc-0001", "accepted": 1, "deleted": 0, "duplicate": false, "rejected": []],
        ])
        #expect(try fixture.records("rfgc").data["records"] == [ProvinceBatches.rfgc()])
    }

    @Test("a batch of 501 items is refused with 413 and code 4130")
    func tooManyItems() throws {
        let fixture = ProvinceFixture()
        let upserts = (0..<400).map { ProvinceBatches.rfgc("RF-\($0)") }
        let deletes = (0..<101).map { "GONE-\($0)" }
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(upserts: upserts, deletes: deletes))
        #expect(answer.status == 413)
        #expect(answer.code == 4130)
        #expect(fixture.platform.counters.appliedBatches == 0)
    }

    @Test("a batch of exactly 500 items is accepted")
    func fiveHundredItems() throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(upserts: (0..<500).map { ProvinceBatches.rfgc("RF-\($0)") }))
        #expect(answer.data["accepted"] == 500)
        #expect(fixture.platform.counters.largestBatchItems == 500)
    }

    @Test("a body over 4 MiB is refused with 413 before it is parsed")
    func bodyTooLarge() throws {
        let fixture = ProvinceFixture()
        // Not even JSON: only the size is looked at.
        let body = [UInt8](repeating: UInt8(ascii: " "), count: (4 << 20) + 1)
        let answer = try fixture.send("POST", "/exchange/api/v1/exchange/rfgc/batches", body: body)
        #expect(answer.status == 413)
        #expect(answer.code == 4130)
    }

    @Test("a replayed batchId with the same content returns the original data with duplicate true and applies nothing")
    func replayIsDuplicate() throws {
        let fixture = ProvinceFixture()
        let first = ProvinceBatches.batch(
            batchId: "replay-0001", upserts: [ProvinceBatches.rfgc("A"), ProvinceBatches.rfgc("B").setting("kljb", "H7")],
            sentAt: "2026-11-29 10:00:00"
        )
        let original = try fixture.post("rfgc", first)
        // Someone else changes record A in between; a replay that applied again would undo it.
        let changedA = ProvinceBatches.rfgc("A").setting("gcmc", "改名后的工程")
        #expect(try fixture.post("rfgc", ProvinceBatches.batch(upserts: [changedA])).data["accepted"] == 1)

        let replay = try fixture.post("rfgc", first.setting("sentAt", "2026-11-29 10:05:00"))
        #expect(replay.status == 200)
        #expect(replay.data["duplicate"] == true)
        #expect(replay.data.setting("duplicate", false) == original.data)
        #expect(try fixture.records("rfgc").data["records"] == [changedA])
        #expect(fixture.platform.counters.appliedBatches == 2)
        #expect(fixture.platform.counters.duplicateBatches == 1)
        #expect(fixture.platform.counters.rejectedItems == 1)
    }

    @Test("a replay is compared as JSON values: member order and number spelling do not matter")
    func replayComparedAsValues() throws {
        let fixture = ProvinceFixture()
        let target = "/exchange/api/v1/exchange/hjjc/batches"
        let first = #"{"batchId":"values-0001","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","upserts":[{"gcbm":"G","cgqbm":"S","cjsj":"2026-11-29 09:00:00","wdz":18.40,"jsbj":0}]}"#
        let again = #"{"upserts":[{"jsbj":0,"wdz":1.84e1,"cjsj":"2026-11-29 09:00:00","cgqbm":"S","gcbm":"G"}],"deletes":[],"test":false,"sentAt":"2026-11-29 10:01:00","schemaVersion":"1.0","batchId":"values-0001"}"#
        #expect(try fixture.send("POST", target, body: Array(first.utf8)).data["duplicate"] == false)
        #expect(try fixture.send("POST", target, body: Array(again.utf8)).data["duplicate"] == true)
    }

    @Test("a replayed batchId with different content is refused with 409 and code 4090")
    func replayConflict() throws {
        let fixture = ProvinceFixture()
        #expect(try fixture.post("rfgc", ProvinceBatches.batch(batchId: "conflict-01", upserts: [ProvinceBatches.rfgc("A")])).code == 0)
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(batchId: "conflict-01", upserts: [ProvinceBatches.rfgc("B")]))
        #expect(answer.status == 409)
        #expect(answer.code == 4090)
        let test = try fixture.post("rfgc", ProvinceBatches.batch(batchId: "conflict-01", upserts: [ProvinceBatches.rfgc("A")], test: true))
        #expect(test.code == 4090)
        #expect(fixture.platform.counters.conflicts == 2)
    }

    @Test("idempotency is per dataset: one batchId may be used once in each dataset")
    func idempotencyPerDataset() throws {
        let fixture = ProvinceFixture()
        #expect(try fixture.post("rfgc", ProvinceBatches.batch(batchId: "shared-id", upserts: [ProvinceBatches.rfgc()])).data["duplicate"] == false)
        #expect(try fixture.post("zyd", ProvinceBatches.batch(batchId: "shared-id", upserts: [ProvinceBatches.zyd()])).data["duplicate"] == false)
    }

    @Test("an envelope field the contract does not name is malformed: 400, code 4000")
    func extraEnvelopeField() throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc()]).setting("source", "hub"))
        #expect(answer.status == 400)
        #expect(answer.code == 4000)
        #expect(answer.message.contains("'source'"))
    }

    static let malformedBodies: [(String, String)] = [
        ("not JSON", #"{"batchId": "#),
        ("not an object", #"[{"batchId":"ABCDEFGH"}]"#),
        ("batchId missing", #"{"schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","deletes":["A"]}"#),
        ("batchId too short", #"{"batchId":"short","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","deletes":["A"]}"#),
        ("batchId with a dot", #"{"batchId":"batch.0001","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","deletes":["A"]}"#),
        ("batchId a number", #"{"batchId":12345678,"schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","deletes":["A"]}"#),
        ("schemaVersion missing", #"{"batchId":"ABCDEFGH","sentAt":"2026-11-29 10:00:00","deletes":["A"]}"#),
        ("schemaVersion a number", #"{"batchId":"ABCDEFGH","schemaVersion":1.0,"sentAt":"2026-11-29 10:00:00","deletes":["A"]}"#),
        ("sentAt missing", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","deletes":["A"]}"#),
        ("sentAt in RFC 3339", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29T10:00:00+08:00","deletes":["A"]}"#),
        ("sentAt not a real time", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-02-30 10:00:00","deletes":["A"]}"#),
        ("test a string", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","test":"false","deletes":["A"]}"#),
        ("both lists empty", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","upserts":[],"deletes":[]}"#),
        ("both lists absent", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00"}"#),
        ("upserts an object", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","upserts":{}}"#),
        ("an upsert not an object", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","upserts":["A"]}"#),
        ("a delete not a string", #"{"batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","deletes":[42]}"#),
        ("a duplicate key", #"{"batchId":"ABCDEFGH","batchId":"ABCDEFGH","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","deletes":["A"]}"#),
    ]

    @Test("a malformed envelope is refused with 400 and code 4000", arguments: malformedBodies)
    func malformedEnvelope(_ label: String, _ body: String) throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.send("POST", "/exchange/api/v1/exchange/rfgc/batches", body: Array(body.utf8))
        #expect(answer.status == 400, "\(label)")
        #expect(answer.code == 4000, "\(label): \(answer.message)")
    }

    @Test("a dataset the contract does not define is refused with code 4001")
    func unknownDataset() throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.post("rfgc2", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc()]))
        #expect(answer.status == 400)
        #expect(answer.code == 4001)
    }

    @Test("schemaVersion 2.0 is refused with code 4002")
    func unsupportedSchemaVersion() throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc()]).setting("schemaVersion", "2.0"))
        #expect(answer.status == 400)
        #expect(answer.code == 4002)
    }

    @Test("a body that is not application/json is refused with 4000")
    func contentType() throws {
        let fixture = ProvinceFixture()
        let body = try JSONWriter().bytes(for: ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc()]))
        let target = "/exchange/api/v1/exchange/rfgc/batches"
        var request = fixture.signer.request("POST", target, body: body, time: fixture.clock.now())
        request.headers.removeAll { $0.name == "Content-Type" }
        request.headers.append(("Content-Type", "text/plain"))
        #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 4000)

        request = fixture.signer.request("POST", target, body: body, time: fixture.clock.now())
        request.headers.removeAll { $0.name == "Content-Type" }
        request.headers.append(("content-type", "Application/JSON;charset=UTF-8"))
        #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 0)
    }

    @Test("rejected items carry their index and key, a two-field key as jbqbm|smrq, and the rest is stored")
    func partialAcceptance() throws {
        let fixture = ProvinceFixture()
        let upserts = [
            ProvinceBatches.jbsm("JBQ-0001"),
            ProvinceBatches.jbsm("JBQ-0002").setting("jbqlx", "XX"),
            ProvinceBatches.jbsm("JBQ-0003", smrq: "2026-10-19"),
            ProvinceBatches.jbsm("JBQ-0004").setting("smjg", "2"),
        ]
        let answer = try fixture.post("jbsm", ProvinceBatches.batch(upserts: upserts))
        #expect(answer.data["accepted"] == 2)
        #expect(answer.data["rejected"] == [
            ["index": 1, "key": "JBQ-0002|2026-09-19", "errors": [["field": "jbqlx", "reason": "unknown code 'XX'"]]],
            ["index": 3, "key": "JBQ-0004|2026-09-19", "errors": [["field": "gzms", "reason": "required when smjg is '2'"]]],
        ])
        let stored = try fixture.records("jbsm").data["records"]?.arrayValue?.compactMap { $0["jbqbm"]?.stringValue }
        #expect(stored == ["JBQ-0001", "JBQ-0003"])
    }

    @Test("a rejected item without a usable key reports what is there, or an empty key")
    func keylessRejection() throws {
        let fixture = ProvinceFixture()
        let upserts = [
            ProvinceBatches.jbsm().setting("jbqbm", nil),
            ProvinceBatches.jbsm().setting("jbqbm", nil).setting("smrq", nil),
            ProvinceBatches.rfgc().setting("gcbm", 42),
        ]
        let jbsm = try fixture.post("jbsm", ProvinceBatches.batch(upserts: Array(upserts[0...1])))
        #expect(jbsm.data["rejected"]?[0]?["key"] == "|2026-09-19")
        #expect(jbsm.data["rejected"]?[1]?["key"] == "")
        let rfgc = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [upserts[2]]))
        #expect(rfgc.data["rejected"]?[0]?["key"] == "42")
    }

    @Test("within one batch the later upsert of a key wins")
    func laterUpsertWins() throws {
        let fixture = ProvinceFixture()
        let later = ProvinceBatches.rfgc("A").setting("gcmc", "后一条")
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc("A"), later]))
        #expect(answer.data["accepted"] == 2)
        #expect(try fixture.records("rfgc").data["records"] == [later])
    }

    @Test("an upsert replaces the whole stored record: fields left out are gone")
    func upsertReplacesWholeRecord() throws {
        let fixture = ProvinceFixture()
        _ = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc("A")]))
        let slimmer = ProvinceBatches.rfgc("A").setting("dz", nil).setting("psyt", nil)
        _ = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [slimmer]))
        #expect(try fixture.records("rfgc").data["records"] == [slimmer])
    }

    @Test("deleted counts only the records actually removed; unknown keys are no error")
    func deleteCounts() throws {
        let fixture = ProvinceFixture()
        _ = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc("A"), ProvinceBatches.rfgc("B")]))
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(deletes: ["A", "NOPE", "A"]))
        #expect(answer.code == 0)
        #expect(answer.data["accepted"] == 0)
        #expect(answer.data["deleted"] == 1)
        #expect(try fixture.records("rfgc").data["total"] == 1)
    }

    @Test("a two-field key is deleted as value1|value2")
    func deleteTwoFieldKey() throws {
        let fixture = ProvinceFixture()
        _ = try fixture.post("hjjc", ProvinceBatches.batch(upserts: [ProvinceBatches.hjjc()]))
        let answer = try fixture.post("hjjc", ProvinceBatches.batch(deletes: ["S-001|2026-11-29 09:00:00"]))
        #expect(answer.data["deleted"] == 1)
    }

    @Test("test batches are stored apart: production read-back does not see them")
    func testKeptApart() throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc("T-1")], test: true))
        #expect(answer.data["accepted"] == 1)
        #expect(try fixture.records("rfgc").data["total"] == 0)
        #expect(try fixture.records("rfgc", query: "test=true").data["records"] == [ProvinceBatches.rfgc("T-1")])
        // A production delete does not reach the test store either.
        #expect(try fixture.post("rfgc", ProvinceBatches.batch(deletes: ["T-1"])).data["deleted"] == 0)
    }

    @Test("test batches are validated exactly like production ones")
    func testValidatedAlike() throws {
        let fixture = ProvinceFixture()
        let bad = ProvinceBatches.rfgc().setting("kljb", "H7")
        let test = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [bad], test: true))
        let production = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [bad]))
        #expect(test.data["rejected"] == production.data["rejected"])
    }

    @Test("concurrent batches are all applied exactly once")
    func concurrentBatches() async throws {
        let fixture = ProvinceFixture()
        let platform = fixture.platform
        let signer = fixture.signer
        let now = fixture.clock.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    // Every batch twice: one of each pair is the duplicate.
                    let body = try JSONWriter().bytes(for: ProvinceBatches.batch(batchId: "parallel-\(index)", upserts: [ProvinceBatches.rfgc("P-\(index)")]))
                    for _ in 0..<2 {
                        _ = platform.handle(signer.request("POST", "/exchange/api/v1/exchange/rfgc/batches", body: body, time: now))
                    }
                }
            }
            try await group.waitForAll()
        }
        let counters = platform.counters
        #expect(counters.appliedBatches == 40)
        #expect(counters.duplicateBatches == 40)
        #expect(counters.requestsHandled == 80)
        #expect(try fixture.records("rfgc").data["total"] == 40)
    }
}
