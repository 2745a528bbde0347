import Foundation
import HuitongCore
import HuitongHub
import HuitongPlatforms
import HuitongTestSupport
import Testing

/// The `service:` block and the jobs' service keys: read, and each mistake an error at its place.
@Suite struct ServiceSettingsTests {
    func load(_ office: TestOffice, service: String, teams: String = "", environment: [String: String] = [:]) throws(ConfigurationFailure) -> HubConfiguration {
        let text = office.configurationText.replacingOccurrences(of: "  teams:\n", with: "  teams:\n" + teams) + "\n" + service + "\n"
        try? text.write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        return try HubConfiguration.load(path: office.configurationPath, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    @Test func theServiceBlockAndTheJobKeysAreRead() throws {
        let office = try TestOffice.withSamples()
        let configuration = try load(office, service: """
            service:
              max_jobs: 3
              max_per_platform: 2
              listen: 127.0.0.1:9464
              log: logs/serve.log
              notify: {url: "${env:HOOK}", on: [failed, freshness]}
            """, teams: "    schedule: every 15m\n    overlap: queue\n    misfire: skip\n    jitter: 2m\n    joint_test: true\n", environment: ["HOOK": "https://hooks.example/x?token=1"])
        let service = configuration.service
        #expect(service.maxJobs == 3 && service.maxPerPlatform == 2 && service.listenPort == 9464)
        #expect(service.logFile == office.path("logs/serve.log"))
        #expect(service.notify?.url.reveal() == "https://hooks.example/x?token=1" && service.notify?.events == [.failed, .freshness])
        let teams = try #require(configuration.job(named: "teams"))
        #expect(teams.service == JobServicePolicy(overlap: .queue, misfire: .skip, jitterSeconds: 120, jointTest: true))
        #expect(try #require(configuration.job(named: "shelters")).service == JobServicePolicy(), "defaults: skip, run-once, no jitter, production")
    }

    @Test(arguments: [
        ("service: {listen: 0.0.0.0:9464}", "loopback only"),
        ("service: {max_jobs: 0}", "service max_jobs is 0"),
        ("service: {notify: {on: [failed]}}", "service notify needs url"),
        ("service: {notify: {url: \"ftp://x\"}}", "is not an http:// or https:// URL"),
        ("service: {notify: {url: \"https://x\", on: [sometimes]}}", "sometimes is not an event"),
        ("service: {maxjobs: 2}", "maxjobs"),
    ])
    func aWrongServiceSettingIsAnErrorAtItsPlace(_ service: String, _ message: String) throws {
        let office = try TestOffice.withSamples()
        do {
            _ = try load(office, service: service)
            Issue.record("loaded: \(service)")
        } catch {
            let line = office.configurationText.split(separator: "\n", omittingEmptySubsequences: false).count + 1
            #expect(error.description.contains("huitong.yaml:\(line):"), "\(error.description)")
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test(arguments: [("    overlap: later\n", "overlap: later; write one of skip, queue"), ("    misfire: always\n", "misfire: always"), ("    jitter: 2d\n", "jitter: 2d")])
    func aWrongJobKeyIsAnErrorAtItsLine(_ key: String, _ message: String) throws {
        let office = try TestOffice.withSamples()
        do {
            _ = try load(office, service: "", teams: key)
            Issue.record("loaded: \(key)")
        } catch {
            #expect(error.description.contains(message) && error.description.contains("huitong.yaml:"), "\(error.description)")
        }
    }

    @Test func theNotificationURLIsNeverShownInAnError() throws {
        let office = try TestOffice.withSamples()
        do {
            _ = try load(office, service: "service: {notify: {url: \"${env:HOOK}\"}}", environment: ["HOOK": "smtp://secret-token-123"])
            Issue.record("loaded")
        } catch {
            #expect(error.description.contains("${env:HOOK}") && !error.description.contains("secret-token-123"), "\(error.description)")
        }
    }
}
