import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping

/// `huitong map` on the registry's GB18030 CSV export at two sizes, and the claim about it:
/// time linear in the rows (the per-row time of the large run within 1.3× the small run's)
/// and peak memory under 100 MB, whatever the size.
///
/// The release `huitong map -n 0` (the summary only; `shelter-registry.yaml` with its dedupe,
/// an external sort) runs in a process of its own on 40,000 and on 400,000 generated rows
/// (``AdaptersData``); its wall time and its own peak resident memory are measured
/// (``MeasuredCommand``). The small run is the large run's baseline, measured in the same run,
/// interleaved with it. Every run is checked: its summary counts every row, and its counts
/// equal those of ``MappingStage`` run in this process over the same file with the same
/// adapter, mapping and dedupe strategy.
enum MapCommandBenchmark {
    static let benchmark = Benchmark(
        name: "map-command",
        summary: "huitong map on 40,000 and 400,000 GB18030 registry CSV rows (separate processes): time linear within 1.3x, peak under 100 MB",
        run: run
    )

    /// Rows of the large run when `--rows` is not given; the small run has a tenth.
    static let defaultRows = 400_000
    /// The claim's bounds.
    static let linearityLimit = 1.3
    static let memoryLimitBytes = 100_000_000

    /// The counts a summary line gives.
    struct Counts: Equatable, CustomStringConvertible {
        var records = 0, mapped = 0, setAside = 0, skipped = 0
        var description: String {
            "\(grouped(records)) rows: \(grouped(mapped)) mapped, \(grouped(setAside)) set aside, \(grouped(skipped)) skipped"
        }
    }

    private struct Size {
        var rows: Int
        var path: String
        var bytes: Int
        var expected: Counts
        var runs: [MeasuredCommand.Result] = []
        var counts: [Counts?] = []
    }

    private static func run(_ settings: BenchmarkSettings) throws {
        let huitong = try SandboxProcess.huitongExecutable()
        let mappingPath = settings.mappingsPath + "/sources/shelter-registry.yaml"
        let schema = try SchemaLoader.load(mappings: MappingsDirectory(path: settings.mappingsPath))
        let mapping = try MappingCompiler(schema: schema).compile(path: mappingPath)
        let scratch = settings.keepPath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-map-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer {
            if settings.keepPath == nil { try? FileManager.default.removeItem(atPath: scratch) }
        }
        let large = settings.records ?? defaultRows
        var sizes = try [max(1, large / 10), large].map { rows in
            let path = scratch + "/shelters-\(rows).csv"
            let bytes = try AdaptersData.writeGB18030Registry(rows: rows, to: path)
            return Size(rows: rows, path: path, bytes: bytes, expected: try stageCounts(path, mapping: mapping))
        }
        let arguments = ["map", "--mappings", settings.mappingsPath, "-m", mappingPath, "-n", "0", "-i"]
        // Interleaved, so that a slow spell of the machine does not fall on one size only.
        for _ in 0..<settings.runs {
            for index in sizes.indices {
                let result = try MeasuredCommand.run(huitong, arguments + [sizes[index].path])
                guard let code = result.exitCode, code <= 1 else {
                    throw BenchmarkFailure("huitong map on \(sizes[index].path) failed (\(result.ending))")
                }
                sizes[index].runs.append(result)
                sizes[index].counts.append(summaryCounts(in: result.output))
            }
        }
        report(small: sizes[0], large: sizes[1])
    }

    /// What the pipeline's stage makes of the file, for the check.
    private static func stageCounts(_ path: String, mapping: CompiledMapping) throws -> Counts {
        try blocking {
            let stage = try MappingStage(mapping: mapping, context: MappingContext(), deduplication: .externalSort(directory: NSTemporaryDirectory()))
            let adapter = CSVSourceAdapter(path: path, encoding: .auto, requiredColumns: mapping.inputFieldNames)
            let read = try await adapter.read(since: nil) { batch in
                for item in batch {
                    switch item {
                    case let .record(record, _): try stage.add(record, origin: .null) { _ in }
                    case let .unreadable(_, reason): try stage.addUnreadable(origin: .null, reason: reason) { _ in }
                    }
                }
            }
            if let incomplete = read.incompleteRead { throw BenchmarkFailure("the read stopped early: \(incomplete)") }
            try stage.finish { _ in }
            let counts = stage.counts
            return Counts(records: counts.offered, mapped: counts.mapped, setAside: counts.setAside, skipped: counts.skipped)
        }
    }

    /// The counts in `map NAME on INPUT: N records — A mapped, B set aside, C skipped, W warnings`.
    private static func summaryCounts(in output: Data) -> Counts? {
        let text = String(decoding: output, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("map ") && $0.contains(" records — ") }),
              let counts = line.split(separator: ":").last else { return nil }
        let numbers = counts.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 5 else { return nil }
        return Counts(records: numbers[0], mapped: numbers[1], setAside: numbers[2], skipped: numbers[3])
    }

    private static func report(small: Size, large: Size) {
        guard let smallBest = small.runs.map(\.seconds).min(), let largeBest = large.runs.map(\.seconds).min(),
              let smallPeak = small.runs.max(by: { $0.peakBytes < $1.peakBytes }),
              let largePeak = large.runs.max(by: { $0.peakBytes < $1.peakBytes }) else { return }
        let perRowRatio = (largeBest / Double(large.rows)) / (smallBest / Double(small.rows))
        func describe(_ size: Size, _ seconds: Double, _ peak: MeasuredCommand.Result) -> String {
            "\(grouped(size.rows)) rows (\(fixed(Double(size.bytes) / 1e6, 1)) MB): \(fixed(seconds, 2)) s, "
                + "\(rate(size.rows, per: seconds)) rec/s, peak \(peak.peakIsExact ? "" : "≤ ")\(megabytes(peak.peakBytes))"
        }
        var line = "huitong map: shelter registry CSV (GB18030), " + describe(large, largeBest, largePeak)
        line += " | baseline " + describe(small, smallBest, smallPeak)
        line += " | per-row time \(fixed(perRowRatio, 2))x the baseline's (limit \(fixed(linearityLimit, 1))x"
        line += perRowRatio <= linearityLimit ? ")" : ", OVER)"
        line += largePeak.peakBytes < memoryLimitBytes && smallPeak.peakBytes < memoryLimitBytes
            ? " | peak under \(megabytes(memoryLimitBytes))" : " | peak OVER \(megabytes(memoryLimitBytes))"

        var problems: [String] = []
        for size in [small, large] {
            for counts in size.counts where counts != size.expected {
                problems.append("\(grouped(size.rows)): huitong map counted \(counts.map(\.description) ?? "no summary"), the stage \(size.expected)")
            }
            let total = size.expected.mapped + size.expected.setAside + size.expected.skipped
            if size.expected.records != size.rows || total != size.rows {
                problems.append("\(grouped(size.rows)): the stage accounted for \(grouped(total)) of \(grouped(size.expected.records)) rows")
            }
        }
        print(line)
        print("  " + (problems.isEmpty
            ? "checked: every run's summary equals MappingStage's counts over the same file in this process; \(large.expected); \(small.expected)"
            : "CHECK FAILED: " + problems.joined(separator: "; ")))
        print("  timed: huitong map -n 0 from launch to exit (schema, mapping, read, map, external-sort dedupe, summary), "
              + "best of \(large.runs.count); peak: the process's own resident high-water mark, highest of \(large.runs.count)")
    }

    /// Bytes as result lines print memory: `95 MB` (decimal megabytes, like the file sizes).
    private static func megabytes(_ bytes: Int) -> String {
        "\(fixed(Double(bytes) / 1e6, 0)) MB"
    }
}
