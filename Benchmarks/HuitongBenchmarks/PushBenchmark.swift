import Foundation
import HuitongCore
import HuitongPlatforms
import HuitongTransport

/// Delivery throughput: the platform connector pushing generated records to the sandbox
/// platforms, with `huitong sandbox` in a separate process, as an exchange does: the province's
/// `rfgc` (500 records per batch, signed) and the city's `shelter` (200 per batch, token and
/// SM3 digest).
///
/// huitong runs with the settings' default concurrency and again with one batch at a time.
/// The baseline is the `curl` command-line tool sending the same batches one after another
/// from files (see ``CurlCLIBaseline``); `wireRequest(for:)` makes its requests, so the items
/// and envelopes are byte for byte the connector's (the province's `sentAt` is the sending
/// time on each side). Every run starts a fresh sandbox, so no side meets the other's
/// records or idempotency keys, and is checked against the sandbox's own state afterwards.
enum PushBenchmark {
    static let benchmark = Benchmark(
        name: "push",
        summary: "records pushed to the sandbox platforms (separate process) through the connector, against the curl CLI sending the same batches",
        run: run
    )

    /// Records per platform when `--records` is not given.
    static let defaultRecords = 100_000
    /// The exchange scope of every batch, the same on every side so the batches are the same.
    private static let scope = "bench-push"
    /// Where the platform profiles are, relative to the working directory (the repository root).
    private static let profilesDirectory = "plugins/platforms"

    /// One measured run of one side.
    private struct Run {
        var seconds: Double
        var requests: Int
        var batchKeys: [String]
        var problems: [String]
        /// Batches in flight at once (huitong); 1 for curl.
        var concurrency = 1
        var connections = 0
        var bodyBytes = 0
        /// Batching and `wireRequest` before the curl side's clock starts (token fetch included).
        var preparationSeconds = 0.0
    }

    /// Every run of one side; the fastest counts, every one must pass its checks.
    private struct Side {
        var runs: [Run] = []
        var fastest: Run? { runs.min { $0.seconds < $1.seconds } }
        /// What went wrong in any run, each problem once.
        var problems: [String] {
            var seen = Set<String>()
            return runs.flatMap(\.problems).filter { seen.insert($0).inserted }
        }
    }

    /// The three sides of one case.
    private struct Sides {
        var concurrent = Side()
        var sequential = Side()
        var curl = Side()
        /// Why the curl side stopped, when it could not run.
        var curlFailure: String?
    }

    private static func run(_ settings: BenchmarkSettings) throws {
        let huitong = try SandboxProcess.huitongExecutable()
        let scratch = settings.keepPath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-push-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer {
            if settings.keepPath == nil { try? FileManager.default.removeItem(atPath: scratch) }
        }
        let count = settings.records ?? defaultRecords
        for pushCase in try PushCase.all(profilesDirectory: profilesDirectory) {
            let records = pushCase.records(count)
            var sides = Sides()
            // Interleaved, so that a slow spell of the machine does not fall on one side only.
            for _ in 0..<settings.runs {
                sides.concurrent.runs.append(try measureHuitong(pushCase, records: records, concurrency: nil, huitong: huitong, scratch: scratch))
                sides.sequential.runs.append(try measureHuitong(pushCase, records: records, concurrency: 1, huitong: huitong, scratch: scratch))
                guard settings.runsBaselines, sides.curlFailure == nil else { continue }
                do {
                    sides.curl.runs.append(try measureCurl(pushCase, records: records, huitong: huitong, scratch: scratch))
                } catch {
                    sides.curlFailure = "\(error)"
                }
            }
            report(pushCase, records: count, sides, settings: settings, scratch: scratch)
        }
    }

    /// Prints the result line and the checked and timed lines under it.
    private static func report(_ pushCase: PushCase, records: Int, _ sides: Sides, settings: BenchmarkSettings, scratch: String) {
        guard let fast = sides.concurrent.fastest, let slow = sides.sequential.fastest else { return }
        let batches = fast.batchKeys.count
        var line = "Push to sandbox, \(pushCase.platform) \(pushCase.dataset) \(grouped(records)) records (\(counted(batches, "batch", "batches"))): "
        line += "huitong \(rate(records, per: fast.seconds)) rec/s, \(rate(fast.requests, per: fast.seconds)) req/s (concurrency \(fast.concurrency))"
        line += " | sequential \(rate(records, per: slow.seconds)) rec/s, \(rate(slow.requests, per: slow.seconds)) req/s"
        var problems = sides.concurrent.problems.map { "huitong: " + $0 } + sides.sequential.problems.map { "sequential: " + $0 }
        let baseline = sides.curl.fastest
        if let failure = sides.curlFailure {
            line += " | curl CLI: not run (\(failure))"
        } else if let baseline {
            line += " | curl CLI \(rate(records, per: baseline.seconds)) rec/s, \(rate(baseline.requests, per: baseline.seconds)) req/s"
            line += " | ratio \(fixed(baseline.seconds / fast.seconds, 1))x (sequential \(fixed(baseline.seconds / slow.seconds, 1))x)"
            problems += sides.curl.problems.map { "curl CLI: " + $0 }
            if baseline.batchKeys != fast.batchKeys {
                problems.append("curl CLI sent other batches than huitong (their idempotency keys differ)")
            }
        }

        var notes: [String] = []
        if problems.isEmpty {
            var checked = "checked: every \(baseline == nil ? "huitong run" : "side's run") left \(grouped(records)) \(pushCase.dataset) records "
                + "stored in a fresh sandbox, \(counted(batches, "batch", "batches")) applied, 0 duplicates, 0 conflicts, 0 rejected, 0 error answers"
            if let baseline {
                checked += "; the same \(counted(batches, "batch id", "batch ids")) on both sides; curl: every answer HTTP 200, "
                    + "\(counted(baseline.connections, "connection", "connections")), "
                    + "\(fixed(Double(baseline.bodyBytes) / 1e6, 1)) MB of bodies"
            }
            notes.append(checked)
        } else {
            notes.append("CHECK FAILED: " + problems.joined(separator: "; "))
        }
        let before = pushCase.profile.authentication.fetchesToken ? "token and ping" : "ping"
        var timed = "timed: huitong from records in memory to the last answer (batching, encoding, signing included; \(before) before the clock)"
        if let baseline {
            timed += ", curl from launch to exit (batching and wireRequest before the clock: \(fixed(baseline.preparationSeconds, 2)) s)"
        }
        notes.append(timed + "; best of \(settings.runs), a fresh huitong sandbox process per run")
        if settings.keepPath != nil, baseline != nil {
            notes.append("curl config and bodies of the last run kept in \(curlDirectory(pushCase, scratch: scratch))")
        }
        print(line)
        for note in notes {
            print("  " + note)
        }
    }

    /// One push of `records` through the connector against a fresh sandbox, checked against the
    /// connector's report and the sandbox's state.
    private static func measureHuitong(
        _ pushCase: PushCase, records: [OutgoingRecord], concurrency: Int?, huitong: String, scratch: String
    ) throws -> Run {
        let sandbox = try SandboxProcess(executable: huitong, directory: scratch)
        defer { sandbox.stop() }
        let connector = try pushCase.connector(baseURL: try sandbox.baseURL(of: pushCase.platform), concurrency: concurrency)
        let expectedKeys = try pushCase.batches(of: records, connector: connector, scope: scope).map(\.idempotencyKey)
        let dataset = pushCase.dataset
        let (report, elapsed) = try blocking {
            // Fetches the token (city) and opens a connection, as the curl side has its token beforehand.
            _ = try await connector.ping()
            let start = ContinuousClock.now
            let report = try await connector.push(dataset: dataset, test: false, scope: scope, upserts: records)
            return (report, seconds(ContinuousClock.now - start))
        }
        var problems: [String] = []
        if report.accepted != records.count || report.rejected + report.notSent > 0 {
            problems.append("the connector reports \(report.accepted) accepted, \(report.rejected) rejected, \(report.notSent) not sent"
                            + (report.failures.first.map { " (\($0))" } ?? ""))
        }
        if report.retries > 0 { problems.append("\(report.retries) retries") }
        let keys = report.batches.map(\.idempotencyKey)
        if keys != expectedKeys { problems.append("push made other batches than the planner") }
        problems += try check(sandbox, pushCase, records: records.count, batches: expectedKeys.count)
        return Run(
            seconds: elapsed, requests: report.requests, batchKeys: keys, problems: problems,
            concurrency: connector.settings.concurrency
        )
    }

    /// One curl run sending the planned batches, signed and authenticated by the connector for
    /// a fresh sandbox just before the launch (province timestamps stay within their window).
    private static func measureCurl(_ pushCase: PushCase, records: [OutgoingRecord], huitong: String, scratch: String) throws -> Run {
        let sandbox = try SandboxProcess(executable: huitong, directory: scratch)
        defer { sandbox.stop() }
        let connector = try pushCase.connector(baseURL: try sandbox.baseURL(of: pushCase.platform))
        let start = ContinuousClock.now
        let batches = try pushCase.batches(of: records, connector: connector, scope: scope)
        let requests = try blocking {
            var requests: [HTTPRequest] = []
            requests.reserveCapacity(batches.count)
            for batch in batches { requests.append(try await connector.wireRequest(for: batch)) }
            return requests
        }
        let preparation = seconds(ContinuousClock.now - start)
        // Emptied first, so that a kept directory holds exactly this run's files.
        let directory = curlDirectory(pushCase, scratch: scratch)
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let result = try CurlCLIBaseline.send(requests, directory: directory)
        var problems: [String] = []
        let refused = result.statuses.filter { $0 != 200 }
        if !refused.isEmpty {
            problems.append("\(refused.count) answers were not HTTP 200 (first: \(refused[0]))")
        }
        problems += try check(sandbox, pushCase, records: records.count, batches: batches.count)
        return Run(
            seconds: result.seconds, requests: requests.count, batchKeys: batches.map(\.idempotencyKey), problems: problems,
            connections: result.connections, bodyBytes: result.bodyBytes, preparationSeconds: preparation
        )
    }

    /// Where the curl side of `pushCase` writes its bodies and config.
    private static func curlDirectory(_ pushCase: PushCase, scratch: String) -> String {
        scratch + "/curl-\(pushCase.platform)-\(pushCase.dataset)"
    }

    /// What is wrong with the sandbox's state after a side delivered `records` in `batches`.
    private static func check(_ sandbox: SandboxProcess, _ pushCase: PushCase, records: Int, batches: Int) throws -> [String] {
        let state = try sandbox.state(of: pushCase.platform)
        guard let tally = pushCase.tally(state, pushCase.dataset) else {
            throw BenchmarkFailure("the \(pushCase.platform) sandbox's state has no totals or counters where the benchmark reads them")
        }
        let expected = SandboxTally(stored: records, appliedBatches: batches, duplicates: 0, conflicts: 0, rejected: 0, errorAnswers: 0)
        guard tally != expected else { return [] }
        return ["the sandbox holds \(tally.stored) records after \(tally.appliedBatches) batches applied, \(tally.duplicates) duplicates, "
                + "\(tally.conflicts) conflicts, \(tally.rejected) rejected, \(tally.errorAnswers) error answers"]
    }
}

/// `count` with its noun, as result lines print counts: `1 batch`, `200 batches`.
private func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(grouped(count)) \(count == 1 ? singular : plural)"
}

private extension AuthenticationScheme {
    /// Whether requests carry a token fetched from the platform first.
    var fetchesToken: Bool {
        if case .tokenEndpoint = self { true } else { false }
    }
}
