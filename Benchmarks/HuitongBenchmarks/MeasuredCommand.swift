import Foundation
import HuitongCore

/// A program that cannot report its own peak memory (the release `huitong`), run to its end
/// with its wall time and peak resident memory measured.
///
/// `wait4`'s `ru_maxrss` is the program's own peak only when the process it was spawned from
/// is smaller (see ``ChildProcess``), and the benchmark process is not. So the benchmark starts
/// itself again as a small intermediate process (`HuitongBenchmarks --measured-command
/// PROGRAM ARGS…`), which has done nothing yet; the intermediate spawns the program, reaps it
/// with `wait4` and prints one line of `name=value` pairs (exit status, `ru_maxrss`, seconds,
/// and its own `VmHWM` at the spawn, the most that `ru_maxrss` can carry over from it),
/// followed by the program's standard output.
enum MeasuredCommand {
    /// The hidden first argument that makes the binary act as the intermediate process.
    static let flag = "--measured-command"

    /// How the program ended and what it used.
    struct Result {
        /// The program's exit code, or `nil` when a signal ended it.
        var exitCode: Int32?
        /// `exit status N` or `signal N`, for a failure message.
        var ending: String
        /// What the program wrote to standard output.
        var output: Data
        /// From the spawn to the reaping, measured by the intermediate process.
        var seconds: Double
        /// The program's peak resident memory.
        var peakBytes: Int
        /// The intermediate's own peak when it spawned the program: a peak at or below it is
        /// only known to be at most this much.
        var floorBytes: Int

        /// Whether ``peakBytes`` is the program's own (above what the spawn could carry over).
        var peakIsExact: Bool { peakBytes > floorBytes }
    }

    // MARK: Parent side

    /// Runs `executable` with `arguments` through the intermediate process and waits for it.
    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let intermediate = try ChildProcess.run(ChildProcess.ownExecutable, [flag, executable] + arguments)
        guard intermediate.exitCode == 0, let newline = intermediate.output.firstIndex(of: UInt8(ascii: "\n")) else {
            throw BenchmarkFailure("the intermediate process measuring \(executable) failed (\(intermediate.ending))")
        }
        let fields = ChildProcess.fields(in: intermediate.output[..<newline])
        let signal = try fields.integer("signal")
        let exitCode = Int32(try fields.integer("exit"))
        return Result(
            exitCode: signal == 0 ? exitCode : nil, ending: signal == 0 ? "exit status \(exitCode)" : "signal \(signal)",
            output: Data(intermediate.output[(newline + 1)...]), seconds: try fields.double("seconds"),
            peakBytes: try fields.integer("max_rss_kib") * 1024, floorBytes: try fields.integer("floor_kib") * 1024
        )
    }

    // MARK: Intermediate side

    /// The intermediate process's whole life: spawn, reap, report, exit. Exits 0 whenever the
    /// program ran, whatever its own exit status; 1 when it could not be started.
    static func main(_ arguments: [String]) -> Never {
        guard let executable = arguments.first else {
            FileHandle.standardError.write(Data("HuitongBenchmarks: \(flag) needs PROGRAM [ARGUMENT...]\n".utf8))
            exit(2)
        }
        // Read before the spawn: what the program's ru_maxrss may carry over from this process.
        let floorKiB = ChildProcess.ownPeakKiB() ?? 0
        do {
            let program = try ChildProcess.run(executable, Array(arguments.dropFirst()))
            var report = "exit=\(program.exitCode ?? 0) signal=\(program.exitCode == nil ? program.waitStatus & 0x7F : 0) "
            report += "max_rss_kib=\(program.maxResidentKiB) floor_kib=\(floorKiB) seconds=\(fixed(program.seconds, 9))\n"
            FileHandle.standardOutput.write(Data(report.utf8) + program.output)
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("HuitongBenchmarks: \(flag): \(error)\n".utf8))
            exit(1)
        }
    }
}

extension MeasuredCommand {
    /// `huitong run --config CONFIGURATION JOB --json` in its own measured process, with the
    /// report it printed.
    static func runJob(_ huitong: String, configuration: String, job: String) throws -> (Result, Value) {
        let result = try run(huitong, ["run", "--config", configuration, job, "--json"])
        do {
            return (result, try JSONReader().value(from: Array(result.output)))
        } catch {
            throw BenchmarkFailure("huitong run ended with \(result.ending) and printed no JSON (\(error)): "
                                   + String(decoding: result.output.prefix(500), as: UTF8.self))
        }
    }
}
