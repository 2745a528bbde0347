import Dispatch
import Foundation

/// `huitong` run as an operator runs it: a child process with its own environment, its output
/// captured, signals sent to it, its exit awaited with a deadline. Every wait happens on a
/// Dispatch thread, never on Swift's cooperative pool, which suites running alongside need.
public final class HuitongProcess: @unchecked Sendable {
    // @unchecked: `process` and the output files are set in init; Foundation's Process is
    // safe to signal and wait for from another thread.
    private let process = Process()
    private let output: URL
    private let errors: URL

    /// Starts `huitong ARGUMENTS…`, with `environment` added to this process's own.
    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
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

    public var isRunning: Bool { process.isRunning }

    public func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Waits for the exit; returns the status, or the negated signal that killed the process,
    /// or nil when it was still running at the deadline (it is then killed).
    public func exit(within seconds: Double) async -> Int32? {
        let process = self.process
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let deadline = Date().addingTimeInterval(seconds)
                while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
                guard !process.isRunning else {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    continuation.resume(returning: nil)
                    return
                }
                process.waitUntilExit()
                let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
                continuation.resume(returning: status)
            }
        }
    }

    /// Polls `condition` off the cooperative pool until it holds or `seconds` pass.
    public static func wait(upTo seconds: Double, until condition: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let deadline = Date().addingTimeInterval(seconds)
                while !condition(), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
                continuation.resume(returning: condition())
            }
        }
    }

    /// What the process printed so far on standard output and on standard error.
    public var standardOutput: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    public var standardError: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }
}
