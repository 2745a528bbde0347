import Foundation

/// `huitong` run as an operator runs it: a child process with its own environment, its output
/// captured, signals sent to it, its exit awaited with a deadline. Every wait and poll happens
/// on a thread of its own — never on Swift's cooperative pool or Dispatch's global queues,
/// which suites running alongside keep busy, so a signal goes out when it is due.
package final class HuitongProcess: @unchecked Sendable {
    // @unchecked: `process` and the output files are set in init; Foundation's Process is
    // safe to signal and wait for from another thread.
    private let process = Process()
    private let output: URL
    private let errors: URL

    /// Starts `huitong ARGUMENTS…`, with `environment` added to this process's own.
    package init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let directory = NSTemporaryDirectory() + "huitong-process-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        output = URL(fileURLWithPath: directory + "/stdout")
        errors = URL(fileURLWithPath: directory + "/stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path(of: "huitong"))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
    }

    package var isRunning: Bool { process.isRunning }

    package func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Sends `number` the moment `condition` holds (polled every 10 ms on a thread of its own,
    /// for at most `seconds`); returns whether it was sent, and when.
    package func signal(_ number: Int32, when condition: @escaping @Sendable () -> Bool, upTo seconds: Double) async -> Date? {
        let pid = process.processIdentifier
        return await Self.onOwnThread {
            let deadline = Date().addingTimeInterval(seconds)
            while !condition() {
                guard Date() < deadline else { return nil }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return kill(pid, number) == 0 ? Date() : nil
        }
    }

    /// Runs blocking `work` on a new thread and hands back its result.
    private static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.start()
        }
    }

    /// Waits for the exit; returns the status, or the negated signal that killed the process,
    /// or nil when it was still running at the deadline (it is then killed).
    package func exit(within seconds: Double) async -> Int32? {
        let process = ProcessBox(process)
        return await Self.onOwnThread {
            let process = process.process
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            guard !process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        }
    }

    /// Polls `condition` off the cooperative pool until it holds or `seconds` pass.
    package static func wait(upTo seconds: Double, until condition: @escaping @Sendable () -> Bool) async -> Bool {
        await onOwnThread {
            let deadline = Date().addingTimeInterval(seconds)
            while !condition(), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            return condition()
        }
    }

    /// Foundation's Process, handed to the waiting thread (it is safe to query from any thread).
    private struct ProcessBox: @unchecked Sendable {
        let process: Process
        init(_ process: Process) { self.process = process }
    }

    /// What the process printed so far on standard output and on standard error.
    package var standardOutput: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    package var standardError: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }
}
