import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongPlatforms

/// The sandbox applies each batch honestly and then lies about it. The connector books none of
/// it: every record comes back unconfirmed with an error naming what the platform answered.
/// Sent again under the same key to the now honest platform, the batch is answered as a
/// duplicate with the honest first verdict: every record accepted, nothing applied twice.
@Suite struct UnconfirmedDeliveryTests {
    static func lyingOnce(_ lie: AnswerLie, path: String) -> FaultPlan {
        FaultPlan(rules: [FaultRule(kind: .lie(lie), selection: .share(1), paths: [path])])
    }

    /// What each lie must make the error say.
    static let provinceSays: [AnswerLie: String] = [
        .shortCount: "data.accepted 39 for 40 upserts and listed no rejection", .nullData: "data is null",
        .strayRejection: "rejected item 999", .foreignAnswer: "duplicate: true for batch \"another-batch-",
        .emptyBody: "an empty body", .htmlBody: "not JSON",
    ]

    static let citySays: [AnswerLie: String] = [
        .shortCount: "result.succeeded 39 for 40 upserts and listed no rejection", .nullData: "result is null",
        .strayRejection: "\"NEVER-SENT-999\", which the request did not carry", .foreignAnswer: "result.total 47 for 40 items sent",
        .emptyBody: "an empty body", .htmlBody: "not JSON",
    ]

    @Test(arguments: AnswerLie.allCases)
    func provinceBooksNothingOnALieAndTheResendGetsTheHonestFirstAnswer(_ lie: AnswerLie) async throws {
        let bed = try TestOffice(province: Self.lyingOnce(lie, path: "/batches"))
        let connector = try bed.connector("province")
        let records = (1...40).map { Payloads.rfgc($0) }
        let lied = try await connector.push(dataset: "rfgc", test: false, scope: "run-1", upserts: records)
        #expect(lied.accepted == 0 && lied.rejected == 0 && lied.unconfirmed == 40)
        let failure = try #require(lied.failures.first)
        #expect(failure.kind == .unconfirmed)
        #expect(failure.description.contains(Self.provinceSays[lie]!), "\(failure.description)")
        #expect(bed.provincePlatform.counters.appliedBatches == 1, "the platform applied the batch before it lied")

        bed.running("province").host.replaceFaults(with: .none)
        let honest = try await connector.push(dataset: "rfgc", test: false, scope: "run-1", upserts: records)
        #expect(honest.accepted == 40 && honest.unconfirmed == 0, "\(honest.failures)")
        #expect(honest.batches.first?.duplicate == true)
        let counters = bed.provincePlatform.counters
        #expect(counters.appliedBatches == 1 && counters.duplicateBatches == 1 && counters.conflicts == 0)
    }

    @Test(arguments: AnswerLie.allCases)
    func cityBooksNothingOnALieAndTheResendGetsTheHonestFirstAnswer(_ lie: AnswerLie) async throws {
        let bed = try TestOffice(city: Self.lyingOnce(lie, path: "/resources"))
        let connector = try bed.connector("city")
        let records = (1...40).map { Payloads.shelter($0) }
        let lied = try await connector.push(dataset: "shelter", test: false, scope: "run-1", upserts: records)
        #expect(lied.accepted == 0 && lied.rejected == 0 && lied.unconfirmed == 40)
        let failure = try #require(lied.failures.first)
        #expect(failure.kind == .unconfirmed)
        #expect(failure.description.contains(Self.citySays[lie]!), "\(failure.description)")

        bed.running("city").host.replaceFaults(with: .none)
        let honest = try await connector.push(dataset: "shelter", test: false, scope: "run-1", upserts: records)
        #expect(honest.accepted == 40 && honest.unconfirmed == 0, "\(honest.failures)")
        let counters = bed.cityPlatform.counters
        #expect(counters.appliedBatches == 1 && counters.duplicates == 1 && counters.conflicts == 0)
        #expect(try await storedKeys(connector, "shelter", field: "id") == records.map(\.key).sorted())
    }

    @Test func aDeleteAnsweredWithAnUnreadableSuccessIsUnconfirmed() async throws {
        let bed = try TestOffice()
        let connector = try bed.connector("city")
        _ = try await connector.push(dataset: "shelter", test: false, scope: "run-1", upserts: [Payloads.shelter(1)])
        bed.running("city").host.replaceFaults(with: FaultPlan(rules: [
            FaultRule(kind: .lie(.htmlBody), selection: .share(1), paths: ["/resources/shelter/"], method: "DELETE"),
        ]))
        let report = try await connector.push(dataset: "shelter", test: false, scope: "run-2", upserts: [OutgoingRecord](), deletes: ["320613-RF-0001"])
        #expect(report.unconfirmed == 1 && report.accepted == 0)
        #expect(report.failures.first?.kind == .unconfirmed)
    }

    @Test func theWaitForA429IsMeasuredPerBatch() async throws {
        let bed = try TestOffice(province: FaultPlan(rules: [
            FaultRule(kind: .rateLimited(retryAfterSeconds: 3), selection: .sequence([1]), paths: ["/batches"]),
        ]))
        let connector = try bed.connector("province")
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "run-1", upserts: (1...5).map { Payloads.rfgc($0) })
        let batch = try #require(report.batches.first)
        #expect(batch.retries == 1)
        #expect(batch.waitedSeconds >= 3 && batch.waitedSeconds < 3.5, "\(batch.waitedSeconds)")
        #expect(batch.waitedSeconds == bed.waits.all.reduce(0, +), "what was waited is what the sleeper was asked for")
    }
}
