import Foundation
import HuitongCore
import HuitongHub
import HuitongLedger
import HuitongPlatforms
import HuitongSandbox
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// An office with the rescue-team roster sent to both sandbox platforms every 15 minutes, with
/// a freshness policy; state and ledger in the office.
private func teamsOffice(province: FaultPlan = .none) throws -> TestOffice {
    let office = try TestOffice(province: province)
    try office.copyFixture("sources/teams.json", to: "teams.json")
    try office.configurationFile(
        jobs: [TestOffice.teamsJob(["schedule: every 15m", "freshness: {warn: 2h, error: 1d}"])], state: "state", ledger: "ledger"
    ).write()
    return office
}

private func json(_ output: String) throws -> Value {
    try JSONReader().value(from: output.trimmingCharacters(in: .whitespacesAndNewlines))
}

@Suite("huitong history and huitong status")
struct HistoryStatusCommandTests {
    @Test("a run is in the history and the status, and its metrics count what the ledger recorded")
    func runThenHistoryStatusAndMetrics() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        let config = ["--config", office.configurationPath]
        let before = await runHuitong(["status", "--json"] + config)
        #expect(before.status == .finishedWithFindings, "a job that never succeeded is stale: \(before.output)\(before.errors)")
        #expect(try json(before.output)["stale"] == ["teams"])
        #expect(try json(before.output)["jobs"]?[0]?["freshness"]?["level"] == "error")

        let run = await runHuitong(["run"] + config)
        #expect(run.status == .finishedWithFindings, "\(run.output)\(run.errors)")

        let history = await runHuitong(["history", "--json"] + config)
        #expect(history.status == .success, "\(history.errors)")
        let runs = try #require(try json(history.output)["runs"]?.arrayValue)
        #expect(runs.count == 1)
        let last = try #require(runs.first)
        #expect(last["outcome"] == "finished-with-findings" && last["test"] == false && last["error"] == .null)
        #expect(last["read"] == 42 && last["setAside"] == 2)
        #expect(last["targets"]?.arrayValue?.map { $0["accepted"] } == [40, 40])
        #expect(last["targets"]?.arrayValue?.map { $0["sent"] } == [40, 40])
        #expect(last["targets"]?.arrayValue?.allSatisfy { $0["ledgerEntry"]?.stringValue?.contains("/ledger/entries/") == true } == true)
        #expect(try json(history.output)["summary"]?["outcomes"] == ["finished-with-findings": 1])

        let text = await runHuitong(["history", "teams"] + config)
        #expect(text.output.contains("  teams  finished-with-findings  "), "\(text.output)")
        #expect(text.output.contains("read 42 · set aside 2 · sent 80 · accepted 80 · rejected 0"), "\(text.output)")
        #expect(text.output.contains("1 run(s): 1 finished-with-findings; last success"), "\(text.output)")

        let status = await runHuitong(["status", "--json"] + config)
        #expect(status.status == .success, "fresh after the run: \(status.output)\(status.errors)")
        let job = try #require(try json(status.output)["jobs"]?[0])
        #expect(job["lastRun"]?["outcome"] == "finished-with-findings" && job["running"] == false)
        #expect(job["lastSuccess"]?.stringValue != nil && job["nextRun"]?.stringValue != nil && job["overdue"] == false)
        #expect(job["freshness"]?["level"] == "fresh" && job["freshness"]?["warn"] == "2h" && job["freshness"]?["error"] == "1d")

        let metrics = await runHuitong(["status", "--metrics"] + config)
        #expect(metrics.status == .success, "\(metrics.errors)")
        let exposition = try PrometheusTextParser.parse(metrics.output)
        let entries = try LedgerReader(directory: office.path("ledger")).entries()
        #expect(entries.count == 2)
        for entry in entries {
            let exchange = try #require(try entry.manifest.get().exchange)
            let labels = ["job": exchange.job, "target": exchange.target, "platform": exchange.platform]
            #expect(exposition.value("huitong_records_accepted_total", labels) == Double(exchange.counts.accepted), "\(exchange.target)")
            #expect(exposition.value("huitong_records_rejected_total", labels) == Double(exchange.counts.rejected), "\(exchange.target)")
            #expect(exposition.value("huitong_records_sent_total", labels) == Double(exchange.counts.upserted + exchange.counts.deleted), "\(exchange.target)")
            #expect(exposition.value("huitong_records_not_sent_total", labels) == Double(exchange.counts.notSent), "\(exchange.target)")
            #expect(exposition.value("huitong_retries_total", labels) == Double(exchange.counts.retries), "\(exchange.target)")
            #expect(exposition.value("huitong_batch_duration_seconds_count", labels) == Double(exchange.batches.count), "one observation per batch")
            let finished = Double(exchange.timings.finished.millisecondsSinceEpoch) / 1000
            let platformSuccess = try #require(exposition.value("huitong_platform_last_success_timestamp_seconds", ["platform": exchange.platform]))
            #expect(abs(platformSuccess - finished) < 5, "the run finished just after its exchanges")
        }
        #expect(exposition.value("huitong_records_read_total", ["job": "teams"]) == 42)
        #expect(exposition.value("huitong_runs_total", ["job": "teams", "outcome": "finished-with-findings"]) == 1)
        #expect(exposition.family("huitong_batch_duration_seconds")?.type == "histogram")
    }

    @Test("a run with the platform down is incomplete with its error, and the run that finishes it is counted once")
    func platformDown() async throws {
        // The province answers 503 to its first eight batch requests: more than the profile's attempts.
        let office = try teamsOffice(province: FaultPlan(rules: [FaultRule(kind: .status(503), selection: .sequence(Set(1...8)), paths: ["/batches"])]))
        defer { office.remove() }
        let configuration = try HubConfiguration.load(path: office.configurationPath)
        // Connectors that wait no real time between attempts.
        let runner = JobRunner(configuration: configuration, ledger: LedgerRecorder(directory: configuration.ledgerDirectory)) { platform in
            try PlatformConnector(profile: platform.profile, settings: platform.settings) { _ in }
        }
        let job = try #require(configuration.job(named: "teams"))
        #expect(try await runner.run(job).status == .incomplete)

        let config = ["--config", office.configurationPath]
        let history = try json(await runHuitong(["history", "--json"] + config).output)
        let down = try #require(history["runs"]?[0])
        #expect(down["outcome"] == "incomplete")
        #expect(down["error"]?.stringValue?.contains("HTTP 503") == true, "\(down)")
        #expect(down["targets"]?[0]?["openBatches"] == 1 && down["targets"]?[0]?["ledgerEntry"] == .null)
        let status = await runHuitong(["status", "--json"] + config)
        #expect(status.status == .finishedWithFindings, "an incomplete run is no success: \(status.output)")

        #expect(try await runner.run(job).resumed)
        let metrics = try PrometheusTextParser.parse(await runHuitong(["status", "--metrics"] + config).output)
        let province = ["job": "teams", "target": "province-zyd", "platform": "province"]
        #expect(metrics.value("huitong_records_accepted_total", province) == 40, "the resumed run's exchange, counted once")
        #expect(metrics.value("huitong_records_sent_total", province) == 40)
        let exchange = try #require(try LedgerReader(directory: office.path("ledger")).latestEntry(job: "teams", target: "province-zyd", test: false)?.manifest.get().exchange)
        #expect(metrics.value("huitong_retries_total", province) == Double(exchange.counts.retries))
        #expect(metrics.value("huitong_runs_total", ["job": "teams", "outcome": "incomplete"]) == 1)
        #expect(metrics.value("huitong_runs_total", ["job": "teams", "outcome": "finished-with-findings"]) == 1)
    }

    @Test("a failed run is in the history with its error, never a secret; the last success stays")
    func failedRun() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        let config = ["--config", office.configurationPath]
        _ = await runHuitong(["run"] + config)
        // An export that lost every record: the delete guard stops the run before it sends anything.
        try "[]".write(toFile: office.path("teams.json"), atomically: true, encoding: .utf8)
        let refused = await runHuitong(["run"] + config)
        #expect(refused.status == .invalidInput, "\(refused.output)")

        let history = await runHuitong(["history", "--json"] + config)
        let runs = try #require(try json(history.output)["runs"]?.arrayValue)
        #expect(runs.map { $0["outcome"] } == ["finished-with-findings", "failed"])
        #expect(runs[1]["error"]?.stringValue?.contains("too many deletes") == true, "\(runs[1])")
        #expect(runs[1]["run"] == .null && runs[1]["targets"] == [])
        let text = await runHuitong(["history"] + config)
        #expect(text.output.contains("  teams  failed  "), "\(text.output)")
        #expect(text.output.contains("— job teams: stopped before sending anything — too many deletes."), "\(text.output)")

        let status = await runHuitong(["status", "--json"] + config)
        let job = try #require(try json(status.output)["jobs"]?[0])
        #expect(job["lastRun"]?["outcome"] == "failed" && job["lastSuccess"]?.stringValue != nil)
        #expect(status.status == .success, "the last success is still fresh")
        for output in [history.output, text.output, status.output, refused.output] {
            #expect(!output.contains(SandboxCredentials.province.secret) && !output.contains(SandboxCredentials.city.secret))
        }
    }

    @Test("a run killed with kill -9 is interrupted, or running while the job's lock is held")
    func killedRun() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        let process = try HuitongProcess(["run", "--config", office.configurationPath], environment: ["HUITONG_FAILPOINT": "batch-answered#1"])
        #expect(await process.exit(within: 120) == -SIGKILL)
        let config = ["--config", office.configurationPath]
        let history = try json(await runHuitong(["history", "--json"] + config).output)
        #expect(history["runs"]?.arrayValue?.map { $0["outcome"] } == ["interrupted"])
        #expect(history["runs"]?[0]?["pid"]?.integerValue != nil && history["runs"]?[0]?["finished"] == nil)

        var lock = try FileLock.acquire(office.path("state/teams/lock"), createFile: false, waitMilliseconds: 0)
        #expect(lock != nil)
        let held = try json(await runHuitong(["status", "--json"] + config).output)
        #expect(held["jobs"]?[0]?["running"] == true && held["jobs"]?[0]?["lastRun"]?["outcome"] == "running")
        lock = nil

        let finished = await runHuitong(["run"] + config)
        #expect(finished.output.contains("(finished an interrupted run)"), "\(finished.output)")
        let after = try json(await runHuitong(["history", "--json"] + config).output)
        #expect(after["runs"]?.arrayValue?.map { $0["outcome"] } == ["interrupted", "finished-with-findings"])
        #expect(after["runs"]?[1]?["resumed"] == true)
    }

    @Test("--since keeps the runs started since then, and a time it cannot read is a usage error")
    func since() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        let config = ["--config", office.configurationPath]
        _ = await runHuitong(["run"] + config)
        let recent = try json(await runHuitong(["history", "--since", "1h", "--json"] + config).output)
        #expect(recent["runs"]?.arrayValue?.count == 1)
        let future = try json(await runHuitong(["history", "--since", "2999-01-01", "--json"] + config).output)
        #expect(future["runs"] == [] && future["summary"]?["lastSuccess"] == .null)
        let bad = await runHuitong(["history", "--since", "yesterday"] + config)
        #expect(bad.status == .usage && bad.errors.contains("--since takes a time, a date or an age"), "\(bad.errors)")
        let unknown = await runHuitong(["status", "teems"] + config)
        #expect(unknown.status == .usage && unknown.errors.contains("Did you mean teams?"), "\(unknown.errors)")
    }
}
