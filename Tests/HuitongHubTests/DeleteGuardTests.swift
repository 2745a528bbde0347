import Foundation
import HuitongCore
import HuitongHub
import HuitongLedger
import HuitongTestSupport
import Testing

/// The delete guard and the deletes of records a target no longer wants, end to end against
/// the sandbox platforms.
@Suite struct DeleteGuardTests {
    /// Runs `job` expecting the delete guard to stop it; returns the error's message.
    func refusal(_ runner: JobRunner, _ job: JobConfiguration) async throws -> String {
        do {
            let report = try await runner.run(job)
            Issue.record("the run went through: \(report.targets.map { "\($0.name) deletes \($0.deletes)" })")
            return ""
        } catch let error as HubError {
            #expect(error.code == .deletesRefused)
            #expect(error.exitStatus == .invalidInput)
            return error.message
        }
    }

    @Test func aHeaderOnlyExportDeletesNothingUntilTheOperatorAllowsIt() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        let job = try #require(configuration.job(named: "shelters"))
        _ = try await runner.run(job)
        let province = try await bed.stored(configuration, platform: "province", dataset: "rfgc")
        let city = try await bed.stored(configuration, platform: "city", dataset: "shelter")
        #expect(province.count > 200 && city.count > 200)

        // An export that failed after its header: a valid CSV with no rows.
        let path = bed.directory + "/sources/shelters.csv"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let header = bytes.prefix(through: try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))))
        try header.write(to: URL(fileURLWithPath: path))

        let message = try await refusal(runner, job)
        #expect(message.contains("province-rfgc: the read makes no record for this target, yet the platform holds \(province.count)"))
        #expect(message.contains("city-shelter"))
        #expect(message.contains("huitong run --allow-deletes shelters"))
        #expect(message.contains("Nothing was sent or deleted"))
        #expect(try await bed.stored(configuration, platform: "province", dataset: "rfgc") == province)
        #expect(try await bed.stored(configuration, platform: "city", dataset: "shelter") == city)
        // Refused again, not resumed: nothing of the refused run was kept to be sent later.
        _ = try await refusal(runner, job)

        let allowed = try await runner.run(job, options: .init(allowDeletes: true))
        #expect(allowed.deletesAllowed)
        for target in allowed.targets {
            #expect(target.deletes == (target.platform == "province" ? province.count : city.count))
            #expect(target.accepted == target.deletes)
        }
        #expect(try await bed.stored(configuration, platform: "province", dataset: "rfgc").isEmpty)
        #expect(try await bed.stored(configuration, platform: "city", dataset: "shelter").isEmpty)
        let entry = try #require(try LedgerReader(directory: configuration.ledgerDirectory).latestEntry(job: "shelters", target: "province-rfgc", test: false))
        #expect(try entry.manifest.get().exchange?.deletesAllowed == true, "the ledger records that the operator allowed the deletes")
        #expect(try LedgerVerifier(directory: configuration.ledgerDirectory).verify().isIntact)
    }

    @Test func theFloorLetsAFewRemovalsThroughButNotAFifthOfTheRegister() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        let job = try #require(configuration.job(named: "teams"))
        _ = try await runner.run(job)
        let before = try await bed.stored(configuration, platform: "province", dataset: "zyd")
        let path = bed.directory + "/sources/teams.json"
        let teams = try #require(try JSONReader().value(from: Array(try Data(contentsOf: URL(fileURLWithPath: path)))).arrayValue)
        let held = before.keys.sorted()

        // 12 of the 40 teams the platforms hold: more than the floor (10) and more than 20%.
        let fewer = teams.filter { !held.prefix(12).contains($0["teamId"]?.stringValue ?? "") }
        try Data(try JSONWriter().bytes(for: .array(fewer))).write(to: URL(fileURLWithPath: path))
        let message = try await refusal(runner, job)
        #expect(message.contains("12 of the 40"), "\(message)")
        #expect(try await bed.stored(configuration, platform: "province", dataset: "zyd") == before)

        // Two of them: within the floor.
        let two = teams.filter { !held.prefix(2).contains($0["teamId"]?.stringValue ?? "") }
        try Data(try JSONWriter().bytes(for: .array(two))).write(to: URL(fileURLWithPath: path))
        let report = try await runner.run(job)
        #expect(report.targets.allSatisfy { $0.deletes == 2 && $0.accepted == 2 })
        #expect(try await bed.stored(configuration, platform: "province", dataset: "zyd").count == 38)
    }

    @Test func aRecordTheTargetNoLongerWantsIsDeletedThere() async throws {
        let bed = try TestOffice.withSamples()
        // The city takes only some team types; the province takes every team.
        let original = try String(contentsOfFile: RepositoryPaths.mappings + "/targets/city/team.yaml", encoding: .utf8)
        let filtered = bed.directory + "/city-team-filtered.yaml"
        try (original + "\nrules:\n  - filter: {field: teamType, in: [抢险抢修, 医疗救护, 消防, 防化防疫, 通信, 运输]}\n")
            .write(toFile: filtered, atomically: true, encoding: .utf8)
        try bed.configurationText.replacingOccurrences(of: "targets/city/team.yaml", with: filtered)
            .write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        let job = try #require(configuration.job(named: "teams"))
        _ = try await runner.run(job)
        let city = try await bed.stored(configuration, platform: "city", dataset: "team")
        #expect(city == (try await bed.expected(configuration, job: "teams", target: "city-team")))

        // Three teams the city holds become 治安 teams: still in the source, no longer for the city.
        let path = bed.directory + "/sources/teams.json"
        var teams = try #require(try JSONReader().value(from: Array(try Data(contentsOf: URL(fileURLWithPath: path)))).arrayValue)
        let moved = Array(city.keys.sorted().prefix(3))
        for index in teams.indices {
            guard case var .object(team) = teams[index], moved.contains(team["teamId"]?.stringValue ?? "") else { continue }
            team["type"] = "治安"
            teams[index] = .object(team)
        }
        try Data(try JSONWriter().bytes(for: .array(teams))).write(to: URL(fileURLWithPath: path))

        let report = try await runner.run(job)
        let cityReport = try #require(report.targets.first { $0.name == "city-team" })
        #expect(cityReport.deletes == 3 && cityReport.noLongerForTarget == 3 && cityReport.accepted == 3)
        #expect(cityReport.skipped >= 3)
        let provinceReport = try #require(report.targets.first { $0.name == "province-zyd" })
        #expect(provinceReport.upserts == 3 && provinceReport.deletes == 0, "the province still takes them, with their new type")

        let after = try await bed.stored(configuration, platform: "city", dataset: "team")
        #expect(after == (try await bed.expected(configuration, job: "teams", target: "city-team")))
        #expect(after.count == city.count - 3)
        for key in moved { #expect(after[key] == nil) }
        // A third run finds nothing to do: the records stay deleted, not resent, not deleted again.
        let again = try await runner.run(job)
        #expect(again.targets.allSatisfy { $0.upserts == 0 && $0.deletes == 0 })
    }
}
