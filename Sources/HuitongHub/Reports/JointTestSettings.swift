import Foundation
import HuitongCore
import HuitongYAML

/// The configuration's `joint_test:` block: where joint-test reports go and what a pass demands.
///
/// ```yaml
/// joint_test:
///   reports: .huitong/reports     # default: STATE/reports
///   pass:
///     rejected: 1%                # share of the records sent the platform may reject (default 0%)
///     unconfirmed: 0              # records that may end without a final answer (default 0)
///     latency_p95: 5s             # batch latency, 95th percentile, at most (default: not judged)
///     clock_skew: 60s             # each platform's clock, at most this far off (default 60s)
///     credentials_proven: true    # each platform's ping must prove the credentials (default false)
/// ```
package struct JointTestSettings: Sendable, Equatable {
    package var reportsDirectory: String
    package var thresholds = JointTestReport.Thresholds()

    static let keys: Set<String> = ["reports", "pass"]
    static let passKeys: Set<String> = ["rejected", "unconfirmed", "latency_p95", "clock_skew", "credentials_proven", "require_sent"]

    static func read(_ node: YAMLNode?, stateDirectory: String, configurationPath: String, into errors: inout YAMLErrorCollector) -> JointTestSettings {
        var settings = JointTestSettings(reportsDirectory: stateDirectory + "/reports")
        guard let node else { return settings }
        let fields = node.entries(allowing: keys, what: "joint_test", into: &errors)
        if let value = fields["reports"], let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) {
            settings.reportsDirectory = HubConfiguration.resolve(text, besideConfigurationAt: configurationPath)
        }
        guard let passNode = fields["pass"] else { return settings }
        let pass = passNode.entries(allowing: passKeys, what: "joint_test pass", into: &errors)
        if let value = pass["rejected"], let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) {
            if text.hasSuffix("%"), let number = Double(text.dropLast()), (0...100).contains(number) {
                settings.thresholds.rejectedShare = number / 100
            } else {
                errors.add(value.error(.invalidValue, "joint_test pass rejected is \"\(text)\"; write a share of the records sent, such as 0% or 0.5%"))
            }
        }
        if let value = pass["unconfirmed"], let number = errors.attempt({ () throws(YAMLError) in try value.requireInt() }) {
            if number >= 0 { settings.thresholds.unconfirmed = number } else {
                errors.add(value.error(.invalidValue, "joint_test pass unconfirmed is \(number); write a number of records, 0 or more"))
            }
        }
        for key in ["latency_p95", "clock_skew"] {
            guard let value = pass[key], let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) else { continue }
            guard let milliseconds = Self.milliseconds(text) else {
                errors.add(value.error(.invalidValue, "joint_test pass \(key) is \"\(text)\"; write a duration such as 800ms, 5s or 1m"))
                continue
            }
            if key == "latency_p95" { settings.thresholds.latencyP95Milliseconds = milliseconds } else { settings.thresholds.skewMilliseconds = milliseconds }
        }
        if let value = pass["credentials_proven"], let flag = errors.attempt({ () throws(YAMLError) in try value.requireBool() }) {
            settings.thresholds.credentialsProven = flag
        }
        if let value = pass["require_sent"], let flag = errors.attempt({ () throws(YAMLError) in try value.requireBool() }) {
            settings.thresholds.requireSent = flag
        }
        return settings
    }

    /// `800ms`, `5s`, `1m` in milliseconds.
    static func milliseconds(_ text: String) -> Int64? {
        if text.hasSuffix("ms"), let number = Int64(text.dropLast(2)), number >= 0 { return number }
        guard let unit = text.last, let number = Int64(text.dropLast()), number >= 0 else { return nil }
        let scale: Int64
        switch unit {
        case "s": scale = 1000
        case "m": scale = 60_000
        default: return nil
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}

/// A joint test's report on disk: `REPORTS/RUN.md`, `RUN.html` and `RUN.json` — the last holding
/// what the ledger does not (the platform checks, the unconfirmed records, waits and errors), so
/// `huitong report RUN` can make the report again.
package struct JointTestReportFiles: Sendable {
    static let format = "huitong-joint-test/1"

    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    package func paths(for run: String) -> (markdown: String, html: String, inputs: String) {
        let base = directory + "/" + run
        return (base + ".md", base + ".html", base + ".json")
    }

    /// Writes the three files of `report`, each replaced durably.
    package func write(_ report: JointTestReport, inputs: JointTestReportBuilder.Inputs) throws -> (markdown: String, html: String) {
        let paths = paths(for: inputs.runs.first ?? "report")
        do {
            try FileStorage.replace(paths.inputs, with: Array(((try? JSONWriter().string(for: Self.encode(inputs))) ?? "{}").utf8))
            try FileStorage.replace(paths.markdown, with: Array(report.markdown().utf8))
            try FileStorage.replace(paths.html, with: Array(report.html().utf8))
        } catch {
            throw HubError(.disk, "the joint-test report cannot be written to \(directory): \(error.description); check the directory's space and permissions")
        }
        return (paths.markdown, paths.html)
    }

    /// The saved inputs of the report whose runs include `run` (or one starting with it), and the
    /// files that could not be read on the way (reported, not fatal).
    ///
    /// - Throws: ``HubError`` when `run` starts the runs of more than one report.
    package func inputs(run: String) throws -> (inputs: JointTestReportBuilder.Inputs?, unreadable: [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return (nil, []) }
        var exact: JointTestReportBuilder.Inputs?, prefixed: [(String, JointTestReportBuilder.Inputs)] = [], unreadable: [String] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path),
                  let inputs = try? Self.decode(try JSONReader().value(from: [UInt8](data))) else {
                unreadable.append(path)
                continue
            }
            if inputs.runs.contains(run) { exact = inputs }
            if inputs.runs.contains(where: { $0.hasPrefix(run) }) { prefixed.append((name, inputs)) }
        }
        if let exact { return (exact, unreadable) }
        if prefixed.count > 1 {
            throw HubError(.configuration, "\"\(run)\" starts the runs of \(prefixed.count) joint-test reports (\(prefixed.map(\.0).joined(separator: ", "))); give more of the run id")
        }
        return (prefixed.first?.1, unreadable)
    }

    static func encode(_ inputs: JointTestReportBuilder.Inputs) -> Value {
        let thresholds = inputs.thresholds
        var pass: OrderedObject = [
            "rejectedShare": .double(thresholds.rejectedShare), "unconfirmed": .integer(Int64(thresholds.unconfirmed)),
            "skewMilliseconds": .integer(thresholds.skewMilliseconds), "credentialsProven": .bool(thresholds.credentialsProven),
            "requireSent": .bool(thresholds.requireSent),
        ]
        pass["latencyP95Milliseconds"] = thresholds.latencyP95Milliseconds.map { .integer($0) } ?? .null
        return [
            "format": .string(format), "runs": .array(inputs.runs.map { .string($0) }),
            "started": .string(inputs.started.formatted(.rfc3339Milliseconds, in: .beijing)),
            "finished": .string(inputs.finished.formatted(.rfc3339Milliseconds, in: .beijing)),
            "platforms": .array(inputs.platforms.map { check in
                [
                    "platform": .string(check.platform), "error": check.error.map { .string($0) } ?? .null,
                    "roundTripMilliseconds": check.roundTripMilliseconds.map { .integer($0) } ?? .null,
                    "skewMilliseconds": check.skewMilliseconds.map { .integer($0) } ?? .null,
                    "authentication": .string(check.authentication), "credentialsProven": .bool(check.credentialsProven),
                ]
            }),
            "targets": .array(inputs.targets.map { target in
                [
                    "job": .string(target.job), "target": .string(target.target), "platform": .string(target.platform), "dataset": .string(target.dataset),
                    "unconfirmed": .integer(Int64(target.unconfirmed)), "waitedSeconds": .double(target.waitedSeconds),
                    "errors": .array(target.errors.map { .string($0) }), "sent": .integer(Int64(target.sent)),
                ]
            }),
            "pass": .object(pass),
        ]
    }

    static func decode(_ value: Value) throws(FormatProblem) -> JointTestReportBuilder.Inputs {
        var top = try FormatFields(value, path: "", format: format)
        guard try top.string("format") == format else { throw FormatProblem(path: "format", message: "is not \(format)") }
        func time(_ fields: inout FormatFields, _ key: String) throws(FormatProblem) -> Timestamp {
            let text = try fields.string(key)
            guard let instant = try? Timestamp(parsing: text, as: .rfc3339) else { throw FormatProblem(path: key, message: "is not an RFC 3339 time") }
            return instant
        }
        let runs = try top.array("runs").compactMap(\.stringValue)
        let started = try time(&top, "started"), finished = try time(&top, "finished")
        var platforms: [JointTestReport.PlatformCheck] = []
        for (index, element) in try top.array("platforms").enumerated() {
            var fields = try FormatFields(element, path: "platforms[\(index)]", format: format)
            platforms.append(JointTestReport.PlatformCheck(
                platform: try fields.string("platform"), error: try fields.optionalString("error"),
                roundTripMilliseconds: try fields.optionalValue("roundTripMilliseconds")?.integerValue,
                skewMilliseconds: try fields.optionalValue("skewMilliseconds")?.integerValue,
                authentication: try fields.string("authentication"), credentialsProven: try fields.bool("credentialsProven")))
            try fields.finish()
        }
        var targets: [JointTestReportBuilder.TargetOutcome] = []
        for (index, element) in try top.array("targets").enumerated() {
            var fields = try FormatFields(element, path: "targets[\(index)]", format: format)
            var target = JointTestReportBuilder.TargetOutcome(job: try fields.string("job"), target: try fields.string("target"),
                                                              platform: try fields.string("platform"), dataset: try fields.string("dataset"))
            target.unconfirmed = try fields.count("unconfirmed")
            target.waitedSeconds = try fields.number("waitedSeconds")
            target.errors = try fields.array("errors").compactMap(\.stringValue)
            target.sent = try fields.count("sent")
            try fields.finish()
            targets.append(target)
        }
        var pass = try top.fields("pass")
        let thresholds = JointTestReport.Thresholds(
            rejectedShare: try pass.number("rejectedShare"), unconfirmed: try pass.count("unconfirmed"),
            latencyP95Milliseconds: try pass.optionalValue("latencyP95Milliseconds")?.integerValue,
            skewMilliseconds: Int64(try pass.count("skewMilliseconds")), credentialsProven: try pass.bool("credentialsProven"),
            requireSent: try pass.bool("requireSent", absent: true))
        try pass.finish()
        try top.finish()
        return JointTestReportBuilder.Inputs(runs: runs, started: started, finished: finished, platforms: platforms, targets: targets, thresholds: thresholds)
    }
}
