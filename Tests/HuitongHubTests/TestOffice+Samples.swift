import Foundation
import HuitongAdapters
import HuitongCore
import HuitongHub
import HuitongMapping
import HuitongPlatforms
import HuitongSandbox
import HuitongTestSupport

/// The hub's tests run in a `TestOffice` holding the sample sources, with a huitong.yaml
/// wiring all six of them to both sandbox platforms.
extension TestOffice {
    /// An office with the six sample sources in `sources/` and ``sampleConfigurationFile`` written.
    static func withSamples(province: FaultPlan = .none, city: FaultPlan = .none) throws -> TestOffice {
        let office = try TestOffice(province: province, city: city)
        for name in ["shelters.csv", "siren-tests.csv", "teams.json", "facilities.json", "sensors", "alerts"] {
            try office.copyFixture("sources/\(name)", to: "sources/\(name)")
        }
        try office.sampleConfigurationFile.write()
        return office
    }

    /// The six sample jobs, state in `state/` and the ledger in `ledger/`.
    var sampleConfigurationFile: ConfigurationFile {
        configurationFile(jobs: Self.sampleJobs, state: "state", ledger: "ledger")
    }

    /// The text of ``sampleConfigurationFile``, for tests that edit it.
    var configurationText: String { sampleConfigurationFile.text }

    static let sampleJobs = [
        """
        shelters:
          source: {adapter: csv, path: sources/shelters.csv}
          mapping: sources/shelter-registry.yaml
          targets:
            - {platform: province, mapping: targets/province/rfgc.yaml}
            - {platform: city, mapping: targets/city/shelter.yaml}
        """,
        """
        sirens:
          source: {adapter: csv, path: sources/siren-tests.csv}
          mapping: sources/siren-tests.yaml
          targets:
            - {platform: province, mapping: targets/province/jbsm.yaml, deletes: false}
            - {platform: city, mapping: targets/city/siren.yaml, deletes: false}
        """,
        """
        teams:
          source: {adapter: json, path: sources/teams.json}
          mapping: sources/rescue-teams.yaml
          targets:
            - {platform: province, mapping: targets/province/zyd.yaml}
            - {platform: city, mapping: targets/city/team.yaml}
        """,
        """
        facilities:
          source: {adapter: json, path: sources/facilities.json}
          mapping: sources/command-facilities.yaml
          targets:
            - {platform: province, mapping: targets/province/zhss.yaml}
            - {platform: city, mapping: targets/city/facility.yaml}
        """,
        """
        sensors:
          source: {adapter: jsonl, path: sources/sensors}
          mapping: sources/sensor-readings.yaml
          targets:
            - {platform: province, mapping: targets/province/hjjc.yaml, mode: append}
        """,
        """
        alerts:
          source: {adapter: cap, path: sources/alerts}
          mapping: sources/cap-alerts.yaml
          targets:
            - {platform: city, mapping: targets/city/events.yaml}
        """,
    ]

    /// A target's files in production mode: what it accepted, and its run's journal.
    func acceptedFile(job: String, target: String) -> String { directory + "/state/\(job)/targets/\(target)/accepted.jsonl" }
    func journalFile(job: String, target: String) -> String { directory + "/state/\(job)/run/\(target)/journal.jsonl" }

    /// Whether a run could take `job`'s lock now. The lock file stays after a run (it is an
    /// `flock`, released by the kernel), so its presence says nothing.
    func jobLockIsFree(_ job: String) -> Bool {
        let path = directory + "/state/\(job)/lock"
        guard FileManager.default.fileExists(atPath: path) else { return true }
        return (try? FileLock.acquire(path, createFile: false, waitMilliseconds: 0)) != nil
    }

    func configuration() throws -> HubConfiguration {
        try HubConfiguration.load(path: configurationPath)
    }

    /// A runner whose connectors wait no real time between attempts.
    func runner(_ configuration: HubConfiguration) -> JobRunner {
        JobRunner(configuration: configuration, ledger: LedgerRecorder(directory: configuration.ledgerDirectory)) { platform in
            try PlatformConnector(profile: platform.profile, settings: platform.settings) { _ in }
        }
    }

    func connector(_ configuration: HubConfiguration, _ name: String) throws -> PlatformConnector {
        let platform = configuration.platform(named: name)!
        return try PlatformConnector(profile: platform.profile, settings: platform.settings) { _ in }
    }

    /// What a platform holds for a dataset, by key.
    func stored(_ configuration: HubConfiguration, platform: String, dataset: String) async throws -> [String: Value] {
        let connector = try connector(configuration, platform)
        let datasetProfile = connector.profile.dataset(named: dataset)!
        var stored: [String: Value] = [:]
        try await connector.readBack(dataset: dataset, test: false) { page in
            for case let .object(record) in page { stored[datasetProfile.key(of: record)] = .object(record) }
        }
        return stored
    }

    /// What the mappings make of the current sources for one target, by key (independently
    /// of the pipeline: adapters and mappings only).
    func expected(_ configuration: HubConfiguration, job name: String, target: String) async throws -> [String: Value] {
        let job = configuration.job(named: name)!
        let target = job.targets.first { $0.name == target }!
        let context = MappingContext(testMode: false, clock: SystemWallClock())
        let items = try await MappingStage.read(adapter(for: job))
        let normalised = try MappingStage.run(job.mapping, items, context: context).records
        let payloads = try MappingStage.run(target.mapping, normalised, context: context).records
        var expected: [String: Value] = [:]
        for payload in payloads { expected[target.datasetProfile.key(of: payload)] = .object(payload) }
        return expected
    }

    private func adapter(for job: JobConfiguration) -> any HuitongAdapters.SourceAdapter {
        job.source.adapter(for: job.mapping)
    }
}
