import Foundation
import HuitongCore
import HuitongLedger
import HuitongTestSupport
import Testing

/// `huitong ledger history JOB/TARGET KEY`: one record across three exchanges.
@Suite("huitong ledger history")
struct LedgerHistoryTests {
    /// Entry 1 sends 0001 and 0002; entry 2 changes 0002 and the platform rejects 0003; entry 3
    /// no longer holds 0002; entry 4 is a joint test.
    static func ledger() throws -> String {
        let root = NSTemporaryDirectory() + "huitong-history-" + UUID().uuidString
        let ledger = ExchangeLedger(directory: root + "/ledger")
        let started = Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)
        let versions: [([(String, Value)], [RejectedRecord], Bool)] = [
            ([("0001", ["id": "0001", "capacity": 100]), ("0002", ["id": "0002", "capacity": 200, "name": "甲"])], [], false),
            ([("0001", ["id": "0001", "capacity": 100]), ("0002", ["id": "0002", "capacity": 250, "name": "甲"])],
             [RejectedRecord(key: "0003", location: "shelters.csv:4", stage: .rejected, reasons: [.init(field: "kljb", rule: "E102", message: "not a capacity code")])], false),
            ([("0001", ["id": "0001", "capacity": 100])], [], false),
            ([("0002", ["id": "0002", "capacity": 1])], [], true),
        ]
        for (index, (records, rejects, test)) in versions.enumerated() {
            let entry = try ledger.beginEntry()
            for (key, record) in records { try entry.appendDatasetRecord(key: key, record: record) }
            for reject in rejects { try entry.appendRejectedRecord(reject) }
            try entry.commit(ExchangeDescription(
                runId: "2025112910000\(index)-hx\(index)", job: "shelters", target: "province-rfgc", platform: "province", dataset: "rfgc",
                mode: .sync, test: test, schemaVersion: "2026.1",
                inputs: ExchangeInputs(configurationSHA256: SHA256.hash("configuration"), mappings: [:]),
                counts: ExchangeCounts(read: 3, normalised: 3, setAside: 0, unchanged: 0, upserted: 3, deleted: 0, accepted: 3, rejected: rejects.count, notSent: 0, retries: 0),
                timings: ExchangeTimings(started: started.adding(milliseconds: Int64(index) * 86_400_000), finished: started.adding(milliseconds: Int64(index) * 86_400_000 + 1_000)),
                batches: [BatchVerdict(idempotencyKey: "batch-\(index)", httpStatus: 200, accepted: 3, rejected: rejects.count)]))
        }
        return root + "/ledger"
    }

    @Test("sent, changed with its fields, deleted; joint tests apart")
    func history() async throws {
        let ledger = try Self.ledger()
        let result = await runHuitong(["ledger", "history", "shelters/province-rfgc", "0002", "--ledger", ledger])
        #expect(result.status == .success, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(lines)")
        #expect(lines[0] == "0002 in shelters/province-rfgc: 3 event(s) in 3 exchange(s)")
        #expect(lines[1].hasPrefix("000001  2025-11-29") && lines[1].hasSuffix("sent: {\"capacity\":200,\"id\":\"0002\",\"name\":\"甲\"}"), "\(lines[1])")
        #expect(lines[2].hasPrefix("000002  2025-11-30") && lines[2].hasSuffix("changed capacity"))
        #expect(lines[3] == "    capacity: 200 → 250")
        #expect(lines[4].hasPrefix("000003  2025-12-01") && lines[4].hasSuffix("deleted: the platform no longer holds it"))

        let test = await runHuitong(["ledger", "history", "shelters/province-rfgc", "0002", "--test", "--json", "--ledger", ledger])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(test.output.utf8)) as? [String: Any])
        #expect(object["exchanges"] as? Int == 1)
        #expect((object["events"] as? [[String: Any]])?.map { $0["event"] as? String } == ["sent"])
    }

    @Test("a record the platform rejected, with the reason; one never seen; an unknown job")
    func refusedAndUnknown() async throws {
        let ledger = try Self.ledger()
        let rejected = await runHuitong(["ledger", "history", "shelters/province-rfgc", "0003", "--ledger", ledger, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rejected.output.utf8)) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events.first?["event"] as? String == "rejected")
        #expect(events.first?["reasons"] as? [String] == ["kljb E102: not a capacity code"])
        #expect(events.first?["location"] as? String == "shelters.csv:4")
        let never = await runHuitong(["ledger", "history", "shelters/province-rfgc", "0009", "--ledger", ledger])
        #expect(never.status == .success)
        #expect(never.output.contains("never held by the platform, never refused"))
        let unknown = await runHuitong(["ledger", "history", "sirens/city", "0001", "--ledger", ledger])
        #expect(unknown.status == .invalidInput)
        let usage = await runHuitong(["ledger", "history", "shelters", "--ledger", ledger])
        #expect(usage.status == .usage)
        let misplaced = await runHuitong(["ledger", "list", "--test", "--ledger", ledger])
        #expect(misplaced.status == .usage)
    }
}
