import Foundation
import HuitongCore

/// What `huitong serve` keeps across restarts, in `STATE/service/state.json`: the fire each job
/// last started for (so fires missed while the service was down are known, and the misfire
/// policy applied) and each job's last outcome (for `GET /status`). Replaced durably after each
/// start and end of a run; a service lock (`STATE/service/serve.lock`) keeps a second service
/// off the same state.
package struct ServiceStateStore: Sendable {
    package struct Saved: Sendable, Equatable {
        package var lastFires: [String: Timestamp] = [:]
        package var lastOutcomes: [String: Value] = [:]

        package init(lastFires: [String: Timestamp] = [:], lastOutcomes: [String: Value] = [:]) {
            self.lastFires = lastFires
            self.lastOutcomes = lastOutcomes
        }
    }

    static let format = "huitong-service/1"

    package let directory: String
    package var path: String { directory + "/state.json" }
    package var lockPath: String { directory + "/serve.lock" }

    package init(stateDirectory: String) {
        directory = stateDirectory + "/service"
    }

    /// The saved state; empty when the service never ran here.
    ///
    /// - Throws: ``HubError`` (configuration) naming the file when it is not the format: a
    ///   state that cannot be read is not guessed at, since it decides which jobs run now.
    package func load() throws -> Saved {
        guard FileKind.of(path) != nil else { return Saved() }
        let hint = "Move it aside to start afresh (each job then runs at its next time; every-jobs at once)."
        let value: Value
        do {
            value = try JSONReader().value(from: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            throw HubError(.configuration, "\(path) cannot be read as the service's state: \(error). \(hint)")
        }
        do throws(FormatProblem) {
            var fields = try FormatFields(value, path: "", format: Self.format)
            let format = try fields.string("format")
            guard format == Self.format else { throw FormatProblem(path: "format", message: "is \(format), not \(Self.format)") }
            var saved = Saved()
            var jobs = try fields.fields("jobs")
            guard case let .object(members) = value["jobs"] ?? .null else { throw FormatProblem(path: "jobs", message: "must be an object") }
            for (name, _) in members {
                var job = try jobs.fields(name)
                if let text = try job.optionalString("lastFire") {
                    guard let instant = try? Timestamp(parsing: text, as: .rfc3339) else {
                        throw FormatProblem(path: "jobs.\(name).lastFire", message: "is \"\(text)\", not an RFC 3339 time")
                    }
                    saved.lastFires[name] = instant
                }
                if let last = try job.optionalValue("last"), last != .null { saved.lastOutcomes[name] = last }
                try job.finish()
            }
            try jobs.finish()
            try fields.finish()
            return saved
        } catch {
            throw HubError(.configuration, "\(path) is not the service's state: \(error.description). \(hint)")
        }
    }

    package func save(_ saved: Saved) throws(StorageError) {
        var jobs = OrderedObject()
        for name in Set(saved.lastFires.keys).union(saved.lastOutcomes.keys).sorted() {
            jobs[name] = [
                "lastFire": saved.lastFires[name].map { .string($0.formatted(.rfc3339Milliseconds, in: .beijing)) } ?? .null,
                "last": saved.lastOutcomes[name] ?? .null,
            ]
        }
        let value: Value = ["format": .string(Self.format), "jobs": .object(jobs)]
        let text = (try? JSONWriter().string(for: value)) ?? "{}"
        try FileStorage.replace(path, with: Array((text + "\n").utf8))
    }

    /// Holds the service lock, or nil when another service holds it.
    package func lock() throws(StorageError) -> FileLock? {
        try FileStorage.createDirectory(directory)
        return try FileLock.acquire(lockPath, createFile: true, waitMilliseconds: 0)
    }
}
