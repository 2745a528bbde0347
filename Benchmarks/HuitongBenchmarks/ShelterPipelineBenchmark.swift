import Foundation
import HuitongCore

/// The shelter register's daily exchange as an operator runs it: 200,000 registry rows
/// (GB18030 CSV, ``AdaptersData/writeGB18030Registry(rows:to:changeEvery:)``) through the
/// release `huitong run --json` of the job `shelters` to both sandbox platforms (province
/// `rfgc`, city `shelter`, sync), in a process of its own against `huitong sandbox` in another.
///
/// Two runs on one state: the full sync from empty state, then the export a day later with 1%
/// of the shelters changed, which must cost less than a third of the first (the delta sends
/// only what changed). Both are printed with rec/s (rows read per second) and peak memory next
/// to the push baseline: the first run's records pushed by the connector alone
/// (``JobPushBaseline``) to a fresh sandbox. Every run is checked: complete, the sandbox holds
/// exactly the records mapped, and the second run sends exactly the changed ones.
enum ShelterPipelineBenchmark {
    static let benchmark = Benchmark(
        name: "pipeline-shelters",
        summary: "huitong run: 200,000 shelters to both sandbox platforms, full sync then 1% changed (separate processes), against pushing the same records alone",
        run: run
    )

    static let defaultRows = 200_000
    /// Every N-th row changes for the second run: 1%.
    static let changeEvery = 100
    /// The second run must cost less than this share of the first.
    static let secondRunLimit = 1.0 / 3.0
    static let job = "shelters"

    private static func run(_ settings: BenchmarkSettings) throws {
        let huitong = try SandboxProcess.huitongExecutable()
        let scratch = settings.keepPath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-shelters-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch + "/sources", withIntermediateDirectories: true)
        defer {
            if settings.keepPath == nil { try? FileManager.default.removeItem(atPath: scratch) }
        }
        let rows = settings.records ?? defaultRows
        let office = Office(directory: scratch, plugins: absolute("plugins"), mappings: absolute(settings.mappingsPath))
        let source = scratch + "/sources/shelters.csv"
        let bytes = try AdaptersData.writeGB18030Registry(rows: rows, to: source)
        try office.writeSecrets()
        try office.configuration(province: "http://127.0.0.1:9/exchange", city: "http://127.0.0.1:9/api/v2")
            .write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        let outgoing = try JobPushBaseline(configuration: office.configurationPath, job: job)

        var full: [RunResult] = []
        var changed: [RunResult] = []
        var pushes: [JobPushBaseline.Run] = []
        for _ in 0..<settings.runs {
            _ = try AdaptersData.writeGB18030Registry(rows: rows, to: source)
            let sandbox = try SandboxProcess(executable: huitong, directory: scratch)
            defer { sandbox.stop() }
            for state in ["state", "ledger"] { try? FileManager.default.removeItem(atPath: scratch + "/" + state) }
            try office.configuration(province: try sandbox.baseURL(of: "province"), city: try sandbox.baseURL(of: "city"))
                .write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
            full.append(try measure(huitong, office, sandbox, expected: outgoing))
            _ = try AdaptersData.writeGB18030Registry(rows: rows, to: source, changeEvery: changeEvery)
            changed.append(try measure(huitong, office, sandbox, expected: outgoing))

            let pushSandbox = try SandboxProcess(executable: huitong, directory: scratch)
            defer { pushSandbox.stop() }
            try office.configuration(province: try pushSandbox.baseURL(of: "province"), city: try pushSandbox.baseURL(of: "city"))
                .write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
            pushes.append(try outgoing.push(configuration: office.configurationPath, sandbox: pushSandbox))
        }
        report(rows: rows, bytes: bytes, full: full, changed: changed, pushes: pushes, outgoing: outgoing)
    }

    /// One measured run and what its report says.
    private struct RunResult {
        var seconds: Double
        var peakBytes: Int
        var peakIsExact: Bool
        var read: Int
        /// Per target: upserts sent and accepted.
        var upserts: [String: Int]
        var accepted: [String: Int]
        /// Per target: records the run's mapping made (the sandbox must hold exactly these).
        var mapped: [String: Int]
        var problems: [String]
    }

    private static func measure(_ huitong: String, _ office: Office, _ sandbox: SandboxProcess, expected: JobPushBaseline) throws -> RunResult {
        let (result, report) = try MeasuredCommand.runJob(huitong, configuration: office.configurationPath, job: job)
        var problems: [String] = []
        // Exit 1 is "done, with records set aside": the generator's rows that break a rule.
        if result.exitCode != 0, result.exitCode != 1 { problems.append("huitong run ended with \(result.ending)") }
        let jobReport = report["jobs"]?.arrayValue?.first
        let status = jobReport?["status"]?.stringValue ?? "missing"
        if status != "complete" && status != "complete-with-findings" {
            problems.append("status \(status)" + (jobReport?["error"]?.stringValue.map { ": \($0)" } ?? ""))
        }
        var upserts: [String: Int] = [:], accepted: [String: Int] = [:], mapped: [String: Int] = [:]
        for target in jobReport?["targets"]?.arrayValue ?? [] {
            let name = target["target"]?.stringValue ?? target["name"]?.stringValue ?? "?"
            upserts[name] = Int(target["upserts"]?.integerValue ?? -1)
            accepted[name] = Int(target["accepted"]?.integerValue ?? -1)
            mapped[name] = Int(target["mapped"]?.integerValue ?? -1)
            let rejected = target["rejected"]?.integerValue ?? -1, notSent = target["notSent"]?.integerValue ?? -1
            if rejected != 0 || notSent != 0 { problems.append("\(name): \(rejected) rejected, \(notSent) not sent") }
        }
        for target in expected.targets {
            let state = try sandbox.state(of: target.platform)
            let tally = target.platform == "city" ? SandboxTally.city(state, dataset: target.dataset) : SandboxTally.province(state, dataset: target.dataset)
            // A changed row may now pass a rule it broke (or break one), so the count is the run's own.
            if tally?.stored != mapped[target.name] {
                problems.append("\(target.name): the sandbox holds \(tally.map { String($0.stored) } ?? "no count of") records, the run mapped \(mapped[target.name] ?? -1)")
            }
        }
        return RunResult(
            seconds: result.seconds, peakBytes: result.peakBytes, peakIsExact: result.peakIsExact,
            read: Int(jobReport?["read"]?.integerValue ?? -1), upserts: upserts, accepted: accepted, mapped: mapped, problems: problems
        )
    }

    private static func report(rows: Int, bytes: Int, full: [RunResult], changed: [RunResult], pushes: [JobPushBaseline.Run], outgoing: JobPushBaseline) {
        guard let first = full.min(by: { $0.seconds < $1.seconds }), let second = changed.min(by: { $0.seconds < $1.seconds }),
              let push = pushes.map(\.seconds).min() else { return }
        let firstPeak = full.map(\.peakBytes).max() ?? 0, secondPeak = changed.map(\.peakBytes).max() ?? 0
        let share = second.seconds / first.seconds
        var line = "Pipeline: huitong run, \(grouped(rows)) shelters (GB18030 CSV, \(fixed(Double(bytes) / 1e6, 1)) MB) to sandbox province rfgc and city shelter: "
        line += "full sync \(rate(rows, per: first.seconds)) rec/s (\(fixed(first.seconds, 2)) s), peak \(megabytes(firstPeak))"
        line += " | 1% changed \(rate(rows, per: second.seconds)) rec/s (\(fixed(second.seconds, 2)) s), peak \(megabytes(secondPeak))"
        line += " | second run \(fixed(share, 2))x the first's time (limit < \(fixed(secondRunLimit, 2))x\(share < secondRunLimit ? "" : ", OVER"))"
        line += " | push alone (the full sync's \(grouped(outgoing.count)) records, connector only): \(rate(outgoing.count, per: push)) rec/s (\(fixed(push, 2)) s)"
        line += " | full sync \(fixed(first.seconds / push, 2))x the push's time"

        var problems = full.flatMap(\.problems).map { "full sync: \($0)" } + changed.flatMap(\.problems).map { "1% changed: \($0)" }
            + pushes.flatMap(\.problems).map { "push alone: \($0)" }
        for run in full {
            for target in outgoing.targets where run.upserts[target.name] != target.records.count || run.accepted[target.name] != target.records.count
                || run.mapped[target.name] != target.records.count {
                problems.append("full sync: \(target.name) sent \(run.upserts[target.name] ?? -1) and booked \(run.accepted[target.name] ?? -1) accepted, \(target.records.count) mapped")
            }
        }
        // A changed row that maps is sent again to each target; at most one row in `changeEvery`.
        let changedRows = rows / changeEvery
        for run in changed {
            for target in outgoing.targets {
                let sent = run.upserts[target.name] ?? -1
                if sent <= 0 || sent > changedRows || run.accepted[target.name] != sent {
                    problems.append("1% changed: \(target.name) sent \(sent) and booked \(run.accepted[target.name] ?? -1) accepted (between 1 and \(changedRows) expected)")
                }
            }
        }
        print(line)
        if problems.isEmpty {
            let sent = outgoing.targets.map { "\($0.name) \(grouped(second.upserts[$0.name] ?? 0))" }.joined(separator: ", ")
            print("  checked: every run complete, 0 rejected, 0 not sent, each sandbox holds exactly the records mapped "
                  + "(\(outgoing.targets.map { "\($0.name) \(grouped($0.records.count))" }.joined(separator: ", "))); "
                  + "the second run sent only the changed records (\(sent) of \(grouped(changedRows)) rows changed)")
        } else {
            print("  CHECK FAILED: " + problems.joined(separator: "; "))
        }
        print("  baseline: the full sync's records pushed by PlatformConnector.push alone to a fresh sandbox (made beforehand in this process "
              + "by the job's adapter and mappings through MappingStage; timed from the first record to the last answer, after a ping per platform)")
        print("  timed: huitong run --json from launch to exit, best of \(full.count); the second run on the first run's state and sandbox; "
              + "peak: the run process's own resident high-water mark, highest of \(full.count)")
    }

    /// The office directory: sources, secrets, huitong.yaml, state and ledger.
    private struct Office {
        var directory: String
        var plugins: String
        var mappings: String
        var configurationPath: String { directory + "/huitong.yaml" }

        /// The sandbox's default credentials; a secret is never written in huitong.yaml itself.
        func writeSecrets() throws {
            try "sandbox-province-secret".write(toFile: directory + "/province.secret", atomically: true, encoding: .utf8)
            try "sandbox-city-secret".write(toFile: directory + "/city.secret", atomically: true, encoding: .utf8)
        }

        func configuration(province: String, city: String) throws -> String {
            """
            version: 1
            plugins: \(try quoted(plugins))
            mappings: \(try quoted(mappings))
            state: state
            ledger: ledger
            platforms:
              province:
                base_url: \(try quoted(province))
                credentials: {app_key: huitong-sandbox, app_secret: "${file:province.secret}"}
              city:
                base_url: \(try quoted(city))
                credentials: {client_id: huitong-sandbox, client_secret: "${file:city.secret}"}
            jobs:
              \(ShelterPipelineBenchmark.job):
                description: the shelter register, generated for the pipeline-shelters benchmark
                source: {adapter: csv, path: sources/shelters.csv, encoding: auto}
                mapping: sources/shelter-registry.yaml
                targets:
                  - {platform: province, mapping: targets/province/rfgc.yaml}
                  - {platform: city, mapping: targets/city/shelter.yaml}

            """
        }

        private func quoted(_ text: String) throws -> String {
            try JSONWriter().string(for: .string(text))
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        "\(fixed(Double(bytes) / 1e6, 0)) MB"
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
