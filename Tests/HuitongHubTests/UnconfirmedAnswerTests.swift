import Foundation
import HuitongCore
import HuitongHub
import HuitongLedger
import HuitongPlatforms
import HuitongSandbox
import HuitongTestSupport
import Testing

/// A platform that applies a batch and then answers something that does not account for it.
/// The run books nothing for that batch (no accepted.jsonl, no ledger entry), keeps it open
/// and exits 4 saying what the platform answered; the next run, against the now honest
/// platform, resends it under the same key and ends with exactly the expected records,
/// every record accepted once, no conflict.
@Suite struct UnconfirmedAnswerTests {
    /// What the failures must say for each lie, per platform.
    static let says: [String: [AnswerLie: String]] = [
        "province": [
            .shortCount: "the platform answered data.accepted 39 for 40 upserts and listed no rejection",
            .nullData: "the answer has no data.duplicate: data is null",
            .strayRejection: "the platform rejected item 999, but the request carried 40 items",
            .foreignAnswer: "the platform answered duplicate: true for batch \"another-batch-",
            .emptyBody: "the platform answered HTTP 200 with an empty body",
            .htmlBody: "the platform answered HTTP 200 with a body that is not JSON",
        ],
        "city": [
            .shortCount: "the platform answered result.succeeded 39 for 40 upserts and listed no rejection",
            .nullData: "the answer has no result.failed: result is null",
            .strayRejection: "the platform rejected \"NEVER-SENT-999\", which the request did not carry",
            .foreignAnswer: "the platform answered result.total 47 for 40 items sent",
            .emptyBody: "the platform answered HTTP 200 with an empty body",
            .htmlBody: "the platform answered HTTP 200 with a body that is not JSON",
        ],
    ]

    static let cases: [(String, AnswerLie)] = ["province", "city"].flatMap { platform in AnswerLie.allCases.map { (platform, $0) } }

    /// The teams job against a `platform` that tells `lie` about every batch.
    static func lyingTeams(_ platform: String, _ lie: AnswerLie) throws -> (TestOffice, HubConfiguration, JobConfiguration, target: String, dataset: String) {
        let lying = FaultPlan(rules: [FaultRule(kind: .lie(lie), selection: .share(1), paths: [platform == "province" ? "/batches" : "/resources"], method: "POST")])
        let bed = try platform == "province" ? TestOffice.withSamples(province: lying) : TestOffice.withSamples(city: lying)
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        return (bed, configuration, job, platform == "province" ? "province-zyd" : "city-team", platform == "province" ? "zyd" : "team")
    }

    @Test(arguments: cases)
    func aLieBooksNothingKeepsTheBatchOpenAndTheNextHonestRunFinishesExactly(_ platform: String, _ lie: AnswerLie) async throws {
        let (bed, configuration, job, target, dataset) = try Self.lyingTeams(platform, lie)

        let first = try await bed.runner(configuration).run(job)
        #expect(first.status == .incomplete)
        #expect(first.exitStatus == .runtimeFailure, "exit 4")
        let lied = try #require(first.targets.first { $0.name == target })
        #expect((lied.accepted, lied.rejected, lied.notSent, lied.unconfirmed, lied.openBatches) == (0, 0, 0, 40, 1))
        #expect(lied.failures.first?.contains(Self.says[platform]![lie]!) == true, "\(lied.failures)")
        #expect(first.targets.first { $0.name != target }?.accepted == 40, "the honest platform was not held back")
        #expect(!FileManager.default.fileExists(atPath: bed.acceptedFile(job: "teams", target: target)), "nothing booked as accepted")
        #expect(((try? LedgerReader(directory: configuration.ledgerDirectory).entries())?.count ?? 0) == 0, "no ledger entry")
        let journal = try String(contentsOfFile: bed.journalFile(job: "teams", target: target), encoding: .utf8)
        let line = try JSONReader().value(from: Array(try #require(journal.split(separator: "\n").last).utf8))
        #expect(line["final"] == false, "the batch stays open")
        #expect(line["fates"]?.arrayValue?.allSatisfy { $0["fate"] == "unconfirmed" } == true)
        let expected = try await bed.expected(configuration, job: "teams", target: target)
        #expect(try await bed.stored(configuration, platform: platform, dataset: dataset) == expected, "the platform applied the batch before it lied")

        bed.replaceFaults(platform, with: .none)
        let second = try await bed.runner(configuration).run(job)
        #expect(second.resumed)
        #expect(second.status != .incomplete, "\(second.targets.flatMap(\.failures))")
        let finished = try #require(second.targets.first { $0.name == target })
        #expect((finished.accepted, finished.unconfirmed, finished.openBatches) == (40, 0, 0))
        #expect(try await bed.stored(configuration, platform: platform, dataset: dataset) == expected)
        let accepted = try String(contentsOfFile: bed.acceptedFile(job: "teams", target: target), encoding: .utf8)
        #expect(accepted.split(separator: "\n").count == 40, "every record booked once")
        if platform == "province" {
            let counters = bed.provincePlatform.counters
            #expect((counters.appliedBatches, counters.duplicateBatches, counters.conflicts) == (1, 1, 0))
        } else {
            let counters = bed.cityPlatform.counters
            #expect((counters.appliedBatches, counters.duplicates, counters.conflicts) == (1, 1, 0))
        }
        #expect(try LedgerReader(directory: configuration.ledgerDirectory).entries().count == 2)
    }
}

/// A platform that remembers its false first answer (as the contracts' idempotency says: a
/// resend "returns the first response again") repeats it on every resend; the batch would stay
/// open for ever. Answered unconfirmed again, it is settled from the platform's read-back.
@Suite struct RepeatedLieTests {
    @Test(arguments: UnconfirmedAnswerTests.cases)
    func aLieRepeatedOnTheResendIsSettledByReadBack(_ platform: String, _ lie: AnswerLie) async throws {
        let (bed, configuration, job, target, dataset) = try UnconfirmedAnswerTests.lyingTeams(platform, lie)
        let first = try await bed.runner(configuration).run(job)
        #expect(first.status == .incomplete)

        // Still lying: the resend is answered as falsely as the first send.
        let second = try await bed.runner(configuration).run(job)
        #expect(second.resumed)
        #expect(second.status != .incomplete, "\(second.targets.flatMap(\.failures))")
        let settled = try #require(second.targets.first { $0.name == target })
        #expect((settled.accepted, settled.unconfirmed, settled.openBatches) == (40, 0, 0))
        #expect(settled.notes.contains { $0.contains("1 of 1 batch(es) answered without accounting for their records again were settled by reading back") }, "\(settled.notes)")
        let expected = try await bed.expected(configuration, job: "teams", target: target)
        #expect(try await bed.stored(configuration, platform: platform, dataset: dataset) == expected)
        let accepted = try String(contentsOfFile: bed.acceptedFile(job: "teams", target: target), encoding: .utf8)
        #expect(accepted.split(separator: "\n").count == 40, "every record booked once, on the platform's own evidence")
        #expect(try LedgerVerifier(directory: configuration.ledgerDirectory).verify().isIntact)
    }

    @Test func aRecordThePlatformDoesNotHoldStaysUnconfirmed() async throws {
        // The province lies and, besides, lost one record: the read-back settles the rest only.
        let bed = try TestOffice.withSamples(province: FaultPlan(rules: [FaultRule(kind: .lie(.shortCount), selection: .share(1), paths: ["/batches"], method: "POST")]))
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        _ = try await bed.runner(configuration).run(job)
        let stored = try await bed.stored(configuration, platform: "province", dataset: "zyd")
        let lost = try #require(stored.keys.sorted().first)
        let connector = try bed.connector(configuration, "province")
        _ = try await connector.push(dataset: "zyd", test: false, scope: "test-removal", upserts: [OutgoingRecord](), deletes: [lost])
        #expect(try await bed.stored(configuration, platform: "province", dataset: "zyd")[lost] == nil)

        let second = try await bed.runner(configuration).run(job)
        #expect(second.status == .incomplete)
        let province = try #require(second.targets.first { $0.name == "province-zyd" })
        #expect((province.accepted, province.unconfirmed, province.openBatches) == (39, 1, 1), "39 shown held, 1 not: the batch stays open")
        let journal = try String(contentsOfFile: bed.journalFile(job: "teams", target: "province-zyd"), encoding: .utf8)
        let line = try JSONReader().value(from: Array(try #require(journal.split(separator: "\n").last).utf8))
        #expect(line["verified"] == "read-back")
        #expect(line["final"] == false)
        let reasons = (line["fates"]?.arrayValue ?? []).filter { $0["fate"] == "unconfirmed" }.compactMap { $0["reasons"]?[0]?["message"]?.stringValue }
        #expect(reasons.count == 1 && reasons[0].contains("a read-back shows nothing under its key"), "\(reasons)")
    }
}

/// Every job of one runner shares each platform's connector, and with it the city token.
@Suite struct SharedConnectorTests {
    @Test func aFullRunOfEveryJobFetchesOneCityToken() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        for job in configuration.jobs {
            let report = try await runner.run(job)
            #expect(report.status != .incomplete, "\(job.name): \(report.targets.flatMap(\.failures))")
        }
        #expect(configuration.jobs.count { $0.targets.contains { $0.platform == "city" } } == 5, "five jobs send to the city")
        #expect(bed.cityPlatform.counters.tokensIssued == 1)
    }

    @Test func theWaitsOfARunShowInItsReport() async throws {
        let bed = try TestOffice.withSamples(province: FaultPlan(rules: [
            FaultRule(kind: .rateLimited(retryAfterSeconds: 4), selection: .sequence([1]), paths: ["/batches"]),
        ]))
        let configuration = try bed.configuration()
        let report = try await bed.runner(configuration).run(try #require(configuration.job(named: "teams")))
        let province = try #require(report.targets.first { $0.platform == "province" })
        #expect(province.retries == 1)
        #expect(province.waitedSeconds >= 4 && province.waitedSeconds < 4.5, "\(province.waitedSeconds)")
        #expect(report.targets.first { $0.platform == "city" }?.waitedSeconds == 0)
        let json = try #require(report.json["targets"]?[0])
        #expect((json["waitedSeconds"]?.doubleValue ?? 0) >= 4)
    }
}
