import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HuitongCore
import HuitongLedger
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// `huitong diff`: two ledger entries of the same exchange, an entry against a file, the
/// output formats and the exit statuses.
@Suite("huitong diff")
struct DiffCommandTests {
    /// A ledger with two exchanges of shelters to the province: the second changes 0002's
    /// capacity and name, drops 0003 and adds 0004.
    static func ledger() throws -> String {
        let root = NSTemporaryDirectory() + "huitong-diff-command-" + UUID().uuidString
        let ledger = ExchangeLedger(directory: root + "/ledger")
        let started = Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)
        let versions: [[(String, Value)]] = [
            [("0001", ["id": "0001", "capacity": 100]), ("0002", ["id": "0002", "capacity": 200, "name": "旧名"]), ("0003", ["id": "0003", "capacity": 300])],
            [("0001", ["id": "0001", "capacity": 100.0]), ("0002", ["id": "0002", "capacity": 250, "name": "<新名>"]), ("0004", ["id": "0004", "capacity": 400])],
        ]
        for (index, records) in versions.enumerated() {
            let entry = try ledger.beginEntry()
            for (key, record) in records { try entry.appendDatasetRecord(key: key, record: record) }
            try entry.commit(ExchangeDescription(
                runId: "2025112910000\(index)-ab\(index)", job: "shelters", target: "province-rfgc", platform: "province", dataset: "rfgc",
                mode: .sync, test: false, schemaVersion: "2026.1",
                inputs: ExchangeInputs(configurationSHA256: SHA256.hash("configuration"), mappings: [:]),
                counts: ExchangeCounts(read: 3, normalised: 3, setAside: 0, unchanged: 0, upserted: 3, deleted: 0, accepted: 3, rejected: 0, notSent: 0, retries: 0),
                timings: ExchangeTimings(started: started, finished: started.adding(milliseconds: 1_000)),
                batches: [BatchVerdict(idempotencyKey: "batch-\(index)", httpStatus: 200, accepted: 3, rejected: 0)]))
        }
        return root + "/ledger"
    }

    @Test("two entries by reference: the summary first, then each record in key order; exit 1")
    func twoEntries() async throws {
        let ledger = try Self.ledger()
        let result = await runHuitong(["diff", "shelters/province-rfgc@latest~1", "shelters/province-rfgc@latest", "--ledger", ledger])
        #expect(result.status == .finishedWithFindings, "\(result.output) \(result.errors)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("A: entry 000001-") && lines[0].hasSuffix("(shelters → province/rfgc, 3 records)"), "\(lines)")
        #expect(lines[1].hasPrefix("B: entry 000002-"))
        #expect(lines[2] == "1 added, 1 removed, 1 changed, 1 unchanged", "100 and 100.0 are one value")
        #expect(lines[3] == "changed fields: capacity 1, name 1")
        #expect(Array(lines[5...]) == [
            "~ 0002", "    capacity: 200 → 250", "    name: \"旧名\" → \"<新名>\"",
            "- 0003  {\"capacity\":300,\"id\":\"0003\"}", "+ 0004  {\"capacity\":400,\"id\":\"0004\"}", "",
        ])
        let same = await runHuitong(["diff", "1", "1", "--ledger", ledger])
        #expect(same.status == .success)
        #expect(same.output.contains("equal: 3 records, none added, removed or changed"))
    }

    @Test("--format json and jsonl, --only, --limit, --ignore")
    func formats() async throws {
        let ledger = try Self.ledger()
        let json = await runHuitong(["diff", "1", "2", "--ledger", ledger, "--format", "json", "--ignore", "name"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.output)")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["changed"] as? Int == 1 && summary["added"] as? Int == 1 && summary["equal"] as? Bool == false)
        #expect((summary["fields"] as? [String: Int]) == ["capacity": 1], "name ignored")
        let differences = try #require(object["differences"] as? [[String: Any]])
        #expect(differences.map { $0["kind"] as? String } == ["changed", "removed", "added"])
        #expect((differences[0]["changes"] as? [[String: Any]])?.first?["new"] as? Int == 250)

        let only = await runHuitong(["diff", "1", "2", "--ledger", ledger, "--format", "jsonl", "--only", "added"])
        let lines = only.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "the summary, then the one added record: \(lines)")
        #expect(lines[1].contains("\"kind\":\"added\""))
        #expect(only.status == .finishedWithFindings)
        let noneRemovedAfterIgnoring = await runHuitong(["diff", "1", "1", "--ledger", ledger, "--only", "removed"])
        #expect(noneRemovedAfterIgnoring.status == .success)

        let limited = await runHuitong(["diff", "1", "2", "--ledger", ledger, "--limit", "1"])
        #expect(limited.output.contains("showing 1 of 3 records (--limit)"), "\(limited.output)")
        #expect(limited.output.split(separator: "\n").filter { $0.hasPrefix("+ ") || $0.hasPrefix("- ") || $0.hasPrefix("~ ") }.count == 1)
    }

    @Test("--format html: one self-contained page, parsed back, every value escaped")
    func html() async throws {
        let ledger = try Self.ledger()
        let result = await runHuitong(["diff", "1", "2", "--ledger", ledger, "--format", "html"])
        #expect(result.status == .finishedWithFindings)
        #expect(!result.output.contains("<新名>"), "the value's < and > are escaped")
        #expect(result.output.contains("&quot;&lt;新名&gt;&quot;"))
        #expect(!result.output.contains("<script") && !result.output.contains("http"), "no script, nothing fetched")
        let document = try XMLDocument(data: Data(result.output.utf8), options: [])
        let summary = try document.nodes(forXPath: "//table[@id='summary']//td").map { $0.stringValue ?? "" }
        #expect(summary == ["different", "1", "1", "1", "1"], "\(summary)")
        let fields = try document.nodes(forXPath: "//table[@id='fields']//td").map { $0.stringValue ?? "" }
        #expect(fields == ["capacity", "1", "name", "1"])
        let rows = try document.nodes(forXPath: "//table[@id='records']/tr[@class]")
        #expect(rows.count == 4, "two changed fields, one removed, one added")
        let cells = try document.nodes(forXPath: "//table[@id='records']//td").map { $0.stringValue ?? "" }
        #expect(cells.contains("\"<新名>\"") && cells.contains("\"旧名\""), "\(cells)")
        #expect(cells.contains("{\"capacity\":300,\"id\":\"0003\"}"))
    }

    @Test("a CSV file in GB18030, keyed by its columns, against a JSON Lines file")
    func csvInput() async throws {
        let directory = NSTemporaryDirectory() + "huitong-diff-csv-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // "编号,名称,人数\r\nB-2,乙,20\r\nA-1,甲,10\r\n" in GB18030.
        let gb18030: [UInt8] = [
            0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xc8, 0xcb, 0xca, 0xfd, 0x0d, 0x0a, 0x42, 0x2d, 0x32, 0x2c,
            0xd2, 0xd2, 0x2c, 0x32, 0x30, 0x0d, 0x0a, 0x41, 0x2d, 0x31, 0x2c, 0xbc, 0xd7, 0x2c, 0x31, 0x30, 0x0d, 0x0a,
        ]
        try Data(gb18030).write(to: URL(fileURLWithPath: directory + "/a.csv"))
        try "{\"编号\":\"A-1\",\"名称\":\"甲\",\"人数\":\"10\"}\n{\"编号\":\"B-2\",\"名称\":\"乙\",\"人数\":\"21\"}\n"
            .write(toFile: directory + "/b.jsonl", atomically: true, encoding: .utf8)
        let result = await runHuitong(["diff", directory + "/a.csv", directory + "/b.jsonl", "--key", "编号"])
        #expect(result.status == .finishedWithFindings, "\(result.output) \(result.errors)")
        #expect(result.output.contains("0 added, 0 removed, 1 changed, 1 unchanged"), "\(result.output)")
        #expect(result.output.contains("~ B-2\n    人数: \"20\" → \"21\""), "\(result.output)")
        let noKey = await runHuitong(["diff", directory + "/a.csv", directory + "/b.jsonl"])
        #expect(noKey.status == .invalidInput)
        #expect(noKey.errors.contains("a CSV file needs --key"))
    }

    @Test("an unsorted CSV larger than the sorter's memory (chunks of 50 rows) comes out in key order, every row once")
    func unsortedCSVBeyondTheMemoryLimit() async throws {
        let directory = NSTemporaryDirectory() + "huitong-diff-csv-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let count = 3_000
        var text = "编号,名称\n"
        for index in (0..<count).map({ ($0 * 1_543) % count }) { text += "S\(String(format: "%04d", index)),第\(index)号\n" }
        try text.write(toFile: directory + "/big.csv", atomically: true, encoding: .utf8)
        var records = try await DiffCommand.csv(directory + "/big.csv", key: ["编号"], scratch: directory, chunkSize: 50)
        #expect(records.count == count)
        var keys: [String] = []
        while let next = try records.next() { keys.append(next.key) }
        #expect(keys == (0..<count).map { "S\(String(format: "%04d", $0))" })
    }

    @Test("an entry against a JSON Lines file of records keyed by --key, in any order")
    func entryAgainstAFile() async throws {
        let ledger = try Self.ledger()
        let file = (ledger as NSString).deletingLastPathComponent + "/platform.jsonl"
        try """
            {"id":"0004","capacity":400}
            {"id":"0001","capacity":100}
            {"id":"0002","capacity":250,"name":"<新名>"}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let equal = await runHuitong(["diff", "shelters/province-rfgc@latest", file, "--key", "id", "--ledger", ledger])
        #expect(equal.status == .success, "\(equal.output) \(equal.errors)")
        #expect(equal.output.contains("B: \(file) (3 records)"))
        let noKey = await runHuitong(["diff", "2", file, "--ledger", ledger])
        #expect(noKey.status == .invalidInput)
        #expect(noKey.errors.contains("line 1 is not a ledger dataset line"), "\(noKey.errors)")
    }

    @Test("a key with control characters is shown escaped in text: it cannot move the cursor or recolour the terminal")
    func controlCharactersEscaped() async throws {
        let root = NSTemporaryDirectory() + "huitong-diff-keys-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Each file's one line has no line feed after it: it is read all the same.
        try #"{"id":"a\u001b[2Jb","v":1}"#.write(toFile: root + "/a.jsonl", atomically: true, encoding: .utf8)
        try #"{"id":"a\u001b[2Jb","v":2}"#.write(toFile: root + "/b.jsonl", atomically: true, encoding: .utf8)
        let result = await runHuitong(["diff", root + "/a.jsonl", root + "/b.jsonl", "--key", "id"])
        #expect(result.status == .finishedWithFindings, "\(result.output) \(result.errors)")
        #expect(!result.output.contains("\u{1B}") && result.output.contains("~ a\\u{1b}[2Jb"), "\(result.output)")
        #expect(DiffCommand.printable("ok 中文") == "ok 中文" && DiffCommand.printable("\u{9B}\n") == "\\u{9b}\\u{a}")
    }

    @Test("an unknown reference exits 3, a bad option 2")
    func errors() async throws {
        let ledger = try Self.ledger()
        let unknown = await runHuitong(["diff", "shelters/city@latest", "2", "--ledger", ledger])
        #expect(unknown.status == .invalidInput, "\(unknown.errors)")
        #expect(unknown.errors.contains("shelters/city has no entry in the ledger"), "\(unknown.errors)")
        let tolerance = await runHuitong(["diff", "1", "2", "--ledger", ledger, "--tolerance", "-1"])
        #expect(tolerance.status == .usage)
        let only = await runHuitong(["diff", "1", "2", "--ledger", ledger, "--only", "moved"])
        #expect(only.status == .usage)
    }
}
