import Foundation
import HuitongCore
import HuitongTransport

/// A `huitong sandbox` in a process of its own, as an operator runs it: the platforms do not
/// share the benchmark's threads, memory or allocator with the client being measured.
///
/// Start one per measured run so that no run finds another's records, nonces or idempotency
/// keys. `stop()` sends SIGTERM and waits for the exit; it also runs on deinit.
final class SandboxProcess {
    private let process: Process
    private let logPath: String
    private let endpoints: Value
    private var stopped = false

    /// The release `huitong` built next to this benchmark binary (same scratch path and
    /// configuration), which `make bench` builds first.
    static func huitongExecutable() throws -> String {
        let benchmark = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let path = URL(fileURLWithPath: benchmark).deletingLastPathComponent().appendingPathComponent("huitong").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchmarkFailure("no huitong binary at \(path): build it next to the benchmarks with "
                                   + "swift build -c release --product huitong (and the same --scratch-path)")
        }
        return path
    }

    /// Starts `executable sandbox --ports-file` with its files in `directory` and returns once
    /// the ports file is written, that is once every platform listens.
    init(executable: String, directory: String) throws {
        let portsPath = directory + "/sandbox-ports.json"
        logPath = directory + "/sandbox.log"
        try? FileManager.default.removeItem(atPath: portsPath)
        guard FileManager.default.createFile(atPath: logPath, contents: nil), let log = FileHandle(forWritingAtPath: logPath) else {
            throw BenchmarkFailure("cannot create \(logPath)")
        }
        defer { try? log.close() }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["sandbox", "--ports-file", portsPath]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure("cannot start \(executable) sandbox: \(error)")
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: portsPath) {
            guard process.isRunning else {
                throw BenchmarkFailure("huitong sandbox exited with status \(process.terminationStatus) before listening: \(Self.tail(of: logPath))")
            }
            guard ContinuousClock.now < deadline else {
                process.terminate()
                process.waitUntilExit()
                throw BenchmarkFailure("huitong sandbox wrote no ports file in 30 s: \(Self.tail(of: logPath))")
            }
            usleep(5_000)
        }
        do {
            endpoints = try JSONReader().value(from: Array(try Data(contentsOf: URL(fileURLWithPath: portsPath))))
        } catch {
            process.terminate()
            process.waitUntilExit()
            throw BenchmarkFailure("cannot read the sandbox's ports file \(portsPath): \(error)")
        }
    }

    deinit { stop() }

    /// The base URL a connector configures for `platform` (`http://127.0.0.1:PORT/exchange`).
    func baseURL(of platform: String) throws -> String {
        guard let url = endpoints[platform]?["baseURL"]?.stringValue else {
            throw BenchmarkFailure("the sandbox's ports file names no platform \(platform)")
        }
        return url
    }

    /// The platform's `GET /_sandbox/state?records=false`: its totals and counters, no records.
    func state(of platform: String) throws -> Value {
        let url = try baseURL(of: platform) + "/_sandbox/state?records=false"
        let response = try blocking { try await HTTPClient().send(HTTPRequest(method: "GET", url: url)) }
        guard response.status == 200 else {
            throw BenchmarkFailure("GET \(url) answered HTTP \(response.status)")
        }
        do {
            return try JSONReader().value(from: response.body)
        } catch {
            throw BenchmarkFailure("GET \(url) answered no JSON: \(error)")
        }
    }

    /// Sends SIGTERM and waits for the exit. Safe to call more than once.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The last lines the sandbox wrote to standard error, for a failure message.
    private static func tail(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").suffix(5)
        return lines.isEmpty ? "(nothing on standard error)" : lines.joined(separator: "\n")
    }
}

/// What a sandbox platform says it holds and did, read from its state: the figures that prove
/// a side delivered every record exactly once.
struct SandboxTally: Equatable {
    /// Records of the dataset stored now.
    var stored: Int
    /// Batches applied (first deliveries).
    var appliedBatches: Int
    /// Replays answered from the idempotency memory.
    var duplicates: Int
    /// Idempotency keys reused with other content.
    var conflicts: Int
    /// Items refused by field validation.
    var rejected: Int
    /// Error answers of any kind (bad signature, digest, token…).
    var errorAnswers: Int

    /// Reads the province's state (`state.production.totals`, `state.counters`).
    static func province(_ state: Value, dataset: String) -> SandboxTally? {
        let platform = state["state"]
        guard let counters = platform?["counters"],
              let stored = platform?["production"]?["totals"]?[dataset]?.integerValue else { return nil }
        return read(counters, stored: stored, duplicates: "duplicateBatches")
    }

    /// Reads the city's state (`state.stored`, `state.counters`).
    static func city(_ state: Value, dataset: String) -> SandboxTally? {
        let platform = state["state"]
        guard let counters = platform?["counters"], let stored = platform?["stored"]?[dataset]?.integerValue else { return nil }
        return read(counters, stored: stored, duplicates: "duplicates")
    }

    private static func read(_ counters: Value, stored: Int64, duplicates: String) -> SandboxTally? {
        func count(_ name: String) -> Int? { counters[name]?.integerValue.map(Int.init) }
        guard let applied = count("appliedBatches"), let duplicates = count(duplicates), let conflicts = count("conflicts"),
              let rejected = count("rejectedItems"), case let .object(errors)? = counters["errorsByCode"] else { return nil }
        let errorAnswers = errors.reduce(0) { $0 + Int($1.value.integerValue ?? 0) }
        return SandboxTally(
            stored: Int(stored), appliedBatches: applied, duplicates: duplicates, conflicts: conflicts,
            rejected: rejected, errorAnswers: errorAnswers
        )
    }
}
