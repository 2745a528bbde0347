import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

/// An office with the rescue-team roster and a configuration sending it to both sandbox platforms.
private func teamsOffice(schedule: String? = nil, province: FaultPlan = .none, city: FaultPlan = .none) throws -> TestOffice {
    let office = try TestOffice(province: province, city: city)
    try office.copyFixture("sources/teams.json", to: "teams.json")
    try office.configurationFile(jobs: ["""
        teams:
        \(schedule.map { "  schedule: \($0)\n" } ?? "")  source: {adapter: json, path: teams.json}
          mapping: sources/rescue-teams.yaml
          targets:
            - {platform: province, mapping: targets/province/zyd.yaml}
            - {platform: city, mapping: targets/city/team.yaml}
        """]).write()
    return office
}

private extension TestOffice {
    /// The variable names the configuration refers to after `referToUnsetVariables()`.
    static let unsetVariables = ["HUITONG_TEST_UNSET_PROVINCE_URL", "HUITONG_TEST_UNSET_PROVINCE_SECRET", "HUITONG_TEST_UNSET_CITY_SECRET"]

    /// Rewrites the configuration so that a base URL and both secrets come from environment
    /// variables that are not set (as on an auditor's shell without the service's secrets).
    func referToUnsetVariables() throws {
        let text = try String(contentsOfFile: configurationPath, encoding: .utf8)
            .replacingOccurrences(of: "base_url: \(baseURL("province"))", with: "base_url: ${env:\(Self.unsetVariables[0])}")
            .replacingOccurrences(of: "${file:province.secret}", with: "${env:\(Self.unsetVariables[1])}")
            .replacingOccurrences(of: "${file:city.secret}", with: "${env:\(Self.unsetVariables[2])}")
        try text.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        for name in Self.unsetVariables { precondition(ProcessInfo.processInfo.environment[name] == nil) }
    }
}

@Suite("huitong run and huitong rejects")
struct RunCommandTests {
    @Test("a dry run shows the plan and sends nothing; the run sends it, reports in JSON, and exits 1 for set-aside rows")
    func dryRunThenRun() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        let dry = await runHuitong(["run", "--config", office.configurationPath, "--dry-run"])
        #expect(dry.status == HuitongCore.ExitStatus.success, "\(dry.output)\(dry.errors)")
        #expect(dry.output.contains("teams  dry run"))
        #expect(dry.output.contains("upserts 40 · deletes 0 → accepted 0"))

        let run = await runHuitong(["run", "--config", office.configurationPath, "--json"])
        #expect(run.status == HuitongCore.ExitStatus.finishedWithFindings, "\(run.output)\(run.errors)")
        let json = try JSONReader().value(from: run.output)
        let job = try #require(json["jobs"]?[0])
        #expect(job["status"] == "complete-with-findings")
        #expect(job["setAside"] == .integer(2))
        let targets = try #require(job["targets"]?.arrayValue)
        #expect(targets.map { $0["accepted"] } == [.integer(40), .integer(40)])
        #expect(targets.allSatisfy { $0["ledgerEntry"]?.stringValue?.contains("/ledger/entries/") == true })

        let again = await runHuitong(["run", "--config", office.configurationPath, "teams"])
        #expect(again.output.contains("upserts 0 · deletes 0"), "\(again.output)")
    }

    @Test("an answer that does not add up exits 4 saying what the platform answered; waits show in JSON and text")
    func unconfirmedAndWaited() async throws {
        let office = try teamsOffice(
            province: FaultPlan(rules: [FaultRule(kind: .lie(.shortCount), selection: .sequence([1]), paths: ["/batches"])]),
            city: FaultPlan(rules: [FaultRule(kind: .rateLimited(retryAfterSeconds: 1), selection: .sequence([1]), paths: ["/resources"])])
        )
        defer { office.remove() }
        let run = await runHuitong(["run", "--config", office.configurationPath, "--json"])
        #expect(run.status == HuitongCore.ExitStatus.runtimeFailure, "\(run.output)\(run.errors)")
        let job = try #require(try JSONReader().value(from: run.output)["jobs"]?[0])
        #expect(job["status"] == "incomplete")
        let province = try #require(job["targets"]?[0])
        #expect(province["accepted"] == 0 && province["unconfirmed"] == 40 && province["openBatches"] == 1)
        #expect(province["failures"]?[0]?.stringValue?.contains("the platform answered data.accepted 39 for 40 upserts and listed no rejection") == true)
        #expect(province["waitedSeconds"] == 0.0)
        let city = try #require(job["targets"]?[1])
        #expect((city["waitedSeconds"]?.doubleValue ?? 0) >= 1, "\(city)")

        let again = await runHuitong(["run", "--config", office.configurationPath, "teams"])
        #expect(again.status == HuitongCore.ExitStatus.finishedWithFindings, "\(again.output)\(again.errors)")
        #expect(again.output.contains("(finished an interrupted run)"))
        #expect(again.output.contains("upserts 40 · deletes 0 → accepted 40 · rejected 0 · not sent 0 · retries 0 · waited 0.0 s"), "\(again.output)")
    }

    @Test("rejects lists each set-aside row with its source location and reasons")
    func rejects() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        _ = await runHuitong(["run", "--config", office.configurationPath])
        let result = await runHuitong(["rejects", "teams", "--config", office.configurationPath])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        #expect(result.output.contains("teams: 2 record(s)"), "\(result.output)")
        #expect(result.output.contains("teams.json"))
        let json = try JSONReader().value(from: (await runHuitong(["rejects", "--json", "--config", office.configurationPath])).output)
        #expect(json["jobs"]?[0]?["records"]?.arrayValue?.count == 2)
    }

    @Test("rejects and ledger need no credentials: with the variables unset they still list; run, ping and schedule stop at once, naming the variable")
    func withoutCredentials() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        _ = await runHuitong(["run", "--config", office.configurationPath])
        try office.referToUnsetVariables()

        let rejects = await runHuitong(["rejects", "teams", "--config", office.configurationPath])
        #expect(rejects.status == HuitongCore.ExitStatus.finishedWithFindings, "\(rejects.output)\(rejects.errors)")
        #expect(rejects.output.contains("teams: 2 record(s)"), "\(rejects.output)")
        let list = await runHuitong(["ledger", "list", "--config", office.configurationPath])
        #expect(list.status == HuitongCore.ExitStatus.success, "\(list.output)\(list.errors)")
        #expect(list.output.contains("teams → province/zyd") && list.output.contains("teams → city/team"), "\(list.output)")
        let verify = await runHuitong(["ledger", "verify", "--config", office.configurationPath])
        #expect(verify.status == HuitongCore.ExitStatus.success, "\(verify.output)\(verify.errors)")
        #expect(verify.output.contains("2 entries"), "\(verify.output)")

        for command in [["run"], ["ping"], ["schedule", "--runs", "1"]] {
            let result = await runHuitong(command + ["--config", office.configurationPath])
            #expect(result.status == HuitongCore.ExitStatus.invalidInput, "\(command): \(result.output)\(result.errors)")
            for name in TestOffice.unsetVariables {
                #expect(result.errors.contains("the environment variable \(name) is not set"), "\(command): \(result.errors)")
            }
        }
    }

    @Test("schedule runs a due job again at its interval, then stops after --runs")
    func schedule() async throws {
        let office = try teamsOffice(schedule: "every 1s")
        defer { office.remove() }
        let result = await runHuitong(["schedule", "--config", office.configurationPath, "--runs", "2", "--json"])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        let lines = result.output.split(separator: "\n").map { try? JSONReader().value(from: String($0)) }
        #expect(lines.count == 2)
        #expect(lines.first??["targets"]?[0]?["upserts"] == .integer(40))
        #expect(lines.last??["targets"]?[0]?["upserts"] == .integer(0), "the second run finds nothing new")
    }

    @Test("an emptied roster stops the run with exit 3 before anything is sent; --allow-deletes JOB sends the deletes")
    func deleteGuard() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        _ = await runHuitong(["run", "--config", office.configurationPath])
        try "[]".write(toFile: office.directory + "/teams.json", atomically: true, encoding: .utf8)
        let dry = await runHuitong(["run", "--config", office.configurationPath, "--dry-run"])
        #expect(dry.output.contains("! a run would stop here: the read makes no record for this target"), "\(dry.output)")
        let refused = await runHuitong(["run", "--config", office.configurationPath])
        #expect(refused.status == HuitongCore.ExitStatus.invalidInput, "\(refused.output)\(refused.errors)")
        #expect(refused.output.contains("teams  FAILED"))
        #expect(refused.output.contains("province-zyd: the read makes no record for this target, yet the platform holds 40"))
        #expect(refused.output.contains("huitong run --allow-deletes teams"))

        let unnamed = await runHuitong(["run", "--config", office.configurationPath, "--allow-deletes"])
        #expect(unnamed.status == HuitongCore.ExitStatus.usage)
        #expect(unnamed.errors.contains("--allow-deletes needs the jobs it is for"))

        let allowed = await runHuitong(["run", "--config", office.configurationPath, "--allow-deletes", "teams"])
        #expect(allowed.status == HuitongCore.ExitStatus.success, "\(allowed.output)\(allowed.errors)")
        #expect(allowed.output.contains("[deletes allowed]"))
        #expect(allowed.output.contains("upserts 0 · deletes 40 → accepted 40"), "\(allowed.output)")
    }

    @Test("an unknown job is a usage error with a suggestion")
    func unknownJob() async throws {
        let office = try teamsOffice()
        defer { office.remove() }
        let result = await runHuitong(["run", "--config", office.configurationPath, "team"])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("Did you mean teams?"))
    }
}
