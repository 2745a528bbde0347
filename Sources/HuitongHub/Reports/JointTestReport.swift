import Foundation
import HuitongCore

/// The report of one joint test (联调联测): per platform the checks made before sending, per
/// dataset what was sent and how the platform answered, and a verdict against the thresholds the
/// configuration sets. A value: built from the run, the ledger and the run history, rendered as
/// Markdown and as one self-contained HTML page (inline SVG, no script, nothing fetched).
package struct JointTestReport: Sendable, Equatable {
    /// One platform's checks: reachable, authenticated, its clock.
    package struct PlatformCheck: Sendable, Equatable {
        package var platform: String
        /// Why the ping failed; nil when it answered.
        package var error: String?
        package var roundTripMilliseconds: Int64?
        /// Platform time minus local time.
        package var skewMilliseconds: Int64?
        /// How requests prove who sent them (`signed HMAC-SHA256`, `token`).
        package var authentication: String
        /// The platform's answer proves the credentials (its profile says its ping checks them).
        package var credentialsProven: Bool

        package init(platform: String, error: String? = nil, roundTripMilliseconds: Int64? = nil, skewMilliseconds: Int64? = nil,
                     authentication: String = "", credentialsProven: Bool = false) {
            self.platform = platform
            self.error = error
            self.roundTripMilliseconds = roundTripMilliseconds
            self.skewMilliseconds = skewMilliseconds
            self.authentication = authentication
            self.credentialsProven = credentialsProven
        }
    }

    /// Records refused for one reason, with a few of them.
    package struct ReasonGroup: Sendable, Equatable {
        package var reason: String
        package var count: Int
        /// `key (location)`, the first few.
        package var examples: [String]

        package init(reason: String, count: Int, examples: [String]) {
            self.reason = reason
            self.count = count
            self.examples = examples
        }
    }

    /// One dataset of one platform, as one job's target sent it.
    package struct Dataset: Sendable, Equatable {
        package var job: String
        package var target: String
        package var platform: String
        package var dataset: String
        /// The ledger entry of the exchange (nil when none was written: the run did not complete).
        package var ledgerEntry: String?
        package var sent = 0
        package var accepted = 0
        package var rejected = 0
        package var unconfirmed = 0
        package var notSent = 0
        package var setAside = 0
        package var retries = 0
        package var waitedSeconds = 0.0
        /// Each batch's time from sending to its final answer, in sending order.
        package var latencies: [Int64] = []
        /// Rejected by the platform, by reason, most first.
        package var rejections: [ReasonGroup] = []
        /// Set aside by Huitong before sending, by reason, most first.
        package var setAsideReasons: [ReasonGroup] = []
        package var errors: [String] = []

        package init(job: String, target: String, platform: String, dataset: String) {
            self.job = job
            self.target = target
            self.platform = platform
            self.dataset = dataset
        }

        /// Nearest-rank percentile of the batch latencies (nil without batches).
        package func latency(percentile: Double) -> Int64? {
            guard !latencies.isEmpty else { return nil }
            let sorted = latencies.sorted()
            let rank = Int((percentile / 100 * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))]
        }

        package var rejectedShare: Double { sent == 0 ? 0 : Double(rejected) / Double(sent) }
    }

    /// What the configuration's `joint_test:` demands for a pass.
    package struct Thresholds: Sendable, Equatable {
        /// Share of the records sent that the platform may reject (0 … 1).
        package var rejectedShare = 0.0
        /// Records that may end without a final answer.
        package var unconfirmed = 0
        /// The 95th percentile of batch latency, at most (nil: not judged).
        package var latencyP95Milliseconds: Int64?
        /// Clock skew, at most, either way.
        package var skewMilliseconds: Int64 = 60_000
        /// Every platform's ping must prove the credentials.
        package var credentialsProven = false
        /// Every dataset must have had records sent: a joint test that sent nothing proved nothing.
        package var requireSent = true

        package init(rejectedShare: Double = 0, unconfirmed: Int = 0, latencyP95Milliseconds: Int64? = nil,
                     skewMilliseconds: Int64 = 60_000, credentialsProven: Bool = false, requireSent: Bool = true) {
            self.rejectedShare = rejectedShare
            self.unconfirmed = unconfirmed
            self.latencyP95Milliseconds = latencyP95Milliseconds
            self.skewMilliseconds = skewMilliseconds
            self.credentialsProven = credentialsProven
            self.requireSent = requireSent
        }
    }

    /// One judged point of the verdict.
    package struct Check: Sendable, Equatable {
        package var subject: String
        package var passed: Bool
        package var detail: String
    }

    package var runs: [String]
    package var started: Timestamp
    package var finished: Timestamp
    package var platforms: [PlatformCheck]
    package var datasets: [Dataset]
    package var thresholds: Thresholds

    package init(runs: [String], started: Timestamp, finished: Timestamp, platforms: [PlatformCheck], datasets: [Dataset], thresholds: Thresholds) {
        self.runs = runs
        self.started = started
        self.finished = finished
        self.platforms = platforms
        self.datasets = datasets
        self.thresholds = thresholds
    }

    /// Every point judged, platforms first.
    package var checks: [Check] {
        var checks: [Check] = []
        for platform in platforms {
            if let error = platform.error {
                checks.append(Check(subject: "\(platform.platform): ping", passed: false, detail: error))
                continue
            }
            checks.append(Check(subject: "\(platform.platform): ping", passed: true, detail: "answered in \(platform.roundTripMilliseconds ?? 0) ms"))
            if let skew = platform.skewMilliseconds {
                checks.append(Check(subject: "\(platform.platform): clock", passed: abs(skew) <= thresholds.skewMilliseconds,
                                    detail: "skew \(Self.seconds(skew)) (at most ±\(String(format: "%.1f s", Double(thresholds.skewMilliseconds.magnitude) / 1000)))"))
            }
            if thresholds.credentialsProven {
                checks.append(Check(subject: "\(platform.platform): credentials", passed: platform.credentialsProven,
                                    detail: platform.credentialsProven ? "proven by the ping (\(platform.authentication))" : "not proven by the ping (\(platform.authentication))"))
            }
        }
        for dataset in datasets {
            let name = "\(dataset.platform)/\(dataset.dataset) (\(dataset.job))"
            if thresholds.requireSent {
                checks.append(Check(subject: "\(name): sent", passed: dataset.sent > 0,
                                    detail: dataset.sent > 0 ? "\(dataset.sent) records" : "nothing was sent, so nothing was tested (nothing changed since the last joint test; send a changed source, or set joint_test: pass: require_sent: false)"))
            }
            checks.append(Check(subject: "\(name): rejected", passed: dataset.rejectedShare <= thresholds.rejectedShare,
                                detail: "\(dataset.rejected) of \(dataset.sent) (\(Self.percent(dataset.rejectedShare)); at most \(Self.percent(thresholds.rejectedShare)))"))
            checks.append(Check(subject: "\(name): unconfirmed", passed: dataset.unconfirmed + dataset.notSent <= thresholds.unconfirmed,
                                detail: "\(dataset.unconfirmed) unconfirmed, \(dataset.notSent) not sent (at most \(thresholds.unconfirmed))"))
            if let limit = thresholds.latencyP95Milliseconds, let p95 = dataset.latency(percentile: 95) {
                checks.append(Check(subject: "\(name): latency", passed: p95 <= limit, detail: "p95 \(p95) ms (at most \(limit) ms)"))
            }
            if !dataset.errors.isEmpty {
                checks.append(Check(subject: "\(name): errors", passed: false, detail: dataset.errors.joined(separator: "; ")))
            }
        }
        return checks
    }

    package var passed: Bool { checks.allSatisfy(\.passed) }

    // MARK: - Markdown

    package func markdown() -> String {
        var lines = [
            "# 联调联测报告 — joint-test report",
            "",
            "**Verdict: \(passed ? "PASS" : "FAIL")** · runs \(runs.joined(separator: ", ")) · \(Self.time(started)) – \(Self.time(finished)) (Beijing time)",
            "",
            "## Platforms",
            "",
            "| platform | ping | round trip | clock skew | authentication | credentials |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for platform in platforms {
            lines.append("| \(Self.cell(platform.platform)) | \(platform.error.map { "failed: " + Self.cell($0) } ?? "ok") | "
                + "\(platform.roundTripMilliseconds.map { "\($0) ms" } ?? "–") | \(platform.skewMilliseconds.map(Self.seconds) ?? "–") | "
                + "\(Self.cell(platform.authentication)) | \(platform.credentialsProven ? "proven" : "not proven") |")
        }
        lines += ["", "## Datasets", "",
                  "| job | platform / dataset | sent | accepted | rejected | unconfirmed | not sent | latency p50 / p95 / max | retries | waits |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for dataset in datasets {
            lines.append("| \(Self.cell(dataset.job)) | \(Self.cell(dataset.platform)) / \(Self.cell(dataset.dataset)) | \(dataset.sent) | \(dataset.accepted) | "
                + "\(dataset.rejected) | \(dataset.unconfirmed) | \(dataset.notSent) | \(Self.latencyText(dataset)) | \(dataset.retries) | \(String(format: "%.1f s", dataset.waitedSeconds)) |")
        }
        for dataset in datasets where !dataset.rejections.isEmpty || !dataset.setAsideReasons.isEmpty || !dataset.errors.isEmpty {
            lines += ["", "### \(Self.cell(dataset.platform)) / \(Self.cell(dataset.dataset)) (\(Self.cell(dataset.job)))", ""]
            for (title, groups) in [("Rejected by the platform", dataset.rejections), ("Set aside before sending", dataset.setAsideReasons)] where !groups.isEmpty {
                lines += ["\(title):", ""]
                for group in groups {
                    lines.append("- \(group.count) × \(Self.cell(group.reason)) — e.g. \(group.examples.map(Self.cell).joined(separator: ", "))")
                }
                lines.append("")
            }
            for error in dataset.errors { lines.append("- error: \(Self.cell(error))") }
            if let entry = dataset.ledgerEntry { lines.append("Ledger entry: `\(entry)`") }
        }
        lines += ["", "## Verdict", "", "| check | result | detail |", "| --- | --- | --- |"]
        for check in checks {
            lines.append("| \(Self.cell(check.subject)) | \(check.passed ? "pass" : "**fail**") | \(Self.cell(check.detail)) |")
        }
        lines += ["", "Made by huitong. The counts are the ledger's; `huitong ledger show ENTRY` shows each exchange, `huitong ledger verify` that the ledger is intact.", ""]
        return lines.joined(separator: "\n")
    }

    // MARK: - HTML

    /// One page, no script, nothing fetched: XHTML-clean (every element closed, every attribute
    /// quoted), so it parses as XML too; every value escaped.
    package func html() -> String {
        let e = HTMLText.escape
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"/><title>联调联测报告 joint-test report</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:72em}table{border-collapse:collapse;margin:1em 0}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#176b1f}.fail{color:#a11;font-weight:bold}
            .verdict{font-size:1.4em;padding:.4em .8em;display:inline-block;border-radius:.3em}
            .verdict.pass{background:#e5f4e7}.verdict.fail{background:#fbe6e6}svg{display:block;margin:.5em 0}
            </style></head><body>
            <h1>联调联测报告 · joint-test report</h1>
            <p id="verdict" class="verdict \(passed ? "pass" : "fail")">\(passed ? "PASS" : "FAIL")</p>
            <p>Runs \(e(runs.joined(separator: ", "))) · \(e(Self.time(started))) – \(e(Self.time(finished))) (Beijing time)</p>
            <h2>Platforms</h2>
            <table id="platforms"><tr><th>platform</th><th>ping</th><th>round trip</th><th>clock skew</th><th>authentication</th><th>credentials</th></tr>

            """
        for platform in platforms {
            html += "<tr><td>\(e(platform.platform))</td><td class=\"\(platform.error == nil ? "pass" : "fail")\">\(platform.error.map { "failed: " + e($0) } ?? "ok")</td>"
                + "<td class=\"n\">\(platform.roundTripMilliseconds.map { "\($0) ms" } ?? "–")</td><td class=\"n\">\(platform.skewMilliseconds.map(Self.seconds) ?? "–")</td>"
                + "<td>\(e(platform.authentication))</td><td>\(platform.credentialsProven ? "proven" : "not proven")</td></tr>\n"
        }
        html += "</table>\n<h2>Datasets</h2>\n<table id=\"datasets\"><tr><th>job</th><th>platform / dataset</th><th>sent</th><th>accepted</th><th>rejected</th><th>unconfirmed</th><th>not sent</th><th>latency p50 / p95 / max</th><th>retries</th><th>waits</th></tr>\n"
        for dataset in datasets {
            html += "<tr><td>\(e(dataset.job))</td><td>\(e(dataset.platform)) / \(e(dataset.dataset))</td>"
            for number in [dataset.sent, dataset.accepted, dataset.rejected, dataset.unconfirmed, dataset.notSent] { html += "<td class=\"n\">\(number)</td>" }
            html += "<td class=\"n\">\(e(Self.latencyText(dataset)))</td><td class=\"n\">\(dataset.retries)</td><td class=\"n\">\(String(format: "%.1f s", dataset.waitedSeconds))</td></tr>\n"
        }
        html += "</table>\n"
        for (index, dataset) in datasets.enumerated() {
            html += "<h3>\(e(dataset.platform)) / \(e(dataset.dataset)) (\(e(dataset.job)))</h3>\n"
            if let entry = dataset.ledgerEntry { html += "<p>Ledger entry <code>\(e(entry))</code></p>\n" }
            if !dataset.latencies.isEmpty { html += Self.chart(dataset.latencies, id: "latency-\(index)") }
            for (title, groups, id) in [("Rejected by the platform", dataset.rejections, "rejected"), ("Set aside before sending", dataset.setAsideReasons, "set-aside")] where !groups.isEmpty {
                html += "<table class=\"\(id)\"><tr><th>\(title)</th><th>records</th><th>for example</th></tr>\n"
                for group in groups {
                    html += "<tr><td>\(e(group.reason))</td><td class=\"n\">\(group.count)</td><td>\(e(group.examples.joined(separator: ", ")))</td></tr>\n"
                }
                html += "</table>\n"
            }
            for error in dataset.errors { html += "<p class=\"fail\">error: \(e(error))</p>\n" }
        }
        html += "<h2>Verdict</h2>\n<table id=\"checks\"><tr><th>check</th><th>result</th><th>detail</th></tr>\n"
        for check in checks {
            html += "<tr><td>\(e(check.subject))</td><td class=\"\(check.passed ? "pass" : "fail")\">\(check.passed ? "pass" : "fail")</td><td>\(e(check.detail))</td></tr>\n"
        }
        html += "</table>\n<p>Made by huitong. The counts are the ledger's; <code>huitong ledger show ENTRY</code> shows each exchange.</p>\n</body></html>\n"
        return html
    }

    /// Each batch's latency as a bar, in sending order, with the p95 as a line: inline SVG.
    static func chart(_ latencies: [Int64], id: String) -> String {
        let width = 600.0, height = 120.0, top = max(1, latencies.max() ?? 1)
        let step = width / Double(max(1, latencies.count))
        var svg = "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height + 20))\" role=\"img\"><title>batch latency, ms, in sending order</title>"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        for (index, latency) in latencies.enumerated() {
            let barHeight = Double(latency) / Double(top) * (height - 4)
            svg += String(format: "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7bb7\"/>",
                          Double(index) * step + 0.5, height - barHeight, max(0.5, step - 1), barHeight)
        }
        var dataset = Dataset(job: "", target: "", platform: "", dataset: "")
        dataset.latencies = latencies
        if let p95 = dataset.latency(percentile: 95) {
            let y = height - Double(p95) / Double(top) * (height - 4)
            svg += String(format: "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#a11\" stroke-dasharray=\"4 3\"/>", y, width, y)
            svg += "<text x=\"4\" y=\"\(Int(height + 15))\" font-size=\"12\">\(latencies.count) batches · p95 \(p95) ms (dashed) · max \(top) ms</text>"
        }
        return svg + "</svg>\n"
    }

    static func latencyText(_ dataset: Dataset) -> String {
        guard let p50 = dataset.latency(percentile: 50), let p95 = dataset.latency(percentile: 95), let max = dataset.latencies.max() else { return "–" }
        return "\(p50) / \(p95) / \(max) ms"
    }

    static func time(_ instant: Timestamp) -> String { instant.formatted(.dateTime, in: .beijing) }

    static func seconds(_ milliseconds: Int64) -> String { String(format: "%+.1f s", Double(milliseconds) / 1000).replacingOccurrences(of: "+0.0", with: "0.0") }

    static func percent(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }

    /// A Markdown table cell: no line break, no pipe.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
