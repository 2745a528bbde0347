import HuitongCore
import HuitongTestSupport
import Testing

@testable import HuitongPlatforms
import Foundation
import FoundationEssentials

/// The answer check as a value: a sealed batch and the platform's answer in, every item's fate
/// out. No I/O. One test per way an answer can fail to account for the batch, per platform.
@Suite struct BatchAnswerTests {
    /// A batch of `upserts` records (and `deletes` keys) for `dataset`, sealed by the profile's planner.
    static func batch(_ profile: PlatformProfile, _ dataset: String, upserts: Int, deletes: [String] = []) throws -> OutgoingBatch {
        let credentials: [String: Secret] = Dictionary(uniqueKeysWithValues: profile.credentials.map { ($0.name, Secret("x")) })
        let connector = try PlatformConnector(profile: profile, settings: PlatformSettings(
            name: profile.name, baseURL: "http://127.0.0.1:9/base", credentials: credentials
        ))
        var planner = try connector.planner(dataset: dataset, test: false, scope: "run-1")
        for number in 1...max(1, upserts) where upserts > 0 {
            let record = profile.name == "city" ? Payloads.shelter(number) : Payloads.rfgc(number)
            if case .sealed = planner.add(record) { Issue.record("the batch sealed early") }
        }
        for key in deletes { _ = planner.add(delete: key) }
        let batch = planner.finish()
        return try #require(batch)
    }

    static func read(_ answer: Value?, _ batch: OutgoingBatch, _ profile: PlatformProfile) -> BatchAnswer {
        let dataset = profile.dataset(named: batch.dataset)!
        var flag = false
        if case .flag = dataset.push.deletes { flag = true }
        return BatchAnswer(reading: answer, of: batch, outcome: dataset.push.outcome, flagDeletes: flag)
    }

    static func allUnconfirmed(_ answer: BatchAnswer) -> Bool {
        (answer.upserts + answer.deletes).allSatisfy { if case .unconfirmed = $0.fate { true } else { false } }
    }

    // MARK: The province: counts, index pointers, the echoed batch id

    static let province = Result { try PlatformProfile.bundled("province") }

    static func provinceAnswer(_ batch: OutgoingBatch, accepted: Int? = nil, deleted: Int = 0, duplicate: Bool = false, rejected: [Value] = []) -> Value {
        [
            "code": 0, "msg": "ok",
            "data": [
                "batchId": .string(batch.idempotencyKey), "accepted": .integer(Int64(accepted ?? batch.upserts.count)),
                "deleted": .integer(Int64(deleted)), "duplicate": .bool(duplicate), "rejected": .array(rejected),
            ],
        ]
    }

    static func rejection(index: Int) -> Value {
        ["index": .integer(Int64(index)), "key": "k", "errors": [["field": "kljb", "reason": "unknown code 'H7'"]]]
    }

    @Test func provinceAnHonestAnswerAcceptsEveryItem() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        let answer = Self.read(Self.provinceAnswer(batch), batch, profile)
        #expect(answer.unconfirmed == nil)
        #expect(answer.upserts.allSatisfy { $0.fate == .accepted } && answer.upserts.count == 40)
    }

    @Test func provinceAPartialAcceptanceThatAddsUpRejectsExactlyTheListedItem() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        let answer = Self.read(Self.provinceAnswer(batch, accepted: 39, rejected: [Self.rejection(index: 3)]), batch, profile)
        #expect(answer.unconfirmed == nil)
        #expect(answer.upserts[3].fate == .rejected([PlatformReason(field: "kljb", reason: "unknown code 'H7'")]))
        #expect(answer.upserts.count { $0.fate == .accepted } == 39)
    }

    @Test func provinceAShortCountWithNoRejectionListedIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        let answer = Self.read(Self.provinceAnswer(batch, accepted: 39), batch, profile)
        #expect(answer.unconfirmed == "the platform answered data.accepted 39 for 40 upserts and listed no rejection")
        #expect(Self.allUnconfirmed(answer))
    }

    @Test func provinceNullDataIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        let answer = Self.read(["code": 0, "msg": "ok", "data": nil], batch, profile)
        #expect(answer.unconfirmed?.contains("data is null") == true, "\(answer.unconfirmed ?? "")")
        #expect(Self.allUnconfirmed(answer))
    }

    @Test func provinceARejectionAtAnIndexOutsideTheBatchIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        let answer = Self.read(Self.provinceAnswer(batch, accepted: 39, rejected: [Self.rejection(index: 999)]), batch, profile)
        #expect(answer.unconfirmed == "the platform rejected item 999, but the request carried 40 items")
        #expect(Self.allUnconfirmed(answer))
    }

    @Test func provinceTwoRejectionsOfOneItemAreUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        let answer = Self.read(Self.provinceAnswer(batch, accepted: 38, rejected: [Self.rejection(index: 3), Self.rejection(index: 3)]), batch, profile)
        #expect(answer.unconfirmed == "the platform rejected item 3 twice")
    }

    @Test func provinceARejectionWithoutAnIndexIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 4)
        let answer = Self.read(Self.provinceAnswer(batch, accepted: 3, rejected: [["key": "320613-RF-0001"]]), batch, profile)
        #expect(answer.unconfirmed?.hasPrefix("the platform listed a rejection without an index") == true)
    }

    @Test func provinceADuplicateForAnotherBatchIDIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        var answer = Self.provinceAnswer(batch, duplicate: true).objectValue!
        var data = answer["data"]!.objectValue!
        data["batchId"] = "another-batch-0001"
        answer["data"] = .object(data)
        let read = Self.read(.object(answer), batch, profile)
        #expect(read.unconfirmed == "the platform answered duplicate: true for batch \"another-batch-0001\" at data.batchId, not for this batch's \(batch.idempotencyKey)")
        #expect(!read.duplicate && Self.allUnconfirmed(read))
    }

    @Test func provinceADuplicateForThisBatchIsItsFirstVerdict() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 40)
        let answer = Self.read(Self.provinceAnswer(batch, duplicate: true), batch, profile)
        #expect(answer.unconfirmed == nil && answer.duplicate)
        #expect(answer.upserts.allSatisfy { $0.fate == .accepted })
    }

    @Test func provinceAnAnswerThatDoesNotNameItsBatchIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 2)
        var answer = Self.provinceAnswer(batch).objectValue!
        var data = answer["data"]!.objectValue!
        data["batchId"] = nil
        answer["data"] = .object(data)
        #expect(Self.read(.object(answer), batch, profile).unconfirmed == "the answer names no batch at data.batchId")
    }

    @Test func provinceDeletesOfUnknownKeysCountNothingButNeverMoreThanSent() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 2, deletes: ["320613-RF-0901", "320613-RF-0902"])
        let fewer = Self.read(Self.provinceAnswer(batch, deleted: 1), batch, profile)
        #expect(fewer.unconfirmed == nil)
        #expect(fewer.deletes.allSatisfy { $0.fate == .accepted })
        let more = Self.read(Self.provinceAnswer(batch, deleted: 3), batch, profile)
        #expect(more.unconfirmed == "the platform answered data.deleted 3 for 2 deletes and listed no rejection")
        #expect(Self.allUnconfirmed(more) && more.deletes.count == 2)
    }

    @Test func provinceACountThatIsNotANumberIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 2)
        var answer = Self.provinceAnswer(batch).objectValue!
        var data = answer["data"]!.objectValue!
        data["accepted"] = "2"
        answer["data"] = .object(data)
        #expect(Self.read(.object(answer), batch, profile).unconfirmed == "data.accepted is \"2\", not a count")
    }

    @Test func anAnswerThatIsNotJSONIsUnconfirmed() throws {
        let profile = try Self.province.get()
        let batch = try Self.batch(profile, "rfgc", upserts: 2)
        let answer = Self.read(nil, batch, profile)
        #expect(answer.unconfirmed == "the answer is not JSON, so it says nothing about the items sent")
        #expect(Self.allUnconfirmed(answer))
    }

    // MARK: Without accounting the answer must still be consistent

    @Test func withoutAccountingAMissingListIsNoRejectionButMissingDataIsUnconfirmed() throws {
        let text = try String(contentsOfFile: RepositoryPaths.path("plugins/platforms/province.yaml"), encoding: .utf8)
        let start = try #require(text.range(of: "    # §3.2: accepted counts"))
        let end = try #require(text.range(of: "      batch_id: data.batchId\n"))
        let profile = try PlatformProfileLoader.load(text: text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: ""), fileName: "province.yaml")
        #expect(profile.push.outcome.accounting == nil)
        let batch = try Self.batch(profile, "rfgc", upserts: 3)
        let noList = Self.read(["code": 0, "msg": "ok", "data": ["batchId": .string(batch.idempotencyKey)]], batch, profile)
        #expect(noList.unconfirmed == nil && noList.upserts.allSatisfy { $0.fate == .accepted })
        let noData = Self.read(["code": 0, "msg": "ok"], batch, profile)
        #expect(noData.unconfirmed == "the answer has no data.duplicate: data is missing")
        let notAList = Self.read(["code": 0, "msg": "ok", "data": ["rejected": "none"]], batch, profile)
        #expect(notAList.unconfirmed == "data.rejected is \"none\", not a list")
    }

    // MARK: The city: total and succeeded, id pointers

    static let city = Result { try PlatformProfile.bundled("city") }

    static func cityAnswer(total: Int, succeeded: Int, failed: [Value] = []) -> Value {
        [
            "success": true, "code": "200", "message": "ok",
            "result": ["total": .integer(Int64(total)), "succeeded": .integer(Int64(succeeded)), "failed": .array(failed)],
        ]
    }

    @Test func cityAnHonestAnswerAcceptsEveryItem() throws {
        let profile = try Self.city.get()
        let batch = try Self.batch(profile, "shelter", upserts: 40)
        let answer = Self.read(Self.cityAnswer(total: 40, succeeded: 40), batch, profile)
        #expect(answer.unconfirmed == nil && answer.upserts.allSatisfy { $0.fate == .accepted })
    }

    @Test func cityAFailedObjectThatAddsUpIsRejectedByItsID() throws {
        let profile = try Self.city.get()
        let batch = try Self.batch(profile, "shelter", upserts: 40)
        let answer = Self.read(Self.cityAnswer(total: 40, succeeded: 39, failed: [["id": "320613-RF-0004", "message": "lat out of range"]]), batch, profile)
        #expect(answer.unconfirmed == nil)
        #expect(answer.upserts[3].fate == .rejected([PlatformReason(field: nil, reason: "lat out of range")]))
    }

    @Test func cityAShortSucceededWithNothingFailedIsUnconfirmed() throws {
        let profile = try Self.city.get()
        let batch = try Self.batch(profile, "shelter", upserts: 40)
        let answer = Self.read(Self.cityAnswer(total: 40, succeeded: 39), batch, profile)
        #expect(answer.unconfirmed == "the platform answered result.succeeded 39 for 40 upserts and listed no rejection")
        #expect(Self.allUnconfirmed(answer))
    }

    @Test func cityATotalThatIsNotTheItemsSentIsUnconfirmed() throws {
        let profile = try Self.city.get()
        let batch = try Self.batch(profile, "shelter", upserts: 40)
        let answer = Self.read(Self.cityAnswer(total: 47, succeeded: 47), batch, profile)
        #expect(answer.unconfirmed == "the platform answered result.total 47 for 40 items sent")
    }

    @Test func cityNullResultIsUnconfirmed() throws {
        let profile = try Self.city.get()
        let batch = try Self.batch(profile, "shelter", upserts: 40)
        let answer = Self.read(["success": true, "code": "200", "message": "ok", "result": nil], batch, profile)
        #expect(answer.unconfirmed == "the answer has no result.failed: result is null")
        #expect(Self.allUnconfirmed(answer))
    }

    @Test func cityAFailureForAnIDNeverSentIsUnconfirmed() throws {
        let profile = try Self.city.get()
        let batch = try Self.batch(profile, "shelter", upserts: 40)
        let answer = Self.read(Self.cityAnswer(total: 40, succeeded: 39, failed: [["id": "NEVER-SENT-999", "message": "lat out of range"]]), batch, profile)
        #expect(answer.unconfirmed == "the platform rejected \"NEVER-SENT-999\", which the request did not carry")
    }

    @Test func cityTwoFailuresForOneIDSentOnceAreUnconfirmed() throws {
        let profile = try Self.city.get()
        let batch = try Self.batch(profile, "shelter", upserts: 40)
        let failure: Value = ["id": "320613-RF-0004", "message": "lat out of range"]
        let answer = Self.read(Self.cityAnswer(total: 40, succeeded: 38, failed: [failure, failure]), batch, profile)
        #expect(answer.unconfirmed == "the platform rejected \"320613-RF-0004\" more often than the request carried it")
    }

    // MARK: The county: one count over upserts and flag deletes

    @Test func countyAppliedCountsUpsertsAndFlagDeletesTogether() throws {
        let profile = try CountyTestBed.profile()
        let batch = try Self.batch(profile, "refuges", upserts: 3, deletes: ["R-9"])
        func answer(applied: Int, failures: [Value] = [], requestId: String? = nil) -> Value {
            ["ok": true, "requestId": .string(requestId ?? batch.idempotencyKey), "applied": .integer(Int64(applied)), "failures": .array(failures)]
        }
        #expect(Self.read(answer(applied: 4), batch, profile).unconfirmed == nil)
        let rejectedDelete = Self.read(answer(applied: 3, failures: [["ref": "R-9", "problems": ["held by a drill"]]]), batch, profile)
        #expect(rejectedDelete.unconfirmed == nil)
        #expect(rejectedDelete.deletes[0].fate == .rejected([PlatformReason(field: nil, reason: "held by a drill")]))
        #expect(Self.read(answer(applied: 3), batch, profile).unconfirmed == "the platform answered applied 3 for 4 items and listed no rejection")
        #expect(Self.read(answer(applied: 4, requestId: "someone-else"), batch, profile).unconfirmed?.contains("not for this batch's") == true)
    }
}
