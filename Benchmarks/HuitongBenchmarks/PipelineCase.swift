import Foundation
import HuitongCore

/// One size of the `pipeline` benchmark: an office directory holding generated sensor readings
/// (``AdaptersData/writeHourlySensorFiles(records:to:)``, hourly JSON Lines files), the
/// province secret in a file, and a huitong.yaml with the one job `sensors`.
///
/// Each ``measure(huitong:)`` empties the state and the ledger, starts a fresh sandbox,
/// points the configuration at it and runs the release `huitong run` through
/// ``MeasuredCommand``; then it checks the run's JSON and the sandbox's own state.
struct PipelineCase {
    /// The job's name in the generated configuration.
    static let job = "sensors"
    /// The target platform and dataset, as the mapping names them.
    static let platform = "province"
    static let dataset = "hjjc"

    let readings: Int
    let directory: String
    /// Size and number of the generated files.
    let bytes: Int
    let files: Int
    private let plugins: String
    private let mappings: String

    /// Readings the generator made out of range: the source mapping sets them aside.
    var outOfRange: Int { SensorReadingsFile.outOfRangeReadings(records: readings) }
    /// Readings that reach the platform.
    var valid: Int { readings - outOfRange }
    var configurationPath: String { directory + "/huitong.yaml" }

    /// Generates `readings` readings under `directory/sources/sensors` and writes the secret.
    /// `plugins` and `mappings` are the repository's directories.
    init(readings: Int, directory: String, plugins: String, mappings: String) throws {
        self.readings = readings
        self.directory = directory
        self.plugins = plugins
        self.mappings = mappings
        try? FileManager.default.removeItem(atPath: directory)
        (bytes, files) = try AdaptersData.writeHourlySensorFiles(records: readings, to: directory + "/sources/sensors")
        // The sandbox's default credentials; a secret is never written in huitong.yaml itself.
        try "sandbox-province-secret".write(toFile: directory + "/province.secret", atomically: true, encoding: .utf8)
    }

    /// What one measured run did, and what is wrong with it.
    struct Run {
        var seconds: Double
        var peakBytes: Int
        var peakIsExact: Bool
        /// Batches the sandbox applied.
        var batches: Int
        var status: String
        var problems: [String]
    }

    /// One `huitong run` from empty state against a fresh sandbox process.
    func measure(huitong: String) throws -> Run {
        for state in ["state", "ledger"] { try? FileManager.default.removeItem(atPath: directory + "/" + state) }
        let sandbox = try SandboxProcess(executable: huitong, directory: directory)
        defer { sandbox.stop() }
        try configuration(baseURL: try sandbox.baseURL(of: Self.platform))
            .write(toFile: configurationPath, atomically: true, encoding: .utf8)

        let (result, report) = try MeasuredCommand.runJob(huitong, configuration: configurationPath, job: Self.job)
        var problems: [String] = []
        // Exit 1 is "done, with records set aside": the generator's out-of-range readings.
        if result.exitCode != 0, result.exitCode != 1 { problems.append("huitong run ended with \(result.ending)") }
        let job = report["jobs"]?.arrayValue?.first
        let status = job?["status"]?.stringValue ?? "missing"
        problems += check(job)
        guard let tally = SandboxTally.province(try sandbox.state(of: Self.platform), dataset: Self.dataset) else {
            throw BenchmarkFailure("the province sandbox's state has no totals or counters where the benchmark reads them")
        }
        if tally.stored != valid || tally.duplicates + tally.conflicts + tally.rejected + tally.errorAnswers > 0 {
            problems.append("the sandbox holds \(grouped(tally.stored)) \(Self.dataset) records (\(grouped(valid)) expected) after "
                            + "\(tally.appliedBatches) batches applied, \(tally.duplicates) duplicates, \(tally.conflicts) conflicts, "
                            + "\(tally.rejected) rejected, \(tally.errorAnswers) error answers")
        }
        return Run(
            seconds: result.seconds, peakBytes: result.peakBytes, peakIsExact: result.peakIsExact,
            batches: tally.appliedBatches, status: status, problems: problems
        )
    }

    /// The records the job sends, made in this process for the push baseline (``JobPushBaseline``).
    func outgoingRecords() throws -> JobPushBaseline {
        try configuration(baseURL: "http://127.0.0.1:9/exchange").write(toFile: configurationPath, atomically: true, encoding: .utf8)
        return try JobPushBaseline(configuration: configurationPath, job: Self.job)
    }

    /// The push baseline: `records` pushed by the connector alone to a fresh sandbox process.
    func measurePush(_ records: JobPushBaseline, huitong: String) throws -> JobPushBaseline.Run {
        let sandbox = try SandboxProcess(executable: huitong, directory: directory)
        defer { sandbox.stop() }
        try configuration(baseURL: try sandbox.baseURL(of: Self.platform)).write(toFile: configurationPath, atomically: true, encoding: .utf8)
        return try records.push(configuration: configurationPath, sandbox: sandbox)
    }

    /// What is wrong with the run's report of the job (`jobs[0]` of `huitong run --json`).
    private func check(_ job: Value?) -> [String] {
        guard let job else { return ["huitong run --json reported no job"] }
        var problems: [String] = []
        let status = job["status"]?.stringValue ?? "missing"
        if status != "complete" && status != "complete-with-findings" {
            problems.append("status \(status)" + (job["error"]?.stringValue.map { ": \($0)" } ?? ""))
        }
        func count(_ value: Value?) -> Int { Int(value?.integerValue ?? -1) }
        let read = count(job["read"]), setAside = count(job["setAside"])
        if read != readings || setAside != outOfRange {
            problems.append("read \(grouped(read)) and set aside \(grouped(setAside)) "
                            + "(the generator wrote \(grouped(readings)), \(grouped(outOfRange)) out of range)")
        }
        guard let target = job["targets"]?.arrayValue?.first else { return problems + ["the run reported no target"] }
        let accepted = count(target["accepted"]), rejected = count(target["rejected"]), notSent = count(target["notSent"])
        if accepted != valid || rejected != 0 || notSent != 0 {
            problems.append("\(grouped(accepted)) accepted (\(grouped(valid)) expected), \(grouped(rejected)) rejected, "
                            + "\(grouped(notSent)) not sent"
                            + (target["failures"]?.arrayValue?.first?.stringValue.map { " (\($0))" } ?? ""))
        }
        return problems
    }

    /// The office's huitong.yaml: the province platform at `baseURL`, the one `sensors` job,
    /// state and ledger next to it (relative paths start at the file's directory).
    private func configuration(baseURL: String) throws -> String {
        """
        version: 1
        plugins: \(try quoted(plugins))
        mappings: \(try quoted(mappings))
        state: state
        ledger: ledger
        platforms:
          \(Self.platform):
            base_url: \(try quoted(baseURL))
            credentials: {app_key: huitong-sandbox, app_secret: "${file:province.secret}"}
        jobs:
          \(Self.job):
            description: shelter sensor readings, generated for the pipeline benchmark
            source: {adapter: jsonl, path: sources/sensors}
            mapping: sources/sensor-readings.yaml
            targets:
              - {platform: \(Self.platform), mapping: targets/province/\(Self.dataset).yaml, mode: append}

        """
    }

    /// `text` as a YAML double-quoted scalar (JSON's string syntax is one).
    private func quoted(_ text: String) throws -> String {
        try JSONWriter().string(for: .string(text))
    }
}
