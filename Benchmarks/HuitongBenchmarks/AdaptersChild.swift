import Foundation
import HuitongAdapters
import HuitongCore
import HuitongMapping

/// The Swift side of the `adapters` benchmark, run in a child process of the benchmark binary
/// so that its peak resident memory is its own: data generation, the other benchmarks and the
/// parent's buffers never count towards it.
///
/// The parent starts the child as `HuitongBenchmarks --adapters-child KIND INPUT MAPPINGS RUNS`;
/// the child reads INPUT through the real adapter `runs` times and prints one line of
/// `name=value` pairs (the best pass's counts and seconds), which ``PythonScript``'s parsing
/// reads the same way as a Python baseline's.
enum AdaptersChild {
    /// The hidden first argument that makes the binary act as a child.
    static let flag = "--adapters-child"

    /// What a child reports, and the peak memory the parent read after it exited.
    struct Result {
        var records: Int
        var mapped: Int
        var setAside: Int
        var outputBytes: Int
        var seconds: Double
        var peakBytes: Int
    }

    // MARK: Parent side

    /// Runs a child for `kind` (`sensor` or `shelter`) on `input`, waits for it, and returns its
    /// report with its peak resident memory.
    ///
    /// The peak is the child's own `VmHWM`, which it reads from `/proc/self/status` just before
    /// it exits; `wait4`'s `ru_maxrss` would include this parent's size (see ``ChildProcess``)
    /// and is only the fallback when `/proc` is missing.
    static func measure(kind: String, input: String, settings: BenchmarkSettings) throws -> Result {
        let child = try ChildProcess.run(
            ChildProcess.ownExecutable, [flag, kind, input, settings.mappingsPath, String(settings.runs)]
        )
        guard child.exitCode == 0 else {
            throw BenchmarkFailure("the \(kind) child failed (\(child.ending))")
        }
        let fields = child.fields
        return Result(
            records: try fields.integer("records"), mapped: try fields.integer("mapped"),
            setAside: try fields.integer("set_aside"), outputBytes: try fields.integer("output_bytes"),
            seconds: try fields.double("seconds"),
            peakBytes: (fields["peak_kib"].flatMap { Int($0) } ?? child.maxResidentKiB) * 1024  // both in KiB on Linux
        )
    }

    // MARK: Child side

    /// The child's whole life: measure, print, exit. Adapters are async, so the work runs in a
    /// task while the main thread parks in `dispatchMain`.
    static func main(_ arguments: [String]) -> Never {
        guard arguments.count == 4, ["sensor", "shelter"].contains(arguments[0]), let runs = Int(arguments[3]), runs > 0 else {
            FileHandle.standardError.write(Data("HuitongBenchmarks: \(flag) needs KIND (sensor or shelter) INPUT MAPPINGS RUNS\n".utf8))
            exit(2)
        }
        let (kind, input, mappingsPath) = (arguments[0], arguments[1], arguments[2])
        Task {
            do {
                let mappings = MappingsDirectory(path: mappingsPath)
                let schema = try SchemaLoader.load(mappings: mappings)
                let file = kind == "sensor" ? "sensor-readings.yaml" : "shelter-registry.yaml"
                let mapping = try MappingCompiler(schema: schema).compile(path: mappings.sourcesDirectory + "/" + file)
                var best: Pass?
                for _ in 0..<runs {
                    let pass = kind == "sensor"
                        ? try await sensorPass(input, mapping: mapping)
                        : try await shelterPass(input, mapping: mapping)
                    if let fastest = best, fastest.seconds <= pass.seconds { continue }
                    best = pass
                }
                guard let best else { exit(1) }
                print("records=\(best.records) mapped=\(best.mapped) set_aside=\(best.setAside) "
                      + "output_bytes=\(best.outputBytes) seconds=\(fixed(best.seconds, 9))"
                      + (ChildProcess.ownPeakKiB().map { " peak_kib=\($0)" } ?? ""))
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("HuitongBenchmarks: \(kind) child failed: \(error)\n".utf8))
                exit(1)
            }
        }
        dispatchMain()
    }

    /// One timed pass's counts.
    private struct Pass {
        var records = 0
        var mapped = 0
        var setAside = 0
        var outputBytes = 0
        var seconds = 0.0
    }

    /// Reads the hourly files with `JSONLinesDirectoryAdapter`, maps each reading through
    /// `MappingStage` (the mapping has no dedupe rule, so each outcome comes out at once) and
    /// writes each mapped record's canonical JSON into one reused buffer, so memory stays one batch.
    private static func sensorPass(_ directory: String, mapping: CompiledMapping) async throws -> Pass {
        try await pass(JSONLinesDirectoryAdapter(directory: directory), mapping: mapping)
    }

    /// Reads the GB18030 export with `CSVSourceAdapter` (encoding detected), maps each row
    /// through `MappingStage`, applies the mapping's dedupe over the read and writes the
    /// winners' canonical JSON. The winners are decided by the pipeline's external sort
    /// (`SortingDuplicateResolver`) when the read ends, as the dedupe rule requires; memory
    /// holds one chunk of index entries, whatever the size.
    private static func shelterPass(_ path: String, mapping: CompiledMapping) async throws -> Pass {
        guard mapping.deduplication != nil else { throw BenchmarkFailure("shelter-registry.yaml has no dedupe rule") }
        return try await pass(CSVSourceAdapter(path: path, encoding: .auto, requiredColumns: mapping.inputFieldNames), mapping: mapping)
    }

    /// One read through `adapter` and the stage as the pipeline stages a source; whatever is
    /// not mapped (set aside, skipped, a duplicate) counts as set aside.
    private static func pass(_ adapter: some SourceAdapter, mapping: CompiledMapping) async throws -> Pass {
        let start = ContinuousClock.now
        let stage = try MappingStage(mapping: mapping, context: MappingContext(), deduplication: .externalSort(directory: NSTemporaryDirectory()))
        var output = CanonicalOutput()
        let read = try await adapter.read(since: nil) { batch in
            for item in batch {
                switch item {
                case let .record(record, _): try stage.add(record, origin: .null) { try output.write($0) }
                case let .unreadable(_, reason): try stage.addUnreadable(origin: .null, reason: reason) { try output.write($0) }
                }
            }
        }
        if let incomplete = read.incompleteRead { throw BenchmarkFailure("the read stopped early: \(incomplete)") }
        try stage.finish { try output.write($0) }
        return Pass(
            records: stage.counts.offered, mapped: output.records, setAside: stage.counts.setAside + stage.counts.skipped,
            outputBytes: output.bytes, seconds: seconds(ContinuousClock.now - start)
        )
    }
}
