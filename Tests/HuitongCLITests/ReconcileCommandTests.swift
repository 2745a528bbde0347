import Foundation
import HuitongCore
import HuitongHTTPServer
import HuitongLedger
import HuitongSandbox
import HuitongTestSupport
import Testing

/// `huitong reconcile`: the platform's read-back against the ledger, after records were
/// changed, deleted and added behind Huitong's back through the sandbox's admin interface.
@Suite("huitong reconcile")
struct ReconcileCommandTests {
    func office() throws -> TestOffice {
        let office = try TestOffice()
        try office.copyFixture("sources/teams.json", to: "teams.json")
        try office.configurationFile(jobs: ["""
            teams:
              source: {adapter: json, path: teams.json}
              mapping: sources/rescue-teams.yaml
              targets:
                - {platform: province, mapping: targets/province/zyd.yaml}
                - {platform: city, mapping: targets/city/team.yaml}
            """]).write()
        return office
    }

    /// The province's zyd records as its admin sees them, by dwbm.
    func held(_ office: TestOffice) throws -> [String: Value] {
        let snapshot = office.provincePlatform.snapshot(includeRecords: true)
        var records: [String: Value] = [:]
        for record in snapshot["production"]?["records"]?["zyd"]?.arrayValue ?? [] {
            if let key = record["dwbm"]?.stringValue { records[key] = record }
        }
        return records
    }

    /// An admin request to the province sandbox, through its host's request handler (the
    /// route a loopback client reaches).
    func admin(_ office: TestOffice, _ method: String, _ path: String, body: Value? = nil) throws -> Int {
        let bytes = try body.map { Array(try JSONWriter().string(for: $0).utf8) } ?? []
        let base = URL(string: office.baseURL("province"))!.path
        let response = office.running("province").host.handler(ServerRequest(method: method, target: base + "/_sandbox/records/" + path, headers: [], body: bytes))
        guard case let .answer(status, _, _) = response else { return 0 }
        return status
    }

    @Test("a record changed, one deleted and one added at the platform are found; an unchanged platform is equal")
    func findsWhatChangedBehindHuitongsBack() async throws {
        let office = try office()
        let run = await runHuitong(["run", "--config", office.configurationPath])
        #expect(run.status == .success || run.status == .finishedWithFindings, "\(run.errors)")
        let equal = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath])
        #expect(equal.status == .success, "\(equal.output) \(equal.errors)")
        #expect(equal.output.contains("equal: "), "\(equal.output)")
        #expect(equal.errors.contains("recorded in the ledger as entry 000003-reconcile-"), "\(equal.errors)")
        let ledger = LedgerReader(directory: office.path(".huitong/ledger"))
        let exchange = try #require(try ledger.latestEntry(job: "teams", target: "province-zyd", test: false))
        let agreed = try #require(try ledger.entries().last)
        let agreedManifest = try agreed.manifest.get()
        let agreement = try #require(agreedManifest.reconciliation)
        #expect(agreement.reconciles == EntryReference(sequence: exchange.sequence, manifestSHA256: try #require(exchange.manifestSHA256)))
        #expect(agreement.counts.agrees && agreement.counts.platform == agreement.counts.ledger, "\(agreement.counts)")
        #expect(agreedManifest.files.companion.recordCount == 0, "no differences")
        #expect(agreedManifest.files.datasetStoredIn == exchange.directoryName, "what the platform holds is the exchange's bytes: stored once")
        #expect(!FileManager.default.fileExists(atPath: agreed.path(of: "dataset.jsonl")))
        #expect(try ledger.latestEntry(job: "teams", target: "province-zyd", test: false)?.sequence == exchange.sequence, "a reconciliation is not an exchange")
        let unrecorded = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath, "--no-record"])
        #expect(unrecorded.status == .success && !unrecorded.errors.contains("recorded"), "\(unrecorded.errors)")
        #expect(try ledger.entries().count == agreed.sequence, "--no-record writes nothing")

        let records = try held(office)
        let keys = records.keys.sorted()
        try #require(keys.count >= 3, "\(office.provincePlatform.snapshot(includeRecords: true))")
        guard case var .object(changed) = records[keys[0]]! else { Issue.record("not an object"); return }
        let field = changed.keys.first { $0 != "dwbm" && changed[$0]?.stringValue != nil }!
        changed[field] = .string("改动 <b>")
        #expect(try admin(office, "PUT", "zyd/\(keys[0])", body: .object(changed)) == 200)
        #expect(try admin(office, "DELETE", "zyd/\(keys[1])") == 200)
        var added = changed
        added["dwbm"] = "ZZ-NEVER-SENT"
        #expect(try admin(office, "PUT", "zyd/ZZ-NEVER-SENT", body: .object(added)) == 200)
        #expect(try admin(office, "DELETE", "zyd/NO-SUCH-KEY") == 404)

        let found = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath, "--format", "json"])
        #expect(found.status == .finishedWithFindings, "\(found.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(found.output.utf8)) as? [String: Any], "\(found.output)")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["changed"] as? Int == 1 && summary["removed"] as? Int == 1 && summary["added"] as? Int == 1, "\(summary)")
        let differences = try #require(object["differences"] as? [[String: Any]])
        let byKind = Dictionary(uniqueKeysWithValues: differences.map { ($0["kind"] as? String ?? "", $0) })
        #expect((byKind["changed"]?["changes"] as? [[String: Any]])?.first?["new"] as? String == "改动 <b>")
        #expect(byKind["removed"]?["key"] as? String == keys[1])
        #expect(byKind["added"]?["key"] as? String == "ZZ-NEVER-SENT")
        #expect((object["a"] as? String)?.hasPrefix("ledger entry ") == true)
        // The finding is a ledger entry: what the platform held, and each difference.
        let finding = try #require(try ledger.entries().last)
        let findingManifest = try finding.manifest.get()
        let counts = try #require(findingManifest.reconciliation?.counts)
        #expect((counts.changed, counts.removed, counts.added) == (1, 1, 1), "\(counts)")
        #expect(findingManifest.files.datasetStoredIn == nil && findingManifest.files.dataset.recordCount == counts.platform)
        let recorded = try ledger.differences(of: finding).next(10)
        #expect(recorded.map { $0["kind"]?.stringValue } == differences.sorted { ($0["key"] as? String ?? "") < ($1["key"] as? String ?? "") }.map { $0["kind"] as? String })
        let platformHeld = try ledger.datasetRecords(of: finding).next(100)
        #expect(platformHeld.contains { $0.key == "ZZ-NEVER-SENT" } && !platformHeld.contains { $0.key == keys[1] })
        let history = await runHuitong(["ledger", "history", "teams/province-zyd", keys[0], "--ledger", office.path(".huitong/ledger")])
        #expect(history.output.contains("reconciled: the platform holds another version (\(field))"), "\(history.output)")
        #expect(history.output.contains("\(field): ledger "), "\(history.output)")
        let lost = await runHuitong(["ledger", "history", "teams/province-zyd", keys[1], "--ledger", office.path(".huitong/ledger")])
        #expect(lost.output.contains("reconciled: the platform had lost it"), "\(lost.output)")

        // --repair: asked to confirm (no terminal here, so --yes is needed), then a normal run
        // sends the lost and the changed record again; the platform's own extra record stays.
        let unconfirmed = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath, "--repair"])
        #expect(unconfirmed.status == .usage, "\(unconfirmed.errors)")
        #expect(unconfirmed.errors.contains("standard input is not a terminal; confirm with --yes"), "\(unconfirmed.errors)")
        let entriesBefore = try ledger.entries().count
        #expect(entriesBefore == finding.sequence, "an unconfirmed repair records nothing")
        let repaired = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath, "--repair", "--yes"])
        #expect(repaired.status == .success || repaired.status == .finishedWithFindings, "\(repaired.errors)")
        #expect(repaired.errors.contains("repair: province-zyd: 2 upserts, 2 accepted"), "\(repaired.errors)")
        let after = try held(office)
        #expect(after[keys[0]] == records[keys[0]], "the changed record is as Huitong sent it again")
        #expect(after[keys[1]] == records[keys[1]], "the lost record is back")
        #expect(after["ZZ-NEVER-SENT"] != nil, "a record Huitong never sent is reported, never deleted by a repair")
        // The ledger shows both: the reconciliation that found the damage, then the exchange that repaired it.
        let entriesAfter = try ledger.entries()
        // (The repair is a run of the job: its city target is an exchange too, with nothing to send.)
        #expect(entriesAfter.count == entriesBefore + 3, "\(entriesAfter.map(\.directoryName))")
        let repairFinding = try #require(try entriesAfter[entriesBefore].manifest.get().reconciliation)
        #expect((repairFinding.counts.changed, repairFinding.counts.removed) == (1, 1))
        let repairEntry = try #require(try ledger.latestEntry(job: "teams", target: "province-zyd", test: false))
        #expect(repairEntry.sequence > entriesBefore + 1)
        let repairExchange = try #require(try repairEntry.manifest.get().exchange)
        #expect(repairExchange.counts.upserted == 2 && repairExchange.counts.accepted == 2, "\(repairExchange.counts)")
        #expect(repaired.errors.contains("; ledger \(repairEntry.directoryName)"), "\(repaired.errors)")
        #expect(try LedgerVerifier(directory: office.path(".huitong/ledger")).verify().isIntact)
        let again = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath, "--format", "json"])
        let summaryAfter = try #require((try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        #expect(summaryAfter["changed"] as? Int == 0 && summaryAfter["removed"] as? Int == 0 && summaryAfter["added"] as? Int == 1, "\(summaryAfter)")
    }

    @Test("an unknown job or target is a usage error; a target with no exchange yet, exit 3; the platform down, exit 4")
    func errors() async throws {
        let office = try office()
        let job = await runHuitong(["reconcile", "teem", "province-zyd", "--config", office.configurationPath])
        #expect(job.status == .usage)
        #expect(job.errors.contains("Did you mean teams?"), "\(job.errors)")
        let target = await runHuitong(["reconcile", "teams", "province-zy", "--config", office.configurationPath])
        #expect(target.status == .usage)
        let none = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath])
        #expect(none.status == .invalidInput)
        #expect(none.errors.contains("has no exchange of teams to province-zyd yet"), "\(none.errors)")
        _ = await runHuitong(["run", "--config", office.configurationPath])
        office.replaceFaults("province", with: FaultPlan(rules: [FaultRule(kind: .status(400), selection: .share(1.0))]))
        let down = await runHuitong(["reconcile", "teams", "province-zyd", "--config", office.configurationPath])
        #expect(down.status == .runtimeFailure, "\(down.errors)")
        #expect(down.errors.contains("Nothing was concluded"))
    }
}
