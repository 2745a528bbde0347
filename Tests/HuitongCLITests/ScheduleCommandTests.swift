import Foundation
import HuitongCore
import HuitongTestSupport
import Testing

/// An office whose job `teams` has `schedule` (and `timezone`, when given), and whose platform
/// secrets come from variables that are not set: listing times must not need them.
private func scheduledOffice(schedule: String?, timezone: String? = nil) throws -> TestOffice {
    let office = try TestOffice()
    try office.copyFixture("sources/teams.json", to: "teams.json")
    var job = "teams:\n"
    if let schedule { job += "  schedule: \"\(schedule)\"\n" }
    if let timezone { job += "  timezone: \(timezone)\n" }
    job += """
          source: {adapter: json, path: teams.json}
          mapping: sources/rescue-teams.yaml
          targets:
            - {platform: province, mapping: targets/province/zyd.yaml}
        """
    let text = office.configurationFile(jobs: [job]).text
        .replacingOccurrences(of: "${file:province.secret}", with: "${env:HUITONG_TEST_UNSET_PROVINCE_SECRET}")
        .replacingOccurrences(of: "${file:city.secret}", with: "${env:HUITONG_TEST_UNSET_CITY_SECRET}")
    try text.write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
    return office
}

@Suite("huitong schedule --next")
struct ScheduleCommandTests {
    @Test("--next lists a job's next times in its zone from --from, across a change of the clocks, with no credentials")
    func nextTimes() async throws {
        let office = try scheduledOffice(schedule: "30 2 * * *", timezone: "America/New_York")
        defer { office.remove() }
        let result = await runHuitong(["schedule", "--config", office.configurationPath, "--next", "3", "--from", "2026-03-07 12:00"])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        #expect(result.output == """
            teams: 30 2 * * * (America/New_York)
              2026-03-08T03:00:00-04:00  Sun
              2026-03-09T02:30:00-04:00  Mon
              2026-03-10T02:30:00-04:00  Tue

            """)
    }

    @Test("--next --json prints one document; an RFC 3339 --from is one instant for every zone")
    func nextTimesAsJSON() async throws {
        let office = try scheduledOffice(schedule: "@every 90m")
        defer { office.remove() }
        let result = await runHuitong(["schedule", "--config", office.configurationPath, "--next", "2", "--from", "2026-06-01T00:00:00Z", "--json"])
        #expect(result.status == HuitongCore.ExitStatus.success, "\(result.output)\(result.errors)")
        let json = try JSONReader().value(from: result.output)
        let job = try #require(json["jobs"]?[0])
        #expect(job["job"] == "teams")
        #expect(job["schedule"] == "@every 90m")
        #expect(job["timezone"] == "Asia/Shanghai")
        #expect(job["from"] == "2026-06-01T08:00:00+08:00")
        #expect(job["next"] == ["2026-06-01T08:00:00+08:00", "2026-06-01T09:30:00+08:00"], "an interval job runs at once, then every interval")
    }

    @Test("--next and --from refuse what they cannot use with exit 2")
    func usageErrors() async throws {
        let office = try scheduledOffice(schedule: "0 2 * * *", timezone: "America/New_York")
        defer { office.remove() }
        let cases: [([String], String)] = [
            (["--next", "0"], "--next takes a whole number from 1 to 1000, not \"0\""),
            (["--next", "x"], "--next takes a whole number from 1 to 1000, not \"x\""),
            (["--from", "2026-03-08 00:00"], "--from belongs to --next"),
            (["--next", "2", "--runs", "1"], "--runs is for running the jobs; --next only lists their times"),
            (["--next", "2", "--from", "yesterday"], "--from takes an RFC 3339 time (2026-03-08T01:30:00-05:00) or a wall time YYYY-MM-DD HH:MM, not \"yesterday\""),
            (["--next", "2", "--from", "2026-03-08 02:30"], "--from, for job teams: 2026-03-08 02:30:00 does not exist in America/New_York: the clocks skip it"),
        ]
        for (options, message) in cases {
            let result = await runHuitong(["schedule", "--config", office.configurationPath] + options)
            #expect(result.status == HuitongCore.ExitStatus.usage, "\(options): \(result.errors)")
            #expect(result.errors.contains(message), "\(options): \(result.errors)")
            #expect(result.output.isEmpty, "\(options)")
        }
    }

    @Test("--next with no scheduled job exits 3")
    func nothingScheduled() async throws {
        let office = try scheduledOffice(schedule: nil)
        defer { office.remove() }
        let result = await runHuitong(["schedule", "--config", office.configurationPath, "--next", "2"])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput, "\(result.output)\(result.errors)")
        #expect(result.errors.contains("has a schedule"))
    }

    @Test("--help describes --next and --from")
    func help() async {
        let result = await runHuitong(["schedule", "--help"])
        #expect(result.status == HuitongCore.ExitStatus.success)
        #expect(result.output.contains("--next N"))
        #expect(result.output.contains("--from TIME"))
        #expect(result.output.contains("YYYY-MM-DD HH:MM"))
    }
}
