import Foundation
import HuitongCore
@testable import HuitongHub
import HuitongPlatforms
import HuitongTestSupport
import Testing
import HuitongYAML

@Suite struct ConfigurationTests {
    @Test func theBundledExampleWiresAllSixSourcesToBothPlatforms() throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        #expect(configuration.jobs.map(\.name) == ["shelters", "sirens", "teams", "facilities", "sensors", "alerts"])
        #expect(configuration.jobs.flatMap(\.targets).count == 10)
        let sensors = try #require(configuration.job(named: "sensors")?.targets.first)
        #expect(sensors.mode == .append && !sensors.deletes)
        let alerts = try #require(configuration.job(named: "alerts")?.targets.first)
        #expect(!alerts.deletes, "a CAP directory is read incrementally: nothing missing from a read is gone")
        #expect(configuration.job(named: "shelters")?.targets.allSatisfy(\.deletes) == true)
    }

    func problems(_ edit: (String) -> String) throws -> [String] {
        let bed = try TestOffice.withSamples()
        try edit(bed.configurationText).write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        do {
            _ = try HubConfiguration.load(path: bed.configurationPath)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func aTargetMappingForAnotherPlatformOrEntityIsRefusedAtItsLine() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "{platform: city, mapping: targets/city/shelter.yaml}", with: "{platform: city, mapping: targets/province/rfgc.yaml}")
              .replacingOccurrences(of: "{platform: province, mapping: targets/province/zyd.yaml}", with: "{platform: province, mapping: targets/province/zhss.yaml}")
        }
        #expect(found.contains { $0.contains("huitong.yaml:") && $0.contains("is for the platform province, but city uses the profile city") })
        #expect(found.contains { $0.contains("the profile city has no dataset rfgc") })
        #expect(found.contains { $0.contains("reads command_facility records, but the job's source mapping makes rescue_team") })
    }

    @Test func deletesOnAnIncrementalSourceAreRefused() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "{platform: city, mapping: targets/city/events.yaml}", with: "{platform: city, mapping: targets/city/events.yaml, deletes: true}")
        }
        #expect(found.contains { $0.contains("read incrementally") })
    }

    @Test func deletePoliciesAreReadAndCheckedAtTheirLines() throws {
        let bed = try TestOffice.withSamples()
        try bed.configurationText.replacingOccurrences(
            of: "{platform: province, mapping: targets/province/rfgc.yaml}",
            with: "{platform: province, mapping: targets/province/rfgc.yaml, max_delete_share: 0.5, delete_floor: 3, max_delete_count: 40}"
        ).write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        let shelters = try #require(try HubConfiguration.load(path: bed.configurationPath).job(named: "shelters"))
        #expect(shelters.targets[0].deletePolicy == DeletePolicy(maxShare: 0.5, floor: 3, maxCount: 40))
        #expect(shelters.targets[1].deletePolicy == .standard)

        let found = try problems {
            $0.replacingOccurrences(of: "{platform: province, mapping: targets/province/rfgc.yaml}", with: "{platform: province, mapping: targets/province/rfgc.yaml, max_delete_share: 1.5}")
              .replacingOccurrences(of: "{platform: city, mapping: targets/city/team.yaml}", with: "{platform: city, mapping: targets/city/team.yaml, delete_floor: -1}")
              .replacingOccurrences(of: "{platform: province, mapping: targets/province/jbsm.yaml, deletes: false}", with: "{platform: province, mapping: targets/province/jbsm.yaml, deletes: false, max_delete_count: 5}")
        }
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.contains("huitong.yaml:") && $0.contains("max_delete_share is a share of the register between 0 and 1") })
        #expect(found.contains { $0.contains("delete_floor is a whole number, 0 or more") })
        #expect(found.contains { $0.contains("max_delete_count bounds the deletes of a target that deletes") })
    }

    @Test func unknownPlatformsJobsKeysAndMissingFilesAreAllReported() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "source: {adapter: json, path: sources/teams.json}", with: "source: {adapter: json, path: sources/team.json}")
              .replacingOccurrences(of: "{platform: city, mapping: targets/city/team.yaml}", with: "{platform: citi, mapping: targets/city/team.yaml}")
              .replacingOccurrences(of: "  sirens:\n", with: "  sirens:\n    shedule: hourly\n")
        }
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.contains("no such file or directory") && $0.contains("team.json") })
        #expect(found.contains { $0.contains("no platform \"citi\"") })
        #expect(found.contains { $0.contains("has no key \"shedule\"") && $0.contains("did you mean \"schedule\"") })
    }
}

@Suite struct CredentialResolutionTests {
    /// The test bed's configuration with every reference turned into an unset variable.
    func unsetReferences(_ bed: TestOffice) throws {
        let text = bed.configurationText
            .replacingOccurrences(of: "base_url: \(bed.baseURL("city"))", with: "base_url: ${env:HUITONG_TEST_UNSET_CITY_URL}")
            .replacingOccurrences(of: "${file:province.secret}", with: "${env:HUITONG_TEST_UNSET_PROVINCE_SECRET}")
            .replacingOccurrences(of: "${file:city.secret}", with: "${env:HUITONG_TEST_UNSET_CITY_SECRET}")
        try text.write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
    }

    @Test func withoutResolutionTheConfigurationLoadsWithNoVariableSetButCannotSendOrRun() async throws {
        let bed = try TestOffice.withSamples()
        try unsetReferences(bed)
        let configuration = try HubConfiguration.load(path: bed.configurationPath, credentials: .skip, environment: [:])
        #expect(configuration.jobs.count == 6)
        #expect(configuration.platforms.allSatisfy { !$0.settings.credentialsResolved })
        #expect(configuration.platform(named: "province")?.settings.credentials["app_key"]?.reveal() == SandboxCredentials.province.id, "a literal is no reference")
        let city = try #require(configuration.platform(named: "city"))
        #expect(throws: PlatformSettingsError.self) { _ = try PlatformConnector(profile: city.profile, settings: city.settings) }
        let refusal = await #expect(throws: HubError.self) { _ = try await JobRunner(configuration: configuration).run(configuration.jobs[0]) }
        #expect(refusal?.code == .configuration)
    }

    @Test func withResolutionEveryUnsetVariableIsAnErrorAtItsLine() throws {
        let bed = try TestOffice.withSamples()
        try unsetReferences(bed)
        do {
            _ = try HubConfiguration.load(path: bed.configurationPath, environment: [:])
            Issue.record("loaded without its credentials")
        } catch {
            let messages = error.errors.map(\.description).joined(separator: "\n")
            for name in ["HUITONG_TEST_UNSET_CITY_URL", "HUITONG_TEST_UNSET_PROVINCE_SECRET", "HUITONG_TEST_UNSET_CITY_SECRET"] {
                #expect(messages.contains("the environment variable \(name) is not set"), "\(messages)")
            }
        }
    }

    @Test func aLiteralSecretIsRefusedEvenWithoutResolution() throws {
        let bed = try TestOffice.withSamples()
        try bed.configurationText.replacingOccurrences(of: "\"${file:city.secret}\"", with: "written-here")
            .write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationFailure.self) { _ = try HubConfiguration.load(path: bed.configurationPath, credentials: .skip) }
    }
}

@Suite struct DryRunTests {
    @Test func aDryRunShowsWhatWouldBeSentAndSendsAndWritesNothing() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        let dry = try await bed.runner(configuration).run(job, options: .init(dryRun: true))
        #expect(dry.status == .dryRun)
        #expect(dry.targets.allSatisfy { $0.upserts > 0 && $0.requests == 0 && $0.accepted == 0 })
        #expect(dry.targets.allSatisfy { $0.wouldUpsert.count == 10 && $0.wouldUpsert.allSatisfy { $0.hasPrefix("ZYD-") } }, "the first keys it would send")
        #expect(try await bed.stored(configuration, platform: "province", dataset: "zyd").isEmpty)
        let real = try await bed.runner(configuration).run(job)
        #expect(real.targets.map(\.upserts) == dry.targets.map(\.upserts), "the dry run planned what the run sends")
        let after = try await bed.runner(configuration).run(job, options: .init(dryRun: true))
        #expect(after.targets.allSatisfy { $0.upserts == 0 && $0.deletes == 0 })
    }
}
