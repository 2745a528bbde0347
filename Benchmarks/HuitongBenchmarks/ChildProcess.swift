import Foundation
import Glibc  // posix_spawn, wait4, /proc: the benchmarks run on Linux, as the hub does

/// A program run to its end in a child process: its standard output captured (standard error
/// stays ours, so its diagnostics are seen), its exit status and its resource usage read with
/// `wait4`. The benchmarks that report peak memory start their measured work this way.
///
/// Peak memory needs care. `wait4`'s `ru_maxrss` is not the child's own peak: Linux carries
/// the largest resident size of the memory an `exec` replaces into the new program's
/// `ru_maxrss`, and `posix_spawn` execs from memory shared with the spawning process, so
/// `ru_maxrss` reports the spawner's size whenever that is larger (the benchmark process's
/// is, after generating data). A child that can read its own `VmHWM` (``ownPeakKiB()``)
/// reports that; a program that cannot is started through ``MeasuredCommand``, whose small
/// intermediate process makes `ru_maxrss` the program's own.
struct ChildProcess {
    /// What the child wrote to standard output.
    var output: Data
    /// The raw `wait4` status.
    var waitStatus: Int32
    /// `ru_maxrss` from `wait4`, in KiB (see the type's comment for what it includes).
    var maxResidentKiB: Int
    /// From the spawn to the reaping.
    var seconds: Double

    /// The exit code, or `nil` when a signal ended the child.
    var exitCode: Int32? {
        // WIFEXITED / WEXITSTATUS are macros Swift does not import: exit code in bits 8-15, no signal.
        waitStatus & 0x7F == 0 ? (waitStatus >> 8) & 0xFF : nil
    }

    /// How the child ended, for a failure message.
    var ending: String {
        exitCode.map { "exit status \($0)" } ?? "signal \(waitStatus & 0x7F)"
    }

    /// The lines of `name=value` pairs the child printed, separated by white space.
    var fields: [String: String] { Self.fields(in: output) }

    /// The path of this benchmark binary, to start it again as a child.
    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Starts `executable` with `arguments` (not counting `argv[0]`), reads its standard
    /// output to the end and reaps it.
    static func run(_ executable: String, _ arguments: [String]) throws -> ChildProcess {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw BenchmarkFailure("cannot create a pipe for a child process") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(pipe[1])
        guard status == 0 else {
            close(pipe[0])
            throw BenchmarkFailure("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        let output = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true).readDataToEndOfFile()
        var waitStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &waitStatus, 0, &usage) == -1 && errno == EINTR {}
        return ChildProcess(
            output: output, waitStatus: waitStatus, maxResidentKiB: usage.ru_maxrss,  // KiB on Linux
            seconds: HuitongBenchmarks.seconds(ContinuousClock.now - start)
        )
    }

    /// This process's peak resident memory since its `exec`, in KiB: `VmHWM` in `/proc/self/status`.
    static func ownPeakKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }
    }

    /// The `name=value` pairs in `output`, separated by white space.
    static func fields(in output: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}
