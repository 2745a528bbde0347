import Foundation

/// The whole pipeline, as an operator runs it, and the issue's claim about it: "Memory is
/// bounded by batch size: a million sensor readings run in well under 200 MB".
///
/// A million generated sensor readings (``SensorReadingsFile``, as hourly JSON Lines files)
/// go through the release `huitong run --json` of one job, `sensors` (adapter `jsonl`,
/// `sources/sensor-readings.yaml`, appended to the province's `hjjc`), in a process of its own,
/// against `huitong sandbox` in another. The run's wall time and its own peak resident memory
/// are measured (``MeasuredCommand``).
///
/// The baselines measured in the same run are the same job at a quarter of the readings —
/// memory bounded by batch size must not follow the input, so the two peaks must be close —
/// and the 200 MB bound itself. There is no other-language baseline: the claim is about
/// huitong's own memory. Every run starts from empty state and a fresh sandbox, and is checked:
/// the run reports complete (with findings: the generator makes 1 reading in 200 out of range,
/// which are set aside), every valid reading accepted and none not sent, and the sandbox holds
/// exactly that many `hjjc` records.
enum PipelineBenchmark {
    static let benchmark = Benchmark(
        name: "pipeline",
        summary: "huitong run: a million sensor readings appended to the sandbox province (separate processes), against pushing the same records alone, peak memory against 100 MB and a quarter-size run",
        run: run
    )

    /// Readings generated when `--records` is not given.
    static let defaultReadings = 1_000_000
    /// The claims (issue 12): peak memory under 100 MB (decimal megabytes, as result lines
    /// print memory), at least 100,000 rec/s, and a run within 1.5x the time of pushing the
    /// same records alone.
    static let memoryLimitBytes = 100_000_000
    static let rateGoal = 100_000.0
    static let pushRatioLimit = 1.5

    private static func run(_ settings: BenchmarkSettings) throws {
        let huitong = try SandboxProcess.huitongExecutable()
        let scratch = settings.keepPath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-pipeline-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer {
            if settings.keepPath == nil { try? FileManager.default.removeItem(atPath: scratch) }
        }
        let mappings = absolute(settings.mappingsPath)
        guard FileManager.default.fileExists(atPath: mappings + "/sources/sensor-readings.yaml") else {
            throw BenchmarkFailure("no sources/sensor-readings.yaml in \(mappings) (run from the repository root or pass --mappings DIR)")
        }
        let plugins = absolute("plugins")
        let readings = settings.records ?? defaultReadings
        let whole = try PipelineCase(readings: readings, directory: scratch + "/whole", plugins: plugins, mappings: mappings)
        let quarter = try PipelineCase(readings: max(1, readings / 4), directory: scratch + "/quarter", plugins: plugins, mappings: mappings)

        let outgoing = try whole.outgoingRecords()
        var wholeRuns: [PipelineCase.Run] = []
        var quarterRuns: [PipelineCase.Run] = []
        var pushRuns: [JobPushBaseline.Run] = []
        // Interleaved, so that a slow spell of the machine does not fall on one side only.
        for _ in 0..<settings.runs {
            quarterRuns.append(try quarter.measure(huitong: huitong))
            wholeRuns.append(try whole.measure(huitong: huitong))
            pushRuns.append(try whole.measurePush(outgoing, huitong: huitong))
        }
        report(whole, wholeRuns, quarter, quarterRuns, push: (outgoing.count, pushRuns), settings: settings, scratch: scratch)
    }

    /// Prints the result line and the checked, baseline and timed lines under it.
    private static func report(
        _ whole: PipelineCase, _ wholeRuns: [PipelineCase.Run], _ quarter: PipelineCase, _ quarterRuns: [PipelineCase.Run],
        push: (records: Int, runs: [JobPushBaseline.Run]), settings: BenchmarkSettings, scratch: String
    ) {
        guard let fastest = wholeRuns.min(by: { $0.seconds < $1.seconds }),
              let wholePeak = wholeRuns.max(by: { $0.peakBytes < $1.peakBytes }),
              let quarterPeak = quarterRuns.max(by: { $0.peakBytes < $1.peakBytes }),
              let pushBest = push.runs.map(\.seconds).min() else { return }
        let wholeRate = Double(whole.readings) / fastest.seconds
        let pushRatio = fastest.seconds / pushBest
        var line = "Pipeline: huitong run, \(grouped(whole.readings)) sensor readings "
        line += "(\(fixed(Double(whole.bytes) / 1e6, 1)) MB in \(grouped(whole.files)) hourly files, append to sandbox \(PipelineCase.platform) \(PipelineCase.dataset)): "
        line += "\(rate(whole.readings, per: fastest.seconds)) rec/s, peak \(peak(wholePeak))"
        line += " (\(grouped(quarter.readings)) readings: \(rate(quarter.readings, per: quarterRuns.map(\.seconds).min() ?? 0)) rec/s, peak \(peak(quarterPeak)))"
        line += " | push alone (the same \(grouped(push.records)) hjjc records, connector only): \(rate(push.records, per: pushBest)) rec/s"
        line += " | run time \(fixed(pushRatio, 2))x the push's (limit \(fixed(pushRatioLimit, 1))x\(pushRatio <= pushRatioLimit ? "" : ", OVER"))"
        line += " | goal \(grouped(Int(rateGoal))) rec/s\(wholeRate >= rateGoal ? " met" : ": NOT MET")"
        line += " | limit \(megabytes(memoryLimitBytes))"
        let underLimit = wholePeak.peakBytes < memoryLimitBytes
        line += underLimit
            ? " | ratio \(fixed(Double(memoryLimitBytes) / Double(wholePeak.peakBytes), 1))x under the limit; "
            : " | ratio: peak \(fixed(Double(wholePeak.peakBytes) / Double(memoryLimitBytes), 2))x the limit, OVER; "
        line += "peak \(fixed(Double(wholePeak.peakBytes) / Double(quarterPeak.peakBytes), 2))x the quarter-size run's "
        line += "for \(fixed(Double(whole.readings) / Double(quarter.readings), 0))x the readings"

        let problems = push.runs.flatMap(\.problems).map { "push alone: \($0)" }
            + wholeRuns.flatMap(\.problems).map { "\(grouped(whole.readings)): \($0)" }
            + quarterRuns.flatMap(\.problems).map { "\(grouped(quarter.readings)): \($0)" }
        var notes: [String] = []
        if !underLimit {
            notes.append("OVER THE LIMIT: peak \(megabytes(wholePeak.peakBytes)) for \(grouped(whole.readings)) readings, "
                         + "the claim is well under \(megabytes(memoryLimitBytes))")
        }
        if problems.isEmpty {
            func outcome(_ size: PipelineCase, _ runs: [PipelineCase.Run]) -> String {
                "\(grouped(size.readings)) read, \(grouped(size.outOfRange)) out of range set aside, "
                    + "\(grouped(size.valid)) accepted and held by the sandbox in \(grouped(runs[0].batches)) batches"
            }
            let statuses = Set((wholeRuns + quarterRuns).map(\.status)).sorted().joined(separator: ", ")
            notes.append("checked: every run \(statuses), 0 rejected, 0 not sent, 0 duplicates, 0 conflicts, 0 error answers; "
                         + outcome(whole, wholeRuns) + "; " + outcome(quarter, quarterRuns))
        } else {
            notes.append("CHECK FAILED: " + problems.joined(separator: "; "))
        }
        notes.append("baselines: the same records pushed by PlatformConnector.push alone (made beforehand in this process by the job's "
                     + "adapter and mappings through MappingStage; timed from the first record to the last answer, after a ping), "
                     + "the same job at a quarter of the readings (memory bounded by batch size must not follow the input) "
                     + "and the claim's bound of \(megabytes(memoryLimitBytes)); no other-language baseline")
        notes.append("timed: huitong run --json from launch to exit (configuration, read, stage, push, commit, ledger), best of \(settings.runs); "
                     + "peak: the run process's own resident high-water mark, highest of \(settings.runs); "
                     + "empty state and a fresh huitong sandbox process per run")
        if settings.keepPath != nil {
            notes.append("offices (huitong.yaml, sources, state, ledger of the last run) kept in \(scratch)/whole and \(scratch)/quarter")
        }
        print(line)
        for note in notes {
            print("  " + note)
        }
    }

    /// A measured peak as result lines print it; `≤ N MB` when it is below what the
    /// measurement can tell apart (see ``MeasuredCommand/Result/floorBytes``).
    private static func peak(_ run: PipelineCase.Run) -> String {
        (run.peakIsExact ? "" : "≤ ") + megabytes(run.peakBytes)
    }

    /// Bytes as result lines print memory: `95 MB` (decimal megabytes, like the file sizes).
    private static func megabytes(_ bytes: Int) -> String {
        "\(fixed(Double(bytes) / 1e6, 0)) MB"
    }

    /// `path` from the working directory (the repository root for `make bench`), for the
    /// huitong.yaml written elsewhere.
    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
