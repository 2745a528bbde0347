import Foundation
import HuitongCore
import HuitongLedger
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// A ledger of three exchanges in a temporary directory; the third is a joint test to the city.
private final class SampleLedger: Sendable {
    let root: String
    var directory: String { root + "/ledger" }

    init() throws {
        root = NSTemporaryDirectory() + "huitong-ledger-command-" + UUID().uuidString
        let ledger = ExchangeLedger(directory: root + "/ledger")
        let started = Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)
        for (index, target) in ["province", "province", "city"].enumerated() {
            let entry = try ledger.beginEntry()
            for number in 1...3 {
                try entry.appendDatasetRecord(key: "320602-000\(number)", record: ["id": .string("320602-000\(number)"), "capacity": .integer(Int64(100 * number + (number == 3 ? index : 0)))])
            }
            try entry.appendRejectedRecord(RejectedRecord(key: "320602-0009", location: "shelters.csv:12", stage: .rejected,
                                                          reasons: [.init(field: "kljb", rule: "E102", message: "not a capacity code")]))
            try entry.commit(ExchangeDescription(
                runId: "2025112910000\(index)-ab\(index)", job: "shelters", target: target, platform: target, dataset: "shelter",
                mode: .sync, test: index == 2, schemaVersion: "2026.1",
                inputs: ExchangeInputs(configurationSHA256: SHA256.hash("configuration"),
                                       mappings: ["mappings/targets/province/shelter.yaml": SHA256.hash("mapping")]),
                counts: ExchangeCounts(read: 5, normalised: 4, setAside: 1, unchanged: 0, upserted: 4, deleted: 0,
                                       accepted: 3, rejected: 1, notSent: 0, retries: 0),
                timings: ExchangeTimings(started: started, finished: started.adding(milliseconds: 3_250)),
                batches: [BatchVerdict(idempotencyKey: "batch-\(index)", httpStatus: 200, accepted: 3, rejected: 1)]))
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func entryPath(_ sequence: Int) throws -> String {
        try #require(try LedgerReader(directory: directory).entries().first { $0.sequence == sequence }).path
    }

    func flipByte(in path: String, at offset: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

private func object(_ output: String) throws -> Value {
    try JSONReader().value(from: output.trimmingCharacters(in: .whitespacesAndNewlines))
}

@Suite("huitong ledger")
struct LedgerCommandTests {
    @Test("--help describes all three actions and the default ledger directory")
    func help() async {
        let result = await runHuitong(["ledger", "--help"])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.hasPrefix("Usage: huitong ledger [options] ACTION [ENTRY]"))
        for action in ["verify", "list", "show ENTRY"] { #expect(result.output.contains("  \(action) ")) }
        #expect(result.output.contains(".huitong/ledger"))
        #expect(result.output.contains("--ledger DIR"))
    }

    @Test("an unknown action is a usage error that suggests the nearest one")
    func unknownAction() async {
        let result = await runHuitong(["ledger", "verfy"])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("unknown action \"verfy\""))
        #expect(result.errors.contains("Did you mean 'verify'?"))
    }

    @Test("no action, show without ENTRY, and options of another action are usage errors")
    func usageErrors() async throws {
        let ledger = try SampleLedger()
        #expect(await runHuitong(["ledger"]).status == HuitongCore.ExitStatus.usage)
        let show = await runHuitong(["ledger", "show", "--ledger", ledger.directory])
        #expect(show.status == HuitongCore.ExitStatus.usage)
        #expect(show.errors.contains("needs ENTRY"))
        #expect(await runHuitong(["ledger", "list", "--head", String(repeating: "0", count: 64), "--ledger", ledger.directory]).status == HuitongCore.ExitStatus.usage)
        #expect(await runHuitong(["ledger", "verify", "3", "--ledger", ledger.directory]).status == HuitongCore.ExitStatus.usage)
        #expect(await runHuitong(["ledger", "verify", "--head", "abc", "--ledger", ledger.directory]).status == HuitongCore.ExitStatus.usage)
    }

    @Test("verify: an intact ledger exits 0 and prints its head")
    func verifyIntact() async throws {
        let ledger = try SampleLedger()
        let result = await runHuitong(["ledger", "verify", "--ledger", ledger.directory])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.contains("ledger \(ledger.directory): 3 entries, intact"))
        #expect(result.output.contains("head: entry 3 (20251129100002-ab2-shelters-city), manifest SHA-256 "))
    }

    @Test("verify --json prints one object with intact, entries, head and problems")
    func verifyJSON() async throws {
        let ledger = try SampleLedger()
        let result = await runHuitong(["ledger", "verify", "--json", "--ledger", ledger.directory])
        #expect(result.status == HuitongCore.ExitStatus.success)
        let json = try object(result.output)
        #expect(json["intact"] == true)
        #expect(json["entries"] == 3)
        #expect(json["head"]?["sequence"] == 3)
        #expect(json["problems"] == [])
        let head = try #require(json["head"]?["manifestSHA256"]?.stringValue)
        let again = await runHuitong(["ledger", "verify", "--head", head, "--ledger", ledger.directory])
        #expect(again.status == HuitongCore.ExitStatus.success)
    }

    @Test("verify: a one-byte change in a dataset exits 1 and names the entry and the file")
    func verifyOneByteChange() async throws {
        let ledger = try SampleLedger()
        try ledger.flipByte(in: try ledger.entryPath(2) + "/dataset.jsonl", at: 12)
        let result = await runHuitong(["ledger", "verify", "--ledger", ledger.directory])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        #expect(result.output.contains("entry 000002 (000002-20251129100001-ab1-shelters-province): dataset.jsonl was changed"))
        #expect(result.output.contains("3 entries, 1 problem, NOT intact"))
        let json = try object(await runHuitong(["ledger", "verify", "--json", "--ledger", ledger.directory]).output)
        #expect(json["intact"] == false)
        #expect(json["problems"]?[0]?["kind"] == "file-changed")
        #expect(json["problems"]?[0]?["file"] == "entries/000002-20251129100001-ab1-shelters-province/dataset.jsonl")
    }

    @Test("verify: a one-byte change in the newest manifest exits 1 too")
    func verifyManifestChange() async throws {
        let ledger = try SampleLedger()
        try ledger.flipByte(in: try ledger.entryPath(3) + "/manifest.json", at: 100)
        let result = await runHuitong(["ledger", "verify", "--ledger", ledger.directory])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        #expect(result.output.contains("entry 000003"))
        #expect(result.output.contains("manifest.json"))
    }

    @Test("verify, list and show exit 3 when the ledger directory is missing, saying what to do")
    func missingLedger() async {
        for action in [["verify"], ["list"], ["show", "1"]] {
            let result = await runHuitong(["ledger"] + action + ["--ledger", "/nonexistent/huitong-ledger"])
            #expect(result.status == HuitongCore.ExitStatus.invalidInput)
            #expect(result.errors.contains("/nonexistent/huitong-ledger: there is no ledger directory here"))
            #expect(result.errors.contains("--ledger DIR"))
        }
    }

    @Test("--config reads only the file's ledger: a job naming a missing mapping does not stop an auditor's list or verify")
    func configurationWithABrokenMapping() async throws {
        let ledger = try SampleLedger()
        let config = ledger.root + "/huitong.yaml"
        try """
        version: 1
        plugins: \(RepositoryPaths.path("plugins"))
        mappings: \(RepositoryPaths.mappings)
        ledger: ledger
        platforms:
          province:
            base_url: http://127.0.0.1:9
            credentials: {app_key: \(SandboxCredentials.province.id), app_secret: "${env:HUITONG_TEST_UNSET_PROVINCE_SECRET}"}
        jobs:
          shelters:
            source: {adapter: csv, path: shelters.csv}
            mapping: sources/shelters-missing.yaml
            targets:
              - {platform: province, mapping: targets/province/missing.yaml}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let list = await runHuitong(["ledger", "list", "--config", config])
        #expect(list.status == HuitongCore.ExitStatus.success, "\(list.output)\(list.errors)")
        #expect(list.output.split(separator: "\n").count == 3, "the ledger beside the configuration, not the working directory's")
        let verify = await runHuitong(["ledger", "verify", "--config", config])
        #expect(verify.status == HuitongCore.ExitStatus.success, "\(verify.output)\(verify.errors)")

        // The version is still checked: a file of another version is not read as this one.
        try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "version: 1", with: "version: 2")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let other = await runHuitong(["ledger", "list", "--config", config])
        #expect(other.status == HuitongCore.ExitStatus.invalidInput)
        #expect(other.errors.contains("configuration version 1"), "\(other.errors)")
    }

    @Test("list prints one line per entry: sequence, time, job → platform/dataset, mode, counts, test flag")
    func list() async throws {
        let ledger = try SampleLedger()
        let result = await runHuitong(["ledger", "list", "--ledger", ledger.directory])
        #expect(result.status == HuitongCore.ExitStatus.success)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "000001  2025-11-29 10:00:03  shelters → province/shelter  sync  read 5, set aside 1, unchanged 0, upserted 4, deleted 0, accepted 3, rejected 1")
        #expect(lines[2].hasPrefix("000003  2025-11-29 10:00:03  shelters → city/shelter  sync  "))
        #expect(lines[2].hasSuffix("  test"))
    }

    @Test("list --json prints the entries with their manifest summaries")
    func listJSON() async throws {
        let ledger = try SampleLedger()
        let result = await runHuitong(["ledger", "list", "--json", "--ledger", ledger.directory])
        let json = try object(result.output)
        #expect(json["entries"]?.arrayValue?.count == 3)
        #expect(json["entries"]?[2]?["test"] == true)
        #expect(json["entries"]?[0]?["runId"] == "20251129100000-ab0")
        #expect(json["entries"]?[0]?["counts"]?["accepted"] == 3)
        #expect(json["entries"]?[0]?["manifestSHA256"]?.stringValue?.count == 64)
    }

    @Test("list of an empty ledger says so")
    func listEmpty() async throws {
        let directory = NSTemporaryDirectory() + "huitong-ledger-empty-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = await runHuitong(["ledger", "list", "--ledger", directory])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output == "no entries in \(directory)\n")
    }

    @Test("show lays out the manifest with file hashes and prints the first records")
    func show() async throws {
        let ledger = try SampleLedger()
        let result = await runHuitong(["ledger", "show", "2", "--limit", "2", "--ledger", ledger.directory])
        #expect(result.status == HuitongCore.ExitStatus.success)
        let output = result.output
        #expect(output.hasPrefix("entry       000002-20251129100001-ab1-shelters-province (sequence 2)\n"))
        #expect(output.contains("job         shelters → province: platform province, dataset shelter"))
        #expect(output.contains("finished    2025-11-29T10:00:03.250+08:00 (3250 ms)"))
        #expect(output.contains("batches     batch-1  HTTP 200  accepted 3, rejected 1"))
        #expect(output.contains("files       manifest.json  "))
        #expect(output.contains("dataset.jsonl  "))
        #expect(output.contains("chain       previous manifest "))
        #expect(output.contains("dataset.jsonl, first 2 of 3 records:\n  320602-0001  {\"capacity\":100,\"id\":\"320602-0001\"}"))
        #expect(output.contains("  320602-0009  rejected  shelters.csv:12  kljb: not a capacity code [E102]"))
    }

    @Test("show finds an entry by run id prefix; an unknown entry is a usage error")
    func showByRunId() async throws {
        let ledger = try SampleLedger()
        let found = await runHuitong(["ledger", "show", "20251129100002", "--ledger", ledger.directory])
        #expect(found.status == HuitongCore.ExitStatus.success)
        #expect(found.output.contains("mode        sync, joint test"))
        let missing = await runHuitong(["ledger", "show", "nothing", "--ledger", ledger.directory])
        #expect(missing.status == HuitongCore.ExitStatus.usage)
        #expect(missing.errors.contains("no entry matches \"nothing\""))
    }

    @Test("show --json prints the manifest as stored and the first records")
    func showJSON() async throws {
        let ledger = try SampleLedger()
        let result = await runHuitong(["ledger", "show", "1", "--json", "--ledger", ledger.directory])
        #expect(result.status == HuitongCore.ExitStatus.success)
        let json = try object(result.output)
        #expect(json["sequence"] == 1)
        #expect(json["manifest"]?["previousManifestSHA256"] == .null)
        #expect(json["manifest"]?["selfSHA256"]?.stringValue?.count == 64)
        #expect(json["dataset"]?.arrayValue?.count == 3)
        #expect(json["rejects"]?[0]?["stage"] == "rejected")
    }
}
