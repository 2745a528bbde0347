import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongPlatforms

/// The sandbox misbehaves on purpose; the platform must still end up with exactly the records
/// sent, nothing applied twice, and no idempotency conflict caused by a resend.
@Suite struct FaultDeliveryTests {
    @Test func provinceEndsExactUnder500s429sAndAnswersLostAfterApply() async throws {
        let faults = FaultPlan(rules: [
            FaultRule(kind: .status(500), selection: .share(0.2), paths: ["/batches"]),
            FaultRule(kind: .status(503), selection: .sequence([2]), paths: ["/batches"]),
            FaultRule(kind: .rateLimited(retryAfterSeconds: 3), selection: .sequence([4]), paths: ["/batches"]),
            FaultRule(kind: .dropAfterApply, selection: .every(4), paths: ["/batches"]),
        ], seed: 7)
        let bed = try TestOffice(province: faults)
        let connector = try bed.connector("province")
        let records = (1...3_000).map { Payloads.rfgc($0) }
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "run-1", upserts: records)
        #expect(report.accepted == 3_000)
        #expect(report.notSent == 0)
        #expect(report.retries > 0)
        let counters = bed.provincePlatform.counters
        #expect(counters.conflicts == 0)
        #expect(counters.duplicateBatches > 0, "an answer lost after apply is resent and answered as a duplicate")
        #expect(counters.appliedBatches == 6)
        #expect(try await storedKeys(connector, "rfgc") == records.map(\.key).sorted())
        #expect(bed.waits.all.contains { $0 >= 3 }, "a 429 waits at least its Retry-After")
    }

    @Test func cityEndsExactUnderRevokedTokens500sAndLostAnswers() async throws {
        let faults = FaultPlan(rules: [
            FaultRule(kind: .revokeTokens, selection: .sequence([2, 5]), paths: ["/resources"]),
            FaultRule(kind: .status(500), selection: .share(0.25), paths: ["/resources"]),
            FaultRule(kind: .dropAfterApply, selection: .every(4), paths: ["/resources"]),
        ], seed: 11)
        let bed = try TestOffice(city: faults)
        let connector = try bed.connector("city")
        let records = (1...1_500).map { Payloads.shelter($0) }
        let report = try await connector.push(dataset: "shelter", test: false, scope: "run-1", upserts: records)
        #expect(report.accepted == 1_500)
        #expect(report.notSent == 0, "\(report.failures)")
        #expect(await connector.tokenRequests >= 2, "a revoked token is replaced")
        #expect(bed.cityPlatform.counters.conflicts == 0)
        #expect(try await storedKeys(connector, "shelter", field: "id") == records.map(\.key).sorted())
    }

    @Test func aPersistentOutageEndsWithEveryRecordNotSentAndAnExhaustedError() async throws {
        let bed = try TestOffice(province: FaultPlan(rules: [FaultRule(kind: .status(503), selection: .share(1), paths: ["/batches"])]))
        let connector = try bed.connector("province")
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "run-1", upserts: (1...10).map { Payloads.rfgc($0) })
        #expect(report.notSent == 10)
        let failure = try #require(report.failures.first)
        #expect(failure.kind == .exhausted)
        #expect(failure.status == 503)
        #expect(failure.attempts == connector.profile.retry.attempts)
        #expect(failure.description.contains("/exchange/api/v1/exchange/rfgc/batches"))
        // Exponential: each wait's deterministic part doubles, up to the cap.
        let waits = bed.waits.all
        #expect(waits.count == connector.profile.retry.attempts - 1)
        #expect(waits.last! > waits.first!)
    }

    @Test func aWrongSecretStopsWithAnAuthenticationErrorThatNeverShowsTheSecret() async throws {
        let bed = try TestOffice()
        let settings = PlatformSettings(
            name: "province", baseURL: bed.running("province").baseURL,
            credentials: ["app_key": Secret(SandboxCredentials.province.id), "app_secret": Secret("not-the-secret-xyz")]
        )
        let connector = try PlatformConnector(profile: try PlatformProfile.bundled("province"), settings: settings) { _ in }
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "s", upserts: [Payloads.rfgc(1)])
        let failure = try #require(report.failures.first)
        #expect(failure.kind == .authentication)
        #expect(failure.code == "4010")
        #expect(failure.attempts == 1, "a wrong signature is not retried")
        #expect(!failure.description.contains("not-the-secret-xyz"))
        #expect(report.upserts.allSatisfy { if case .notSent = $0.fate { true } else { false } })
    }

    @Test func wrongCityCredentialsAreReportedAsAuthenticationFailure() async throws {
        let bed = try TestOffice()
        let settings = PlatformSettings(
            name: "city", baseURL: bed.running("city").baseURL,
            credentials: ["client_id": Secret(SandboxCredentials.city.id), "client_secret": Secret("wrong-client-secret")]
        )
        let connector = try PlatformConnector(profile: try PlatformProfile.bundled("city"), settings: settings) { _ in }
        await #expect(throws: PlatformError.self) { _ = try await connector.ping() }
        do {
            _ = try await connector.ping()
        } catch {
            #expect(error.kind == .authentication)
            #expect(error.code == "AUTH_FAILED")
            #expect(!error.description.contains("wrong-client-secret"))
        }
    }
}

extension BatchReport {
    var upsertFates: [DeliveryFate] { upserts.map(\.fate) }
}

extension PushReport {
    var upserts: [RecordDelivery] { batches.flatMap(\.upserts) }
}

func storedKeys(_ connector: PlatformConnector, _ dataset: String, field: String? = nil, test: Bool = false) async throws -> [String] {
    let keyFields = connector.profile.dataset(named: dataset)!.key
    var keys: [String] = []
    try await connector.readBack(dataset: dataset, test: test) { page in
        for record in page {
            keys.append((field.map { [$0] } ?? keyFields).compactMap { record[$0]?.stringValue }.joined(separator: "|"))
        }
    }
    return keys
}
