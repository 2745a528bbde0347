import Foundation
import HuitongCore
#if canImport(Glibc)
import Glibc
#endif

/// A source plugin that is any executable following the Singer specification: run unmodified
/// as `COMMAND --config FILE [--catalog|--properties FILE] [--state FILE]` (after
/// `COMMAND --config FILE --discover` when it needs a catalog), its standard output read as
/// JSON Lines messages: `SCHEMA`, `RECORD`, `STATE` and `ACTIVATE_VERSION`.
///
/// The hub protects itself: a time limit, a longest line and a most output, standard input
/// closed, only the environment it is given, the process group ended on any failure, on the
/// time limit and on the hub's stop. A plugin that exits non-zero, is ended, or writes what is
/// not a valid message makes the read incomplete (nothing is sent, nothing deleted), with a
/// message that says what happened and the end of its standard error, secrets masked.
///
/// The checkpoint is the last `STATE` value, returned only with a complete read: the hub keeps
/// it once every record before it is staged, and hands it back as `--state` to the next run.
package struct SingerTapAdapter: SourceAdapter {
    package struct Limits: Sendable, Equatable {
        package var seconds: Double
        package var lineBytes: Int
        package var outputBytes: Int

        package init(seconds: Double, lineBytes: Int, outputBytes: Int) {
            self.seconds = seconds
            self.lineBytes = lineBytes
            self.outputBytes = outputBytes
        }
    }

    /// The plugin's name, for messages and record origins.
    let name: String
    let command: [String]
    let environment: [String: String]
    /// The tap's configuration (`--config`), secrets included: written to a file of mode 0600
    /// that is removed after the run, never logged.
    let config: Value
    /// Values masked in every message (the resolved secrets).
    let secrets: [String]
    /// The stream whose records are read; nil: every stream (the tap must then have one).
    let stream: String?
    let discover: Bool
    /// `catalog` or `properties`: the flag the discovered catalog is passed with.
    let catalogFlag: String
    /// The replication key to select in the catalog (`replication-method: INCREMENTAL`).
    let replicationKey: String?
    let limits: Limits
    /// Where the plugin's standard error is written (bounded, secrets masked; emptied at the
    /// start of each read), if anywhere.
    let stderrLog: String?
    let batchSize: Int
    /// Asked while the plugin is silent (every quarter second): true ends it and the read with
    /// ``PluginReadStopped`` — the hub's stop reaches a plugin that writes nothing.
    let stopRequested: (@Sendable () -> Bool)?

    package init(
        name: String, command: [String], environment: [String: String], config: Value, secrets: [String],
        stream: String?, discover: Bool, catalogFlag: String = "catalog", replicationKey: String? = nil,
        limits: Limits, stderrLog: String? = nil, batchSize: Int = 1000, stopRequested: (@Sendable () -> Bool)? = nil
    ) {
        self.stopRequested = stopRequested
        self.name = name
        self.command = command
        self.environment = environment
        self.config = config
        self.secrets = secrets.filter { !$0.isEmpty }
        self.stream = stream
        self.discover = discover
        self.catalogFlag = catalogFlag
        self.replicationKey = replicationKey
        self.limits = limits
        self.stderrLog = stderrLog
        self.batchSize = batchSize
    }

    static let checkpointKey = "singer_state"

    package func read(since checkpoint: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> SourceRead {
        var state: Value?
        if let checkpoint {
            guard case let .object(object) = checkpoint, object.count == 1, let value = object[Self.checkpointKey] else {
                throw SourceError(.unrecognisedCheckpoint, source: name, message: "the saved checkpoint is not a Singer state this hub wrote; remove the job's checkpoint file to read from the start")
            }
            state = value
        }
        if let stderrLog { _ = FileManager.default.createFile(atPath: stderrLog, contents: nil) }  // this read's alone
        let scratch = try Self.makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let configPath = scratch + "/config.json"
        try Self.writePrivate(config, to: configPath)
        var arguments = command + ["--config", configPath]
        if discover {
            let catalog = try await runDiscovery(configPath: configPath)
            let catalogPath = scratch + "/catalog.json"
            try Self.writePrivate(catalog, to: catalogPath)
            arguments += ["--\(catalogFlag)", catalogPath]
        }
        if let state {
            let statePath = scratch + "/state.json"
            try Self.writePrivate(state, to: statePath)
            arguments += ["--state", statePath]
        }
        return try await stream(arguments, state: state, deliver: deliver)
    }

    // MARK: Streaming

    private func stream(_ arguments: [String], state initial: Value?, deliver: ([SourceItem]) async throws -> Void) async throws -> SourceRead {
        let process: PluginProcess
        do {
            process = try PluginProcess(arguments: arguments, environment: environment)
        } catch {
            throw SourceError(.configuration, source: name, message: "\(masked(error.description)); check the plugin's command in its manifest")
        }
        let deadline = Deadline(process: process, seconds: limits.seconds)
        defer { deadline.cancel() }
        var reader = MessageReader(name: name, stream: stream, limits: limits)
        var state = initial
        var batch: [SourceItem] = []
        batch.reserveCapacity(batchSize)
        var failure: IncompleteRead?
        do {
            try await readLines(process.output, lineLimit: limits.lineBytes, outputLimit: limits.outputBytes) { line, number in
                switch try reader.message(line, number: number) {
                case let .record(record, origin):
                    batch.append(.record(record, origin: origin))
                    if batch.count >= batchSize {
                        try await deliver(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                case let .state(value):
                    state = value
                case .other:
                    break
                }
            }
            if !batch.isEmpty { try await deliver(batch) }
        } catch let problem as StreamProblem {
            failure = IncompleteRead(origin: problem.origin, reason: masked(problem.reason), fix: problem.fix, exitStatus: .invalidInput)
            process.terminate()
        } catch {
            // The hub stopped the read (a failed delivery, a stop request): the plugin goes too.
            process.terminate(grace: 1)
            _ = process.wait()
            writeLog(process)
            throw error
        }
        let exit = PluginExit(waitStatus: process.wait())
        writeLog(process)
        if failure == nil, deadline.fired {
            failure = IncompleteRead(
                origin: nil, reason: "the plugin \(name) ran longer than its time limit of \(Int(limits.seconds)) s and was ended",
                fix: "find out why it is slow or hangs (its standard error: \(stderrSummary(process))), or raise time_limit_seconds in its manifest; run the job again",
                exitStatus: .runtimeFailure
            )
        }
        if failure == nil, exit != .exited(0) {
            failure = IncompleteRead(
                origin: nil, reason: "the plugin \(name) \(exit.description) before finishing its output",
                fix: "its standard error ends: \(stderrSummary(process)). Fix what it says, then run the job again",
                exitStatus: .runtimeFailure
            )
        }
        if var failure {
            failure.reason = masked(failure.reason)
            failure.fix = masked(failure.fix)
            return .incomplete(failure)
        }
        return .complete(checkpoint: state.map { .object([Self.checkpointKey: $0]) })
    }

    /// Calls `body` with each line of `descriptor` (without its line break) and its number,
    /// refusing a line longer than `lineLimit` and more than `outputLimit` bytes in all.
    private func readLines(
        _ descriptor: Int32, lineLimit: Int, outputLimit: Int, _ body: ([UInt8], Int) async throws -> Void
    ) async throws {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var line: [UInt8] = []
        var total = 0
        var number = 0
        while true {
            if let stopRequested {
                // Asked before every read, and output awaited a quarter second at a time, so a
                // stop reaches a plugin whether it writes steadily or not at all.
                if stopRequested() { throw PluginReadStopped(plugin: name) }
                var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let polled = poll(&ready, 1, 250)
                if polled == 0 || (polled < 0 && errno == EINTR) { continue }
            }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StreamProblem(origin: nil, reason: "reading the output of \(name) failed: \(String(cString: strerror(errno)))", fix: "run the job again")
            }
            if count == 0 { break }
            total += count
            if total > outputLimit {
                throw StreamProblem(
                    origin: nil, reason: "the plugin \(name) wrote more than its limit of \(outputLimit) bytes of output and was ended",
                    fix: "select fewer streams or raise max_output_bytes in its manifest"
                )
            }
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                line += buffer[start..<index]
                number += 1
                if line.count > lineLimit { throw lineTooLong(number) }
                try await body(line, number)
                line.removeAll(keepingCapacity: true)
                start = index + 1
            }
            line += buffer[start..<count]
            if line.count > lineLimit { throw lineTooLong(number + 1) }
        }
        if !line.isEmpty {
            number += 1
            try await body(line, number)
        }
    }

    private func lineTooLong(_ number: Int) -> StreamProblem {
        StreamProblem(
            origin: RecordOrigin(file: "\(name) output", line: number),
            reason: "the plugin \(name) wrote a line longer than its limit of \(limits.lineBytes) bytes and was ended",
            fix: "raise max_line_bytes in its manifest if its records are that large"
        )
    }

    // MARK: Discovery

    /// `COMMAND --config FILE --discover`, its catalog with the chosen stream selected.
    private func runDiscovery(configPath: String) async throws -> Value {
        let process: PluginProcess
        do {
            process = try PluginProcess(arguments: command + ["--config", configPath, "--discover"], environment: environment)
        } catch {
            throw SourceError(.configuration, source: name, message: "\(masked(error.description)); check the plugin's command in its manifest")
        }
        let deadline = Deadline(process: process, seconds: limits.seconds)
        defer { deadline.cancel() }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var overflow = false
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(process.output, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > limits.outputBytes {
                overflow = true
                process.terminate()
                break
            }
        }
        let exit = PluginExit(waitStatus: process.wait())
        writeLog(process)
        func failure(_ message: String) -> SourceError {
            SourceError(.incompleteRead, source: name, message: masked(message), exitStatus: .runtimeFailure)
        }
        if overflow { throw failure("its discovery wrote more than \(limits.outputBytes) bytes; raise max_output_bytes in its manifest") }
        if deadline.fired { throw failure("its discovery ran longer than \(Int(limits.seconds)) s and was ended") }
        guard exit == .exited(0) else { throw failure("its discovery (--discover) \(exit.description); its standard error ends: \(stderrSummary(process))") }
        guard case var .object(catalog)? = try? JSONReader().value(from: bytes), case var .array(streams)? = catalog["streams"] else {
            throw failure("its discovery did not write a catalog (a JSON object with \"streams\"); its standard error ends: \(stderrSummary(process))")
        }
        let names = streams.compactMap { $0["tap_stream_id"]?.stringValue ?? $0["stream"]?.stringValue }
        guard let chosen = stream ?? (names.count == 1 ? names.first : nil) else {
            throw SourceError(.configuration, source: name, message: "the tap offers the streams \(names.joined(separator: ", ")); name one with stream: in the job's source")
        }
        guard names.contains(chosen) else {
            let hint = NameSuggestion.nearest(to: chosen, among: names).map { "did you mean \($0)? " } ?? ""
            throw SourceError(.configuration, source: name, message: "the tap offers no stream \(chosen); \(hint)it offers \(names.joined(separator: ", "))")
        }
        for index in streams.indices {
            guard case var .object(entry) = streams[index] else { continue }
            let id = entry["tap_stream_id"]?.stringValue ?? entry["stream"]?.stringValue
            entry["metadata"] = .array(Self.metadata(entry["metadata"], selected: id == chosen, replicationKey: id == chosen ? replicationKey : nil))
            if id == chosen {
                entry["selected"] = .bool(true)
                if let replicationKey {
                    entry["replication_method"] = .string("INCREMENTAL")
                    entry["replication_key"] = .string(replicationKey)
                }
            }
            streams[index] = .object(entry)
        }
        catalog["streams"] = .array(streams)
        return .object(catalog)
    }

    /// A stream's metadata with its top-level entry (breadcrumb `[]`) selected or not, and its
    /// replication set when a key is given.
    static func metadata(_ existing: Value?, selected: Bool, replicationKey: String?) -> [Value] {
        var list: [Value] = []
        if case let .array(items)? = existing { list = items }
        var found = false
        for index in list.indices {
            guard case var .object(entry) = list[index], case let .array(breadcrumb)? = entry["breadcrumb"], breadcrumb.isEmpty else { continue }
            var metadata: OrderedObject
            if case let .object(object)? = entry["metadata"] { metadata = object } else { metadata = OrderedObject() }
            metadata["selected"] = .bool(selected)
            if let replicationKey {
                metadata["replication-method"] = .string("INCREMENTAL")
                metadata["replication-key"] = .string(replicationKey)
            }
            entry["metadata"] = .object(metadata)
            list[index] = .object(entry)
            found = true
        }
        if !found {
            var metadata: OrderedObject = ["selected": .bool(selected)]
            if let replicationKey {
                metadata["replication-method"] = .string("INCREMENTAL")
                metadata["replication-key"] = .string(replicationKey)
            }
            list.insert(.object(["breadcrumb": .array([]), "metadata": .object(metadata)]), at: 0)
        }
        return list
    }

    // MARK: Files and messages

    private static func makeScratchDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "huitong-plugin-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw SourceError(.unreadable, source: "plugin", message: "cannot make a private directory for the plugin's files: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// Writes `value` as JSON to a new file only its owner can read.
    private static func writePrivate(_ value: Value, to path: String) throws {
        let bytes = try JSONWriter().bytes(for: value)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SourceError(.unreadable, source: path, message: "cannot write the plugin's file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw SourceError(.unreadable, source: path, message: "cannot write the plugin's file: \(String(cString: strerror(errno)))")
        }
    }

    /// `text` with every secret replaced by `***`.
    func masked(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// The last lines of the plugin's standard error, masked, on one line.
    private func stderrSummary(_ process: PluginProcess) -> String {
        let lines = masked(process.stderrText).split(whereSeparator: \.isNewline).suffix(5)
        return lines.isEmpty ? "(nothing)" : lines.joined(separator: " | ")
    }

    private func writeLog(_ process: PluginProcess) {
        guard let stderrLog else { return }
        let text = masked(process.stderrText)
        guard !text.isEmpty else { return }
        if let handle = FileHandle(forWritingAtPath: stderrLog) ?? (FileManager.default.createFile(atPath: stderrLog, contents: nil) ? FileHandle(forWritingAtPath: stderrLog) : nil) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        }
    }
}

/// A problem in the plugin's output: the read stops, incomplete.
struct StreamProblem: Error {
    let origin: RecordOrigin?
    let reason: String
    let fix: String
}

/// The hub asked the read to stop while the plugin was silent; the plugin was ended.
package struct PluginReadStopped: Error, CustomStringConvertible {
    package let plugin: String
    package var description: String { "the read of \(plugin) was stopped; the plugin was ended" }
}

/// Ends the process when its time is up.
private final class Deadline: @unchecked Sendable {
    private let work: DispatchWorkItem
    private let state = NSLock()
    private var didFire = false

    init(process: PluginProcess, seconds: Double) {
        var fire: (() -> Void)?
        work = DispatchWorkItem { fire?() }
        fire = { [weak self] in
            self?.state.lock()
            self?.didFire = true
            self?.state.unlock()
            process.terminate()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: work)
    }

    var fired: Bool {
        state.lock()
        defer { state.unlock() }
        return didFire
    }

    func cancel() { work.cancel() }
}

/// Reads Singer messages one line at a time: the order the specification requires (a
/// stream's SCHEMA before its RECORDs), the records of the chosen stream, the states.
struct MessageReader {
    enum Message {
        case record(OrderedObject, RecordOrigin)
        case state(Value)
        case other
    }

    let name: String
    let stream: String?
    let limits: SingerTapAdapter.Limits
    private var schemas: Set<String> = []
    private var streamsSeen: Set<String> = []

    init(name: String, stream: String?, limits: SingerTapAdapter.Limits) {
        self.name = name
        self.stream = stream
        self.limits = limits
    }

    mutating func message(_ line: [UInt8], number: Int) throws -> Message {
        let origin = RecordOrigin(file: "\(name) output", line: number)
        func problem(_ reason: String) -> StreamProblem {
            StreamProblem(origin: origin, reason: "the plugin \(name) wrote \(reason) on line \(number) of its output, which is not a Singer message", fix: "fix the plugin so that it writes only Singer messages (JSON, one per line) on standard output and its logging on standard error")
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) { return .other }
        guard case let .object(object)? = try? JSONReader().value(from: line) else {
            let text = String(decoding: line.prefix(80), as: UTF8.self)
            throw problem("\"\(text)\(line.count > 80 ? "…" : "")\"")
        }
        guard let type = object["type"]?.stringValue else { throw problem("a JSON object without \"type\"") }
        switch type {
        case "SCHEMA":
            guard let stream = object["stream"]?.stringValue, case .object? = object["schema"] else {
                throw problem("a SCHEMA message without \"stream\" and \"schema\"")
            }
            schemas.insert(stream)
            return .other
        case "RECORD":
            guard let recordStream = object["stream"]?.stringValue, case let .object(record)? = object["record"] else {
                throw problem("a RECORD message without \"stream\" and a \"record\" object")
            }
            guard schemas.contains(recordStream) else {
                throw problem("a RECORD of the stream \(recordStream) before its SCHEMA")
            }
            if let stream, recordStream != stream { return .other }
            if stream == nil {
                streamsSeen.insert(recordStream)
                if streamsSeen.count > 1 {
                    throw StreamProblem(
                        origin: origin, reason: "the plugin \(name) wrote records of the streams \(streamsSeen.sorted().joined(separator: " and "))",
                        fix: "name the stream to read with stream: in the job's source"
                    )
                }
            }
            return .record(record, origin)
        case "STATE":
            guard let value = object["value"] else { throw problem("a STATE message without \"value\"") }
            return .state(value)
        case "ACTIVATE_VERSION":
            return .other
        default:
            throw problem("a message of type \(type)")
        }
    }
}
