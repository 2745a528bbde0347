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


    @Test("export refuses a package directory inside the ledger")
    func exportNotIntoTheLedger() async throws {
        let ledger = try Self.ledger()
        let inside = await runHuitong(["ledger", "export", "1..2", "--to", ledger + "/evidence", "--ledger", ledger])
        #expect(inside.status == .usage && inside.errors.contains("is inside the ledger"), "\(inside.errors)")
        #expect(!FileManager.default.fileExists(atPath: ledger + "/evidence"))
    }

    @Test("export: an evidence package checked by sha256sum and verify.py alone; a change in it is found; a damaged ledger is not exported")
    func export() async throws {
        let ledger = try Self.ledger()
        let target = (ledger as NSString).deletingLastPathComponent + "/evidence"
        let result = await runHuitong(["ledger", "export", "2..shelters/province-rfgc@latest", "--to", target, "--ledger", ledger])
        #expect(result.status == .success, "\(result.errors)")
        #expect(result.output.contains("exported entries 2 to 3"), "\(result.output)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: target + "/entries").sorted()
        #expect(entries.count == 3, "the chain: manifests of entries 1 to 3")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target + "/entries/" + entries[0]) == ["manifest.json"], "entry 1: its manifest only")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: target + "/entries/" + entries[2])) == ["manifest.json", "dataset.jsonl", "rejects.jsonl"])
        let sums = try runCommand(["sha256sum", "-c", "SHA256SUMS"], in: target)
        #expect(sums.status == 0, "\(sums.output)")
        let verified = try runCommand(["python3", "verify.py"], in: target)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("3 manifests, 4 data files: intact"), "\(verified.output)")
        let readme = try String(contentsOfFile: target + "/README.md", encoding: .utf8)
        #expect(readme.contains("python3 verify.py") && readme.contains("| 3 | exchange | shelters | province / rfgc |"))

        // One byte changed in an exported dataset: both checks find it.
        let dataset = target + "/entries/" + entries[1] + "/dataset.jsonl"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dataset)))
        bytes[20] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: dataset))
        #expect(try runCommand(["sha256sum", "--quiet", "-c", "SHA256SUMS"], in: target).status != 0)
        let tampered = try runCommand(["python3", "verify.py"], in: target)
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("\(entries[1])/dataset.jsonl: SHA-256"), "\(tampered.output)")

        // A data file of an exported entry deleted (and its line taken out of SHA256SUMS): found.
        try Data(try Data(contentsOf: URL(fileURLWithPath: original(ledger, 2)))).write(to: URL(fileURLWithPath: dataset))
        try FileManager.default.removeItem(atPath: target + "/entries/" + entries[2] + "/rejects.jsonl")
        let missing = try runCommand(["python3", "verify.py"], in: target)
        #expect(missing.status == 1)
        #expect(missing.output.contains("\(entries[2])/rejects.jsonl: missing"), "\(missing.output)")

        // Into a directory that is not empty, or from a damaged ledger: refused.
        let again = await runHuitong(["ledger", "export", "1", "--to", target, "--ledger", ledger])
        #expect(again.status == .usage)
        try Data(bytes).write(to: URL(fileURLWithPath: try original(ledger, 2)))
        let damaged = await runHuitong(["ledger", "export", "1..3", "--to", target + "-2", "--ledger", ledger])
        #expect(damaged.status == .invalidInput)
        #expect(damaged.errors.contains("the ledger is not intact"), "\(damaged.errors)")
    }

    func original(_ ledger: String, _ sequence: Int) throws -> String {
        try #require(try LedgerReader(directory: ledger).entries().first { $0.sequence == sequence }).path(of: "dataset.jsonl")
    }
}
