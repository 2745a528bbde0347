import Foundation
import HuitongCore
import HuitongHTTPServer
import HuitongHub
import HuitongLedger
import HuitongSandbox
import Synchronization
import HuitongTestSupport
import HuitongTransport
import Testing

/// `huitong serve` as an operator runs it: a child process against the sandbox, its JSON log
/// read back, signalled with SIGHUP (a new configuration, then a broken one) and SIGTERM.
@Suite(.serialized) struct ServeTests {
    static func job(_ name: String, _ schedule: String, _ extra: String = "") -> String {
        let sample = TestOffice.sampleJobs.first { $0.hasPrefix(name + ":") }!
        return sample + "\n  schedule: \"\(schedule)\"" + (extra.isEmpty ? "" : "\n  " + extra)
    }

    static func configuration(_ office: TestOffice, _ jobs: [String], port: UInt16? = nil) -> String {
        office.configurationFile(jobs: jobs, state: "state", ledger: "ledger").text
            + "\nservice: {max_jobs: 3, max_per_platform: 3\(port.map { ", listen: 127.0.0.1:\($0)" } ?? "")}\n"
    }

    /// A loopback port free a moment ago (the system's choice, released at once).
    static func freePort() throws -> UInt16 {
        let probe = try HTTPServer { _ in .text(200, "") }
        defer { probe.stop() }
        return probe.port
    }

    /// The log's events, in order.
    static func events(_ office: TestOffice) -> [Value] {
        let text = (try? String(contentsOfFile: office.path("serve.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONReader().value(from: Array($0.utf8)) }
    }

    static func count(_ office: TestOffice, _ event: String, job: String? = nil) -> Int {
        events(office).count { $0["event"]?.stringValue == event && (job == nil || $0["job"]?.stringValue == job) }
    }

    @Test func serveRunsOnScheduleSkipsOverlapsCatchesUpOnceReloadsOnSighupAndStopsCleanly() async throws {
        // The first shelters batch to the province takes 3 s: its first run outlasts two of its 1 s fires.
        let office = try TestOffice.withSamples(province: FaultPlan(rules: [FaultRule(kind: .slow(seconds: 3), selection: .sequence([1]), paths: ["/rfgc/batches"])]))
        // Sirens (hourly) and facilities (hourly) last fired three hours ago, while no service ran.
        let longAgo = SystemWallClock().now().adding(milliseconds: -3 * 3_600_000 - 60_000).formatted(.rfc3339Milliseconds, in: .beijing)
        try FileManager.default.createDirectory(atPath: office.path("state/service"), withIntermediateDirectories: true)
        try #"{"format":"huitong-service/1","jobs":{"sirens":{"lastFire":"\#(longAgo)","last":null},"facilities":{"lastFire":"\#(longAgo)","last":null}}}"#
            .write(toFile: office.path("state/service/state.json"), atomically: true, encoding: .utf8)
        let jobs = [
            Self.job("teams", "@every 1s"), Self.job("shelters", "@every 1s"),
            Self.job("sirens", "every 1h", "misfire: run-once"), Self.job("facilities", "every 1h", "misfire: skip\n  freshness: {warn: 1h, error: 2h}"),
        ]
        let port = try Self.freePort()
        try Self.configuration(office, jobs, port: port).write(toFile: office.configurationPath, atomically: true, encoding: .utf8)

        let serve = try HuitongProcess(["serve", "--config", office.configurationPath, "--log", office.path("serve.log")])
        // Once the first holds the state's lock, a second service is turned away.
        #expect(await HuitongProcess.wait(upTo: 120) { Self.count(office, "service-started") == 1 }, "\(serve.standardError)")
        let second = try HuitongProcess(["serve", "--config", office.configurationPath, "--log", office.path("other.log")])
        #expect(await second.exit(within: 60) == 3, "one service per state directory: \(second.standardError)")
        #expect(second.standardError.contains("another huitong serve holds"), "\(second.standardError)")

        #expect(await HuitongProcess.wait(upTo: 120) { Self.count(office, "run-finished", job: "teams") >= 3 && Self.count(office, "run-finished", job: "shelters") >= 2 },
                "\(serve.standardError) \(Self.events(office))")
        #expect(Self.count(office, "run-skipped", job: "shelters") >= 1, "the slow first shelters run outlasted its next fire")
        let misfires = Self.events(office).filter { $0["event"]?.stringValue == "misfire" }
        #expect(misfires.count == 2, "\(misfires)")
        #expect(misfires.contains { $0["job"] == "sirens" && $0["policy"] == "run-once" && $0["missed"] == 3 }, "\(misfires)")
        #expect(misfires.contains { $0["job"] == "facilities" && $0["policy"] == "skip" }, "\(misfires)")
        #expect(Self.count(office, "run-started", job: "sirens") == 1, "caught up once, not three times")
        #expect(Self.count(office, "run-started", job: "facilities") == 0, "skip waits for its next time")
        let sirensRun = Self.events(office).first { $0["event"] == "run-started" && $0["job"] == "sirens" }
        #expect(sirensRun?["reason"] == "misfire")
        let finished = try #require(Self.events(office).first { $0["event"] == "run-finished" && $0["job"] == "teams" })
        #expect(finished["outcome"]?.stringValue?.hasPrefix("complete") == true, "\(finished)")
        #expect((finished["counts"]?["sent"]?.integerValue ?? 0) > 0 && finished["durationMilliseconds"]?.integerValue != nil, "\(finished)")
        let log = (try? String(contentsOfFile: office.path("serve.log"), encoding: .utf8)) ?? ""
        #expect(!log.contains(SandboxCredentials.province.secret) && !log.contains(SandboxCredentials.city.secret), "no secret in the log")
        // Facilities never succeeded and has freshness thresholds: said once, at error.
        let freshness = Self.events(office).filter { $0["event"] == "freshness" }
        #expect(freshness.count == 1 && freshness.first?["job"] == "facilities" && freshness.first?["level"] == "error", "\(freshness)")

        // Status and metrics on loopback; the metrics' counters are the ledger's.
        let client = HTTPClient()
        let status = try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/status"))
        let statusValue = try JSONReader().value(from: status.body)
        #expect(status.status == 200 && statusValue["jobs"]?.arrayValue?.count == 4, "\(statusValue)")
        let scrape = try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/metrics"))
        #expect(scrape.status == 200 && scrape.headers.contains { $0.name.lowercased() == "content-type" && $0.value.contains("version=0.0.4") }, "\(scrape.headers)")
        let metrics = try PrometheusTextParser.parse(String(decoding: scrape.body, as: UTF8.self))
        let ledger = LedgerReader(directory: office.path("ledger"))
        for target in ["province-zyd", "city-team"] {
            let exchanges = try ledger.entries().compactMap { try? $0.manifest.get().exchange }.filter { $0.job == "teams" && $0.target == target }
            let accepted = metrics.samples("huitong_records_accepted_total").first { $0.labelValues["job"] == "teams" && $0.labelValues["target"] == target }?.value
            #expect(accepted == Double(exchanges.reduce(0) { $0 + $1.counts.accepted }), "\(target): \(String(describing: accepted)) against the ledger")
            let sent = metrics.samples("huitong_records_sent_total").first { $0.labelValues["job"] == "teams" && $0.labelValues["target"] == target }?.value
            #expect(sent == Double(exchanges.reduce(0) { $0 + $1.counts.upserted + $1.counts.deleted }))
        }

        // SIGHUP with a new configuration: teams hourly now, alerts added.
        let reloaded = [
            Self.job("teams", "every 1h"), Self.job("shelters", "@every 1s"), Self.job("sirens", "every 1h", "misfire: run-once"),
            Self.job("facilities", "every 1h", "misfire: skip\n  freshness: {warn: 1h, error: 2h}"), Self.job("alerts", "@every 1s"),
        ]
        try Self.configuration(office, reloaded, port: port).write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(await HuitongProcess.wait(upTo: 60) { Self.count(office, "run-finished", job: "alerts") >= 1 }, "\(Self.events(office).suffix(5))")
        #expect(Self.count(office, "reloaded") == 1)
        let teamsBefore = Self.count(office, "run-started", job: "teams")

        // SIGHUP with a broken configuration: reported at its line and column, the running one kept.
        try (Self.configuration(office, reloaded, port: port) + "\njobs_extra: 1\n").write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(await HuitongProcess.wait(upTo: 60) { Self.count(office, "reload-failed") == 1 })
        let failure = try #require(Self.events(office).first { $0["event"] == "reload-failed" })
        let firstError = failure["errors"]?[0]?.stringValue ?? ""
        #expect(firstError.contains("huitong.yaml:") && firstError.contains("jobs_extra"), "\(failure)")
        let alertsAfterFailure = Self.count(office, "run-finished", job: "alerts")
        #expect(await HuitongProcess.wait(upTo: 60) { Self.count(office, "run-finished", job: "alerts") > alertsAfterFailure }, "the running configuration goes on")
        #expect(Self.count(office, "run-started", job: "teams") == teamsBefore, "teams is hourly since the reload")

        // SIGTERM: no new run, the runs in flight end, the state is saved, exit 0.
        serve.signal(SIGTERM)
        #expect(await serve.exit(within: 90) == 0, "\(serve.standardError)")
        let last = Self.events(office).last
        #expect(last?["event"] == "stopped" && last?["reason"] == "SIGTERM", "\(String(describing: last))")
        #expect(Self.count(office, "stopping") == 1)
        let saved = try ServiceStateStore(stateDirectory: office.path("state")).load()
        #expect(Set(saved.lastFires.keys) == ["teams", "shelters", "sirens", "facilities", "alerts"], "\(saved.lastFires)")
        #expect(saved.lastOutcomes["alerts"]?["outcome"]?.stringValue?.hasPrefix("complete") == true, "\(saved.lastOutcomes)")
        #expect(office.jobLockIsFree("teams") && office.jobLockIsFree("shelters"))
    }

    @Test func aFailedRunIsPostedToTheWebhookRetriedAndWithoutASecret() async throws {
        let office = try TestOffice.withSamples()
        let received = Mutex<[String]>([])
        // The webhook fails the first delivery: the service tries again.
        let hook = try HTTPServer { request in
            let count = received.withLock { list in
                list.append(String(decoding: request.body, as: UTF8.self))
                return list.count
            }
            return count == 1 ? .text(500, "busy\n") : .text(200, "ok\n")
        }
        defer { hook.stop() }
        // The export was cut off inside an element: the run stops before sending, and fails.
        try #"[{"dwbm": "T-1", "name": "cut off"#.write(toFile: office.path("sources/cut.json"), atomically: true, encoding: .utf8)
        let broken = Self.job("teams", "every 1h").replacingOccurrences(of: "sources/teams.json", with: "sources/cut.json")
        try (Self.configuration(office, [broken]) + "  notify: {url: \"${env:HOOK_URL}\", on: [failed]}\n")
            .replacingOccurrences(of: "service: {max_jobs: 3, max_per_platform: 3}\n", with: "service:\n  max_jobs: 3\n")
            .write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        let token = "hook-token-\(UUID().uuidString)"
        let serve = try HuitongProcess(["serve", "--config", office.configurationPath, "--log", office.path("serve.log"), "--runs", "1"],
                                       environment: ["HOOK_URL": "http://127.0.0.1:\(hook.port)/hook?token=\(token)"])
        #expect(await serve.exit(within: 120) == 0, "\(serve.standardError)")
        let bodies = received.withLock { $0 }
        #expect(bodies.count == 2, "one failure, then delivered: \(bodies)")
        let summary = try JSONReader().value(from: Array((bodies.last ?? "").utf8))
        #expect(summary["event"] == "run-failed" && summary["job"] == "teams" && summary["outcome"] == "failed", "\(summary)")
        #expect(summary["error"]?.stringValue?.contains("cut.json") == true, "\(summary)")
        let notified = try #require(Self.events(office).first { $0["event"] == "notified" })
        #expect(notified["attempts"] == 2 && notified["host"] == "127.0.0.1", "\(notified)")
        let log = (try? String(contentsOfFile: office.path("serve.log"), encoding: .utf8)) ?? ""
        for text in [log] + bodies {
            #expect(!text.contains(token) && !text.contains(SandboxCredentials.province.secret) && !text.contains(SandboxCredentials.city.secret))
        }
    }

    @Test func aJointTestJobRunsInTestModeAndWritesItsReport() async throws {
        let office = try TestOffice.withSamples()
        try Self.configuration(office, [Self.job("teams", "every 1h", "joint_test: true")]).write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        let serve = try HuitongProcess(["serve", "--config", office.configurationPath, "--log", office.path("serve.log"), "--runs", "1"])
        #expect(await serve.exit(within: 120) == 0, "\(serve.standardError)")
        let finished = try #require(Self.events(office).first { $0["event"] == "run-finished" })
        #expect(finished["test"] == true && finished["jointTest"]?["verdict"] != nil, "\(finished)")
        let html = try #require(finished["jointTest"]?["html"]?.stringValue)
        #expect(FileManager.default.fileExists(atPath: html) && html.hasPrefix(office.path("state/reports/")))
        let exchange = try #require(try LedgerReader(directory: office.path("ledger")).entries().first?.manifest.get().exchange)
        #expect(exchange.test && exchange.job == "teams", "a joint-test exchange, kept apart")
    }
}
