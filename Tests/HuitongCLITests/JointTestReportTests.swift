import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HuitongCore
import HuitongHub
import HuitongLedger
import HuitongSandbox
import HuitongTestSupport
import Testing

/// `huitong run --test` against the sandbox with faults on: its report's numbers are the
/// ledger's and the run's, the HTML parses back, and `huitong report RUN` makes it again.
@Suite("Joint-test report")
struct JointTestReportTests {
    @Test("a joint test with faults: checks, counts by dataset matching the ledger, reasons, latency chart, verdict; made again by huitong report")
    func reportMatchesTheLedger() async throws {
        // The province answers its first two batch requests 503: retried, then accepted.
        let office = try TestOffice(province: FaultPlan(rules: [FaultRule(kind: .status(503), selection: .sequence([1, 2]), paths: ["/batches"])]))
        for name in ["shelters.csv", "teams.json"] { try office.copyFixture("sources/\(name)", to: "sources/\(name)") }
        let file = office.configurationFile(jobs: ["""
            shelters:
              source: {adapter: csv, path: sources/shelters.csv}
              mapping: sources/shelter-registry.yaml
              targets:
                - {platform: province, mapping: targets/province/rfgc.yaml}
                - {platform: city, mapping: targets/city/shelter.yaml}
            """, """
            teams:
              source: {adapter: json, path: sources/teams.json}
              mapping: sources/rescue-teams.yaml
              targets:
                - {platform: province, mapping: targets/province/zyd.yaml}
            """], state: "state", ledger: "ledger")
        try (file.text + "\njoint_test:\n  pass: {rejected: 0%, unconfirmed: 0, latency_p95: 60s, credentials_proven: false}\n")
            .write(toFile: office.configurationPath, atomically: true, encoding: .utf8)

        let result = await runHuitong(["run", "--test", "--config", office.configurationPath])
        let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("Joint-test report: ") }, "\(result.output) \(result.errors)")
        let parts = line.split(separator: " ")
        let verdict = String(parts[2]), htmlPath = String(parts[3])
        let ledger = LedgerReader(directory: office.path("ledger"))
        let exchanges = try ledger.entries().compactMap { try? $0.manifest.get().exchange }
        #expect(exchanges.count == 3 && exchanges.allSatisfy(\.test), "three joint-test exchanges")
        // The sample register has rows the platforms refuse: the verdict fails on them, and says so.
        let rejected = exchanges.reduce(0) { $0 + $1.counts.rejected }
        #expect(verdict == (rejected > 0 ? "FAIL" : "PASS"), "\(line)")
        #expect(exchanges.reduce(0) { $0 + $1.counts.retries } >= 2, "the 503s were retried")

        let html = try String(contentsOfFile: htmlPath, encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("http://") || html.contains("http://www.w3.org/2000/svg"), "nothing fetched")
        let document = try XMLDocument(data: Data(html.utf8), options: [])
        let rows = try document.nodes(forXPath: "//table[@id='datasets']/tr[td]")
        #expect(rows.count == 3)
        for row in rows {
            let cells = try row.nodes(forXPath: "td").map { $0.stringValue ?? "" }
            let exchange = try #require(exchanges.first { "\($0.platform) / \($0.dataset)" == cells[1] && $0.job == cells[0] }, "\(cells)")
            #expect(cells[2] == "\(exchange.counts.upserted + exchange.counts.deleted)" && cells[3] == "\(exchange.counts.accepted)"
                    && cells[4] == "\(exchange.counts.rejected)" && cells[6] == "\(exchange.counts.notSent)", "\(cells) against \(exchange.counts)")
            #expect(cells[7].hasSuffix(" ms"), "batch latencies from the ledger: \(cells[7])")
        }
        // The run history, which also holds runs that wrote no ledger entry, says the same.
        for job in ["shelters", "teams"] {
            let history = try JobHistory.read(stateDirectory: office.path("state"), job: job, test: true)
            let finish = try #require(history.outcomes.last?.run.finish, "\(job): a finished run in the history")
            for counts in finish.targets {
                let row = try #require(try rows.first { try $0.nodes(forXPath: "td").map { $0.stringValue ?? "" }[1] == "\(counts.platform) / \(counts.dataset)" })
                let cells = try row.nodes(forXPath: "td").map { $0.stringValue ?? "" }
                #expect(cells[2] == "\(counts.upserts + counts.deletes)" && cells[3] == "\(counts.accepted)" && cells[4] == "\(counts.rejected)"
                        && cells[5] == "\(counts.unconfirmed)" && cells[6] == "\(counts.notSent)", "\(cells) against the history's \(counts)")
            }
        }
        let platforms = try document.nodes(forXPath: "//table[@id='platforms']/tr[td]/td[1]").map { $0.stringValue ?? "" }
        #expect(platforms == ["city", "province"])
        #expect(try document.nodes(forXPath: "//*[local-name()='svg']").count == 3, "a latency chart per dataset")
        let checks = try document.nodes(forXPath: "//table[@id='checks']/tr[td]")
        #expect(checks.count >= 8)
        if rejected > 0 {
            let reasons = try document.nodes(forXPath: "//table[@class='rejected']/tr[td]/td[2]").map { Int($0.stringValue ?? "") ?? 0 }
            #expect(reasons.reduce(0, +) == rejected, "every rejected record is under a reason")
        }
        let verdictNode = try document.nodes(forXPath: "//p[@id='verdict']").first?.stringValue
        #expect(verdictNode == verdict)

        // Made again from the ledger and the saved checks: the same page.
        let run = exchanges[0].runId
        let again = await runHuitong(["report", run, "--format", "html", "--config", office.configurationPath])
        #expect(again.status == (verdict == "PASS" ? .success : .finishedWithFindings), "\(again.errors)")
        #expect(again.output == html)
        let markdown = await runHuitong(["report", String(run.prefix(14)), "--config", office.configurationPath])
        #expect(markdown.output == (try String(contentsOfFile: htmlPath.replacingOccurrences(of: ".html", with: ".md"), encoding: .utf8)))
        #expect(markdown.output.contains("**Verdict: \(verdict)**") && markdown.output.contains("(at most ±60.0 s)"), "\(markdown.output)")
        let none = await runHuitong(["report", "no-such-run", "--config", office.configurationPath])
        #expect(none.status == .invalidInput)

        // A joint test killed before its report: the run history stands in; the checks it did not keep fail.
        try FileManager.default.removeItem(atPath: htmlPath.replacingOccurrences(of: ".html", with: ".json"))
        let fromHistory = await runHuitong(["report", run, "--format", "json", "--config", office.configurationPath])
        #expect(fromHistory.status == .finishedWithFindings, "\(fromHistory.errors)")
        let rebuilt = try JSONReader().value(from: Array(fromHistory.output.utf8))
        let rebuiltChecks: [Value] = rebuilt["checks"]?.arrayValue ?? []
        let failed: [String] = rebuiltChecks.filter { $0["passed"] == .bool(false) }.compactMap { $0["detail"]?.stringValue }
        #expect(failed.contains { $0.contains("not recorded") }, "\(failed)")
    }

    @Test("the verdict, the percentiles and the escaping, as values")
    func values() throws {
        var dataset = JointTestReport.Dataset(job: "j<b>", target: "p-d", platform: "p", dataset: "d")
        dataset.sent = 200
        dataset.accepted = 198
        dataset.rejected = 2
        dataset.latencies = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000]
        dataset.rejections = [JointTestReport.ReasonGroup(reason: "kljb E102: not a code", count: 2, examples: ["k1 (a.csv:3)", "<k2>"])]
        let started = Timestamp(millisecondsSinceEpoch: 1_765_000_000_000)
        var report = JointTestReport(runs: ["r1"], started: started, finished: started, platforms: [
            JointTestReport.PlatformCheck(platform: "p", roundTripMilliseconds: 12, skewMilliseconds: 70_000, authentication: "token", credentialsProven: true),
        ], datasets: [dataset], thresholds: JointTestReport.Thresholds(rejectedShare: 0.01, latencyP95Milliseconds: 500))
        #expect(dataset.latency(percentile: 50) == 50 && dataset.latency(percentile: 95) == 1000 && dataset.latency(percentile: 90) == 90)
        #expect(report.checks.map(\.passed) == [true, false, true, true, true, false], "\(report.checks)")
        #expect(!report.passed)
        report.thresholds.skewMilliseconds = 120_000
        report.thresholds.latencyP95Milliseconds = 2_000
        #expect(report.passed)
        report.datasets[0].sent = 0
        #expect(!report.passed && report.checks.contains { $0.subject.hasSuffix("sent") && !$0.passed }, "a joint test that sent nothing proved nothing")
        report.thresholds.requireSent = false
        #expect(report.checks.allSatisfy { !$0.subject.hasSuffix(": sent") })
        report.datasets[0].sent = 200
        report.datasets[0].errors = ["bad \u{1}byte"]
        #expect(report.html().contains("bad \u{FFFD}byte"), "no control character reaches the page")
        report.datasets[0].errors = []
        let html = report.html()
        #expect(html.contains("j&lt;b&gt;") && html.contains("&lt;k2&gt;") && !html.contains("<k2>"))
        _ = try XMLDocument(data: Data(html.utf8), options: [])
        #expect(report.markdown().contains("| j<b> | p / d | 200 | 198 | 2 | 0 | 0 | 50 / 1000 / 1000 ms |"), "\(report.markdown())")
    }
}
