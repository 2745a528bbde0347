import Foundation
import Glibc  // posix_spawn, wait4, /proc: the benchmarks run on Linux, as the hub does
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
    /// it exits. `wait4`'s `ru_maxrss` is not used for it, though the child is reaped with
    /// `wait4`: Linux carries the largest resident size of the memory an `exec` replaces into
    /// the new program's `ru_maxrss`, and `posix_spawn` execs from memory shared with this
    /// parent, so `ru_maxrss` would report the parent's size whenever that is larger (it is,
    /// after generating the data). `ru_maxrss` is only the fallback when `/proc` is missing.
    static func measure(kind: String, input: String, settings: BenchmarkSettings) throws -> Result {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let arguments = [executable, flag, kind, input, settings.mappingsPath, String(settings.runs)]
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw BenchmarkFailure("cannot create a pipe for the child") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(pipe[1])
        guard status == 0 else {
            close(pipe[0])
            throw BenchmarkFailure("cannot start \(executable) as a child: \(String(cString: strerror(status)))")
        }
        let output = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true).readDataToEndOfFile()
        var exitStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &exitStatus, 0, &usage) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift does not import: exit code in bits 8-15, no signal.
        guard exitStatus & 0x7F == 0, (exitStatus >> 8) & 0xFF == 0 else {
            throw BenchmarkFailure("the \(kind) child failed (wait status \(exitStatus))")
        }
        var fields: [String: String] = [:]
        for pair in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return Result(
            records: try fields.integer("records"), mapped: try fields.integer("mapped"),
            setAside: try fields.integer("set_aside"), outputBytes: try fields.integer("output_bytes"),
            seconds: try fields.double("seconds"),
            peakBytes: (fields["peak_kib"].flatMap { Int($0) } ?? usage.ru_maxrss) * 1024  // both in KiB on Linux
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
                      + (peakKiB().map { " peak_kib=\($0)" } ?? ""))
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("HuitongBenchmarks: \(kind) child failed: \(error)\n".utf8))
                exit(1)
            }
        }
        dispatchMain()
    }

    /// This process's peak resident memory since its `exec`, in KiB: `VmHWM` in `/proc/self/status`.
    private static func peakKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }
    }

    /// One timed pass's counts.
    private struct Pass {
        var records = 0
        var mapped = 0
        var setAside = 0
        var outputBytes = 0
        var seconds = 0.0
    }

    /// Reads the hourly files with `JSONLinesDirectoryAdapter`, maps each reading and writes
    /// each mapped record's canonical JSON into one reused buffer, so memory stays one batch.
    private static func sensorPass(_ directory: String, mapping: CompiledMapping) async throws -> Pass {
        let start = ContinuousClock.now
        var pass = Pass()
        var run = MappingRun()
        var writer = CanonicalJSONWriter()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        _ = try await JSONLinesDirectoryAdapter(directory: directory).read(since: nil) { batch in
            for item in batch {
                pass.records += 1
                guard case let .record(record, _) = item else {
                    pass.setAside += 1
                    continue
                }
                switch mapping.map(record, run: &run) {
                case let .mapped(output, _):
                    buffer.removeAll(keepingCapacity: true)
                    try writer.append(.object(output), to: &buffer)
                    pass.outputBytes += buffer.count
                    pass.mapped += 1
                case .setAside, .skipped:
                    pass.setAside += 1
                }
            }
        }
        pass.seconds = seconds(ContinuousClock.now - start)
        return pass
    }

    /// Reads the GB18030 export with `CSVSourceAdapter` (encoding detected), maps each row,
    /// applies the mapping's dedupe over the read and writes the winners' canonical JSON. The
    /// winners wait in a spill file until the read ends, as the dedupe rule requires; memory
    /// holds one small index entry per key.
    private static func shelterPass(_ path: String, mapping: CompiledMapping) async throws -> Pass {
        guard let rule = mapping.deduplication else { throw BenchmarkFailure("shelter-registry.yaml has no dedupe rule") }
        let start = ContinuousClock.now
        var pass = Pass()
        var run = MappingRun()
        let resolver = try SpillingDuplicateResolver<Int>(rule: rule)
        let adapter = CSVSourceAdapter(path: path, encoding: .auto, requiredColumns: mapping.inputFieldNames)
        _ = try await adapter.read(since: nil) { batch in
            for item in batch {
                pass.records += 1
                guard case let .record(record, _) = item else {
                    pass.setAside += 1
                    continue
                }
                switch mapping.map(record, run: &run) {
                case let .mapped(output, _):
                    // The loser of a key seen before is set aside as a duplicate.
                    if try resolver.add(output, reference: pass.records) != nil { pass.setAside += 1 }
                case .setAside, .skipped:
                    pass.setAside += 1
                }
            }
        }
        let output = try canonicalOutput(of: resolver)
        pass.mapped += output.records
        pass.outputBytes += output.bytes
        pass.seconds = seconds(ContinuousClock.now - start)
        return pass
    }
}
