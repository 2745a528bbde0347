import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// Each sample source of the office, read by its adapter and normalised by its shipped mapping
/// through `huitong map`: exact counts of mapped, set-aside and skipped records, and the
/// origins and rules of the set-aside ones, so a change in an adapter, a mapping or a code
/// table that alters the outcome for real data is seen.
@Suite("Sample sources through their mappings")
struct SourceSampleGoldenTests {
    struct Outcome {
        var mapped = 0, setAside = 0, skipped = 0
        /// `origin rule` of each set-aside record, in input order.
        var setAsideRules: [String] = []
    }

    static func run(_ mapping: String, _ input: String, _ options: [String] = []) async throws -> Outcome {
        let result = await runHuitong([
            "map", "--mappings", RepositoryPaths.mappings, "-m", RepositoryPaths.path("mappings/sources/\(mapping).yaml"),
            "-i", Fixtures.path("sources/\(input)"), "--format", "jsonl", "-n", "1000000",
        ] + options)
        #expect(result.errors.isEmpty, "\(result.errors)")
        var outcome = Outcome()
        for line in result.output.split(separator: "\n") {
            let entry = try JSONReader().value(from: String(line))
            switch entry["outcome"]?.stringValue {
            case "mapped": outcome.mapped += 1
            case "skipped": outcome.skipped += 1
            default:
                outcome.setAside += 1
                let rules = entry["reasons"]?.arrayValue?.compactMap { $0["rule"]?.stringValue }.joined(separator: ",") ?? ""
                outcome.setAsideRules.append("\(entry["origin"]?.stringValue ?? "?") \(rules)")
            }
        }
        return outcome
    }

    @Test("shelter registry (GB18030 CSV): 300 mapped, 14 set aside, each at its physical line")
    func shelters() async throws {
        let outcome = try await Self.run("shelter-registry", "shelters.csv")
        #expect((outcome.mapped, outcome.setAside, outcome.skipped) == (300, 14, 0))
        #expect(outcome.setAsideRules.contains("shelters.csv:4 integer"))            // 掩蔽人数 1.5
        #expect(outcome.setAsideRules.contains("shelters.csv:17 lookup shelter_status"))  // 拆除
        #expect(outcome.setAsideRules.contains("shelters.csv:33 number"))            // 约三千
        #expect(outcome.setAsideRules.contains("shelters.csv:164 required"))         // no 工程名称
        #expect(outcome.setAsideRules.contains("shelters.csv:176 datetime"))         // 昨天
        #expect(outcome.setAsideRules.contains("shelters.csv:221 duplicate"))        // 320614-RF-0008, the later row wins
        #expect(outcome.setAsideRules.contains("shelters.csv:240 lookup protection_class"))  // 核7级
        #expect(outcome.setAsideRules.contains("shelters.csv:320 lookup wartime_function"))  // 地铁站
    }

    @Test("siren tests (UTF-8 CSV with BOM): 240 mapped; 故障 without a description and 气动 set aside")
    func sirens() async throws {
        let outcome = try await Self.run("siren-tests", "siren-tests.csv")
        #expect((outcome.mapped, outcome.setAside, outcome.skipped) == (240, 2, 0))
        #expect(outcome.setAsideRules == ["siren-tests.csv:36 require", "siren-tests.csv:78 lookup siren_type"])
    }

    @Test("rescue teams (JSON array): 40 mapped; a landline and a team of 0 set aside")
    func teams() async throws {
        let outcome = try await Self.run("rescue-teams", "teams.json")
        #expect((outcome.mapped, outcome.setAside, outcome.skipped) == (40, 2, 0))
        #expect(outcome.setAsideRules.map { $0.split(separator: " ").dropFirst().joined(separator: " ") } == ["mobile_cn", "range"])
    }

    @Test("command facilities (API items): 24 mapped; a fixed post without gps set aside")
    func facilities() async throws {
        let outcome = try await Self.run("command-facilities", "facilities.json")
        #expect((outcome.mapped, outcome.setAside, outcome.skipped) == (24, 1, 0))
        #expect(outcome.setAsideRules.first?.hasSuffix(" require") == true)
    }

    @Test("sensor readings (JSON Lines directory): every complete line; out-of-range temperatures set aside")
    func sensors() async throws {
        let outcome = try await Self.run("sensor-readings", "sensors")
        #expect((outcome.mapped, outcome.setAside, outcome.skipped) == (11_991, 9, 0))
    }

    @Test("CAP alerts: Exercise and Test alerts skipped in production, Exercise kept in a joint test; broken and area-less files set aside")
    func alerts() async throws {
        let production = try await Self.run("cap-alerts", "alerts")
        #expect((production.mapped, production.setAside, production.skipped) == (12, 2, 2))
        #expect(production.setAsideRules.contains("cap-broken.xml unreadable"))
        #expect(production.setAsideRules.contains("cap-noarea.xml required,required"))
        let jointTest = try await Self.run("cap-alerts", "alerts", ["--test"])
        #expect((jointTest.mapped, jointTest.setAside, jointTest.skipped) == (13, 2, 1))
    }
}
