import Foundation
import HuitongCore
import HuitongLedger

/// `huitong diff` on two ledger entries of 1,000,000 records with 1% changed, against the
/// obvious Python: load both datasets into dicts and compare them. Each runs as a process of
/// its own, its wall time and its own peak resident memory measured (``MeasuredCommand``);
/// the claim is at least 10× faster with a peak under 100 MB.
///
/// Both must find exactly the changed records the generator made, and nothing else.
enum DiffBenchmark {
    static let benchmark = Benchmark(
        name: "diff",
        summary: "huitong diff of two 1,000,000-record ledger datasets, 1% changed, against Python dicts: at least 10x faster, peak under 100 MB",
        run: run
    )

    static let defaultRecords = 1_000_000
    static let speedClaim = 10.0
    static let memoryLimitBytes = 100_000_000

    /// Loads both datasets into dicts keyed by key and compares them, as a script would.
    static let pythonBaseline = """
        import json, sys
        def load(path):
            with open(path, encoding="utf-8") as handle:
                return {line["key"]: line["record"] for line in map(json.loads, handle)}
        old, new = load(sys.argv[1]), load(sys.argv[2])
        added = [k for k in new if k not in old]
        removed = [k for k in old if k not in new]
        changed = 0
        for key, record in new.items():
            before = old.get(key)
            if before is not None and before != record:
                changed += 1
                fields = [f for f in set(before) | set(record) if before.get(f) != record.get(f)]
        print(f"added={len(added)} removed={len(removed)} changed={changed}")
        """

    private static func run(_ settings: BenchmarkSettings) throws {
        let huitong = try SandboxProcess.huitongExecutable()
        let records = settings.records ?? defaultRecords
        let scratch = settings.keepPath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-diff-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer {
            if settings.keepPath == nil { try? FileManager.default.removeItem(atPath: scratch) }
        }
        let directory = scratch + "/ledger"
        let changed = try writeLedger(records: records, to: directory)
        let entries = try LedgerReader(directory: directory).entries()
        guard entries.count == 2 else { throw BenchmarkFailure("the generated ledger has \(entries.count) entries, not 2") }
        let script = scratch + "/diff_baseline.py"
        try pythonBaseline.write(toFile: script, atomically: true, encoding: .utf8)

        var ours: [MeasuredCommand.Result] = [], theirs: [MeasuredCommand.Result] = []
        var problems: [String] = []
        for _ in 0..<settings.runs {
            let result = try MeasuredCommand.run(huitong, ["diff", "1", "2", "--ledger", directory, "--format", "jsonl"])
            guard result.exitCode == 1 else { throw BenchmarkFailure("huitong diff ended with \(result.ending), not 1 (different)") }
            let head = String(decoding: result.output.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            if !head.contains("\"added\":0,\"removed\":0,\"changed\":\(changed),") {
                problems.append("huitong diff's summary is \(head.prefix(300)), not \(changed) changed and nothing else")
            }
            ours.append(result)
            if settings.runsBaselines {
                let baseline = try MeasuredCommand.run("/usr/bin/env", ["python3", script, entries[0].datasetPath, entries[1].datasetPath])
                let text = String(decoding: baseline.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if text != "added=0 removed=0 changed=\(changed)" { problems.append("the Python baseline printed \(text)") }
                theirs.append(baseline)
            }
        }
        guard let best = ours.map(\.seconds).min(), let peak = ours.max(by: { $0.peakBytes < $1.peakBytes }) else { return }
        var line = "huitong diff: \(grouped(records)) against \(grouped(records)) ledger records, \(grouped(changed)) changed: "
            + "\(fixed(best, 2)) s, \(rate(2 * records, per: best)) rec/s, peak \(peak.peakIsExact ? "" : "≤ ")\(fixed(Double(peak.peakBytes) / 1e6, 0)) MB"
        if let theirBest = theirs.map(\.seconds).min(), let theirPeak = theirs.max(by: { $0.peakBytes < $1.peakBytes }) {
            let ratio = theirBest / best
            line += " | baseline Python dicts \(fixed(theirBest, 2)) s, peak \(fixed(Double(theirPeak.peakBytes) / 1e6, 0)) MB"
            line += " | \(fixed(ratio, 1))x faster (claim \(fixed(speedClaim, 0))x\(ratio >= speedClaim ? ")" : ", NOT MET)")"
        }
        line += peak.peakBytes < memoryLimitBytes ? " | peak under 100 MB" : " | peak OVER 100 MB"
        print(line)
        print("  " + (problems.isEmpty ? "checked: both found exactly the \(grouped(changed)) records the generator changed, nothing added or removed" : "CHECK FAILED: " + problems.joined(separator: "; ")))
        print("  timed: each from launch to exit, best of \(ours.count); peak: the process's own resident high-water mark, highest of \(ours.count)")
    }

    /// Two entries of `records` shelter-like records; the second changes every 100th record's
    /// capacity. The number changed.
    static func writeLedger(records: Int, to directory: String) throws -> Int {
        let ledger = ExchangeLedger(directory: directory)
        let started = Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)
        var changed = 0
        for version in 0..<2 {
            let entry = try ledger.beginEntry()
            for index in 0..<records {
                let key = "320600-RF-\(String(format: "%07d", index))"
                let bump = version == 1 && index % 100 == 0
                if bump { changed += 1 }
                let record: Value = [
                    "gcbm": .string(key), "gcmc": .string("人防工程\(index)号"), "xzqhdm": .string("3206\(String(format: "%02d", index % 7))"),
                    "jd": .double(120.8 + Double(index % 1000) / 10_000), "wd": .double(32.0 + Double(index % 997) / 10_000),
                    "mjpfm": .double(Double(1000 + index % 5000) + 0.5), "fhdj": .string(["5", "6", "6B"][index % 3]),
                    "yrs": .integer(Int64(500 + index % 3000 + (bump ? 1 : 0))), "zt": "1",
                ]
                try entry.appendDatasetRecord(key: key, record: record)
            }
            try entry.commit(ExchangeDescription(
                runId: "2025112910000\(version)-bench", job: "shelters", target: "province-rfgc", platform: "province", dataset: "rfgc",
                mode: .sync, test: false, schemaVersion: "2026.1",
                inputs: ExchangeInputs(configurationSHA256: SHA256.hash("configuration"), mappings: [:]),
                counts: ExchangeCounts(read: records, normalised: records, setAside: 0, unchanged: 0, upserted: records, deleted: 0,
                                       accepted: records, rejected: 0, notSent: 0, retries: 0),
                timings: ExchangeTimings(started: started, finished: started.adding(milliseconds: 1_000)),
                batches: [BatchVerdict(idempotencyKey: "bench-\(version)", httpStatus: 200, accepted: records, rejected: 0)]))
        }
        return changed
    }
}
