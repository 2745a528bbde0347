import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

/// A directory with the rescue-team roster and a configuration sending it to both sandboxes.
private struct RunSetup {
    let directory: String
    let sandbox: SandboxRunner

    init(schedule: String? = nil, province: FaultPlan = .none, city: FaultPlan = .none) throws {
        var configuration = SandboxConfiguration()
        configuration.facilities.enabled = false
        configuration.province.faults = province
        configuration.city.faults = city
        sandbox = try SandboxRunner(configuration: configuration)
        directory = NSTemporaryDirectory() + "huitong-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path("sources/teams.json"), toPath: directory + "/teams.json")
        try "sandbox-province-secret".write(toFile: directory + "/province.secret", atomically: true, encoding: .utf8)
        try "sandbox-city-secret".write(toFile: directory + "/city.secret", atomically: true, encoding: .utf8)
        let province = sandbox.platforms.first { $0.name == "province" }!.baseURL
        let city = sandbox.platforms.first { $0.name == "city" }!.baseURL
        try """
        version: 1
        plugins: \(RepositoryPaths.path("plugins"))
        mappings: \(RepositoryPaths.mappings)
        platforms:
          province:
            base_url: \(province)
            credentials: {app_key: huitong-sandbox, app_secret: "${file:province.secret}"}
          city:
            base_url: \(city)
            credentials: {client_id: huitong-sandbox, client_secret: "${file:city.secret}"}
        jobs:
          teams:
        \(schedule.map { "    schedule: \($0)\n" } ?? "")    source: {adapter: json, path: teams.json}
            mapping: sources/rescue-teams.yaml
            targets:
              - {platform: province, mapping: targets/province/zyd.yaml}
              - {platform: city, mapping: targets/city/team.yaml}
        """.write(toFile: directory + "/huitong.yaml", atomically: true, encoding: .utf8)
    }

    var config: String { directory + "/huitong.yaml" }

    /// The variable names the configuration refers to after `referToUnsetVariables()`.
    static let unsetVariables = ["HUITONG_TEST_UNSET_PROVINCE_URL", "HUITONG_TEST_UNSET_PROVINCE_SECRET", "HUITONG_TEST_UNSET_CITY_SECRET"]

    /// Rewrites the configuration so that a base URL and both secrets come from environment
    /// variables that are not set (as on an auditor's shell without the service's secrets).
    func referToUnsetVariables() throws {
        let province = sandbox.platforms.first { $0.name == "province" }!.baseURL
        let text = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "base_url: \(province)", with: "base_url: ${env:\(Self.unsetVariables[0])}")
            .replacingOccurrences(of: "${file:province.secret}", with: "${env:\(Self.unsetVariables[1])}")
            .replacingOccurrences(of: "${file:city.secret}", with: "${env:\(Self.unsetVariables[2])}")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        for name in Self.unsetVariables { precondition(ProcessInfo.processInfo.environment[name] == nil) }
    }

    func finish() {
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

@Suite("huitong run and huitong rejects")
struct RunCommandTests {
    @Test("a dry run shows the plan and sends nothing; the run sends it, reports in JSON, and exits 1 for set-aside rows")
    func dryRunThenRun() async throws {
        let setup = try RunSetup()
        defer { setup.finish() }
        let dry = await runHuitong(["run", "--config", setup.config, "--dry-run"])
        #expect(dry.status == HuitongCore.ExitStatus.success, "\(dry.output)\(dry.errors)")
        #expect(dry.output.contains("teams  dry run"))
        #expect(dry.output.contains("upserts 40 · deletes 0 → accepted 0"))

        let run = await runHuitong(["run", "--config", setup.config, "--json"])
        #expect(run.status == HuitongCore.ExitStatus.finishedWithFindings, "\(run.output)\(run.errors)")
        let json = try JSONReader().value(from: run.output)
        let job = try #require(json["jobs"]?[0])
        #expect(job["status"] == "complete-with-findings")
        #expect(job["setAside"] == .integer(2))
        let targets = try #require(job["targets"]?.arrayValue)
        #expect(targets.map { $0["accepted"] } == [.integer(40), .integer(40)])
        #expect(targets.allSatisfy { $0["ledgerEntry"]?.stringValue?.contains("/ledger/entries/") == true })

        let again = await runHuitong(["run", "--config", setup.config, "teams"])
        #expect(again.output.contains("upserts 0 · deletes 0"), "\(again.output)")
    }

    @Test("an answer that does not add up exits 4 saying what the platform answered; waits show in JSON and text")
    func unconfirmedAndWaited() async throws {
        let setup = try RunSetup(
            province: FaultPlan(rules: [FaultRule(kind: .lie(.shortCount), selection: .sequence([1]), paths: ["/batches"])]),
            city: FaultPlan(rules: [FaultRule(kind: .rateLimited(retryAfterSeconds: 1), selection: .sequence([1]), paths: ["/resources"])])
        )
        defer { setup.finish() }
        let run = await runHuitong(["run", "--config", setup.config, "--json"])
        #expect(run.status == HuitongCore.ExitStatus.runtimeFailure, "\(run.output)\(run.errors)")
        let job = try #require(try JSONReader().value(from: run.output)["jobs"]?[0])
        #expect(job["status"] == "incomplete")
        let province = try #require(job["targets"]?[0])
        #expect(province["accepted"] == 0 && province["unconfirmed"] == 40 && province["openBatches"] == 1)
        #expect(province["failures"]?[0]?.stringValue?.contains("the platform answered data.accepted 39 for 40 upserts and listed no rejection") == true)
        #expect(province["waitedSeconds"] == 0.0)
        let city = try #require(job["targets"]?[1])
        #expect((city["waitedSeconds"]?.doubleValue ?? 0) >= 1, "\(city)")

        let again = await runHuitong(["run", "--config", setup.config, "teams"])
        #expect(again.status == HuitongCore.ExitStatus.finishedWithFindings, "\(again.output)\(again.errors)")
        #expect(again.output.contains("(finished an interrupted run)"))
        #expect(again.output.contains("upserts 40 · deletes 0 → accepted 40 · rejected 0 · not sent 0 · retries 0 · waited 0.0 s"), "\(again.output)")
    }

    @Test("rejects lists each set-aside row with its source location and reasons")
    func rejects() async throws {
        let setup = try RunSetup()
        defer { setup.finish() }
        _ = await runHuitong(["run", "--config", setup.config])
        let result = await runHuitong(["rejects", "teams", "--config", setup.config])
        #expect(result.status == HuitongCore.ExitStatus.finishedWithFindings)
        #expect(result.output.contains("teams: 2 record(s)"), "\(result.output)")
        #expect(result.output.contains("teams.json"))
        let json = try JSONReader().value(from: (await runHuitong(["rejects", "--json", "--config", setup.config])).output)
        #expect(json["jobs"]?[0]?["records"]?.arrayValue?.count == 2)
    }

    @Test("rejects and ledger need no credentials: with the variables unset they still list; run, ping and schedule stop at once, naming the variable")
    func withoutCredentials() async throws {
        let setup = try RunSetup()
        defer { setup.finish() }
        _ = await runHuitong(["run", "--config", setup.config])
        try setup.referToUnsetVariables()

        let rejects = await runHuitong(["rejects", "teams", "--config", setup.config])
        #expect(rejects.status == HuitongCore.ExitStatus.finishedWithFindings, "\(rejects.output)\(rejects.errors)")
        #expect(rejects.output.contains("teams: 2 record(s)"), "\(rejects.output)")
        let list = await runHuitong(["ledger", "list", "--config", setup.config])
        #expect(list.status == HuitongCore.ExitStatus.success, "\(list.output)\(list.errors)")
        #expect(list.output.contains("teams → province/zyd") && list.output.contains("teams → city/team"), "\(list.output)")
        let verify = await runHuitong(["ledger", "verify", "--config", setup.config])
        #expect(verify.status == HuitongCore.ExitStatus.success, "\(verify.output)\(verify.errors)")
        #expect(verify.output.contains("2 entries"), "\(verify.output)")

        for command in [["run"], ["ping"], ["schedule", "--runs", "1"]] {
            let result = await runHuitong(command + ["--config", setup.config])
            #expect(result.status == HuitongCore.ExitStatus.invalidInput, "\(command): \(result.output)\(result.errors)")
            for name in RunSetup.unsetVariables {
                #expect(result.errors.contains("the environment variable \(name) is not set"), "\(command): \(result.errors)")
            }
        }
    }

    @Test("schedule runs a due job again at its interval, then stops after --runs")
    func schedule() async throws {
        let setup = try RunSetup(schedule: "every 1s")
        defer { setup.finish() }
        let result = await runHuitong(["schedule", "--config", setup.config, "--runs", "2", "--json"])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        let lines = result.output.split(separator: "\n").map { try? JSONReader().value(from: String($0)) }
        #expect(lines.count == 2)
        #expect(lines.first??["targets"]?[0]?["upserts"] == .integer(40))
        #expect(lines.last??["targets"]?[0]?["upserts"] == .integer(0), "the second run finds nothing new")
    }

    @Test("an emptied roster stops the run with exit 3 before anything is sent; --allow-deletes JOB sends the deletes")
    func deleteGuard() async throws {
        let setup = try RunSetup()
        defer { setup.finish() }
        _ = await runHuitong(["run", "--config", setup.config])
        try "[]".write(toFile: setup.directory + "/teams.json", atomically: true, encoding: .utf8)
        let dry = await runHuitong(["run", "--config", setup.config, "--dry-run"])
        #expect(dry.output.contains("! a run would stop here: the read makes no record for this target"), "\(dry.output)")
        let refused = await runHuitong(["run", "--config", setup.config])
        #expect(refused.status == HuitongCore.ExitStatus.invalidInput, "\(refused.output)\(refused.errors)")
        #expect(refused.output.contains("teams  FAILED"))
        #expect(refused.output.contains("province-zyd: the read makes no record for this target, yet the platform holds 40"))
        #expect(refused.output.contains("huitong run --allow-deletes teams"))

        let unnamed = await runHuitong(["run", "--config", setup.config, "--allow-deletes"])
        #expect(unnamed.status == HuitongCore.ExitStatus.usage)
        #expect(unnamed.errors.contains("--allow-deletes needs the jobs it is for"))

        let allowed = await runHuitong(["run", "--config", setup.config, "--allow-deletes", "teams"])
        #expect(allowed.status == HuitongCore.ExitStatus.success, "\(allowed.output)\(allowed.errors)")
        #expect(allowed.output.contains("[deletes allowed]"))
        #expect(allowed.output.contains("upserts 0 · deletes 40 → accepted 40"), "\(allowed.output)")
    }

    @Test("an unknown job is a usage error with a suggestion")
    func unknownJob() async throws {
        let setup = try RunSetup()
        defer { setup.finish() }
        let result = await runHuitong(["run", "--config", setup.config, "team"])
        #expect(result.status == HuitongCore.ExitStatus.usage)
        #expect(result.errors.contains("Did you mean teams?"))
    }
}
