import Foundation
import HuitongAdapters
import HuitongCore
import HuitongHub
import HuitongMapping
import HuitongPlatforms

/// The push limit of one configured job: the records a `huitong run` of the job sends to each
/// target, made beforehand in this process (the job's adapter, source mapping and target
/// mappings through ``MappingStage`` with the run's external-sort de-duplication, each item
/// encoded once as the run stages it), then pushed by ``PlatformConnector/push(dataset:test:scope:upserts:deletes:onBatch:)``
/// to a fresh sandbox, one target after the other as a run pushes them. Only the push is timed.
///
/// It is the baseline a pipeline benchmark holds its run against: a run cannot be faster than
/// sending what it sends, and the issue asks the run to stay within 1.5x of it.
struct JobPushBaseline {
    /// One target's records, in the order a run stages them.
    struct TargetRecords {
        var name: String
        var platform: String
        var dataset: String
        var records: [OutgoingRecord]
    }

    let targets: [TargetRecords]
    var count: Int { targets.reduce(0) { $0 + $1.records.count } }

    /// Reads the job's source and maps it as a run would, holding every outgoing record in memory.
    init(configuration path: String, job name: String) throws {
        let configuration: HubConfiguration
        do {
            configuration = try HubConfiguration.load(path: path)
        } catch {
            throw BenchmarkFailure("cannot load \(path): \(error)")
        }
        guard let job = configuration.job(named: name) else { throw BenchmarkFailure("\(path) has no job \(name)") }
        let scratch = NSTemporaryDirectory()
        targets = try blocking {
            let source = try MappingStage(mapping: job.mapping, context: MappingContext(), deduplication: .externalSort(directory: scratch))
            let stages = try job.targets.map { target in
                TargetStage(target: target, stage: try MappingStage(mapping: target.mapping, context: MappingContext(), deduplication: .externalSort(directory: scratch)))
            }
            func routeSource(_ outcome: MappingStageOutcome) throws {
                guard case let .mapped(record, _, _) = outcome else { return }
                for stage in stages { try stage.add(record) }
            }
            let read = try await job.source.adapter(for: job.mapping).read(since: nil) { batch in
                for item in batch {
                    if case let .record(record, _) = item { try source.add(record, origin: .null, emit: routeSource) }
                }
            }
            if let incomplete = read.incompleteRead { throw BenchmarkFailure("the read of \(name) stopped early: \(incomplete)") }
            try source.finish(emit: routeSource)
            for stage in stages { try stage.finish() }
            return stages.map { TargetRecords(name: $0.target.name, platform: $0.target.platform, dataset: $0.target.dataset, records: $0.records) }
        }
    }

    /// One target's mapping stage and the records it let through, encoded as a run stages them.
    private final class TargetStage {
        let target: TargetConfiguration
        let stage: MappingStage
        var records: [OutgoingRecord] = []
        private var writer = JSONWriter()

        init(target: TargetConfiguration, stage: MappingStage) {
            self.target = target
            self.stage = stage
        }

        func add(_ record: OrderedObject) throws {
            try stage.add(record, origin: .null, emit: keep)
        }

        func finish() throws {
            try stage.finish(emit: keep)
        }

        private func keep(_ outcome: MappingStageOutcome) throws {
            guard case let .mapped(record, _, _) = outcome else { return }
            var bytes: [UInt8] = []
            try writer.append(.object(record), to: &bytes)
            records.append(OutgoingRecord(key: target.datasetProfile.key(of: record), encodedPayload: bytes))
        }
    }

    /// What one push did.
    struct Run {
        var seconds: Double
        var problems: [String]
    }

    /// Pushes every target's records to the sandbox `configuration` points at (a fresh one),
    /// after a ping per platform (the token, a connection); the clock runs from the first
    /// record to the last answer.
    func push(configuration path: String, sandbox: SandboxProcess) throws -> Run {
        let configuration: HubConfiguration
        do {
            configuration = try HubConfiguration.load(path: path)
        } catch {
            throw BenchmarkFailure("cannot load \(path): \(error)")
        }
        var connectors: [String: PlatformConnector] = [:]
        for platform in configuration.platforms {
            connectors[platform.settings.name] = try PlatformConnector(profile: platform.profile, settings: platform.settings)
        }
        let targets = self.targets
        let frozen = connectors
        let (reports, elapsed) = try blocking {
            for connector in frozen.values { _ = try await connector.ping() }
            let start = ContinuousClock.now
            var reports: [(TargetRecords, PushReport)] = []
            for target in targets {
                guard let connector = frozen[target.platform] else { throw BenchmarkFailure("no platform \(target.platform) in \(path)") }
                reports.append((target, try await connector.push(dataset: target.dataset, test: false, scope: "bench-job-push", upserts: target.records)))
            }
            return (reports, seconds(ContinuousClock.now - start))
        }
        var problems: [String] = []
        for (target, report) in reports {
            if report.accepted != target.records.count || report.rejected + report.notSent > 0 {
                problems.append("\(target.name): \(report.accepted) of \(target.records.count) accepted, \(report.rejected) rejected, \(report.notSent) not sent"
                                + (report.failures.first.map { " (\($0))" } ?? ""))
            }
            let state = try sandbox.state(of: target.platform)
            let tally = target.platform == "city" ? SandboxTally.city(state, dataset: target.dataset) : SandboxTally.province(state, dataset: target.dataset)
            if tally?.stored != target.records.count {
                problems.append("\(target.name): the sandbox holds \(tally.map { String($0.stored) } ?? "no count of") records, \(target.records.count) pushed")
            }
        }
        return Run(seconds: elapsed, problems: problems)
    }
}
