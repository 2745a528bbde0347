import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Testing

@testable import HuitongPlatforms

@Suite struct BatchBehaviourTests {
    @Test func theSameRecordsInTheSameOrderMakeTheSameBatchKeysAndAnotherScopeOthers() throws {
        let bed = try TestOffice()
        let connector = try bed.connector("province")
        func keys(scope: String) throws -> [String] {
            var planner = try connector.planner(dataset: "rfgc", test: false, scope: scope)
            var keys: [String] = []
            for number in 1...1_100 {
                if case let .sealed(batch) = planner.add(Payloads.rfgc(number)) { keys.append(batch.idempotencyKey) }
            }
            if let last = planner.finish() { keys.append(last.idempotencyKey) }
            return keys
        }
        let first = try keys(scope: "exchange-41")
        #expect(first.count == 3)
        #expect(try keys(scope: "exchange-41") == first)
        #expect(Set(try keys(scope: "exchange-42")).isDisjoint(with: first))
        // The province allows 8 to 64 characters of [A-Za-z0-9_-].
        #expect(first.allSatisfy { $0.count == 40 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func batchesRespectTheByteLimitAndTheRenderedBodyFitsIt() throws {
        let text = try String(contentsOfFile: RepositoryPaths.path("plugins/platforms/province.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "limits: {items: 500, bytes: 4194304}", with: "limits: {items: 500, bytes: 20000}")
        let profile = try PlatformProfileLoader.load(text: text, fileName: "province-small.yaml")
        let connector = try PlatformConnector(profile: profile, settings: PlatformSettings(
            name: "province", baseURL: "http://127.0.0.1:9/exchange",
            credentials: ["app_key": Secret("k"), "app_secret": Secret("s")]
        ))
        var planner = try connector.planner(dataset: "rfgc", test: false, scope: "s")
        var batches: [OutgoingBatch] = []
        for number in 1...300 {
            if case let .sealed(batch) = planner.add(Payloads.rfgc(number, name: String(repeating: "长名", count: 20))) { batches.append(batch) }
        }
        let last = planner.finish()
        batches.append(try #require(last))
        #expect(batches.count > 1)
        #expect(batches.reduce(0) { $0 + $1.upserts.count } == 300)
        let dataset = try #require(profile.dataset(named: "rfgc"))
        for batch in batches {
            let body = BatchBodyBuilder(push: dataset.push, lookup: connector.lookup).body(
                items: .init(upserts: batch.upsertItems, deletes: [], flagDeletes: []), idempotencyKey: batch.idempotencyKey,
                test: false, dataset: "rfgc", now: Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)
            )
            #expect(body.count <= 20_000)
            let envelope = try JSONReader().value(from: body)
            #expect(envelope["upserts"]?.arrayValue?.count == batch.upserts.count)
            #expect(envelope["deletes"] == nil, "an empty list the profile omits is left out")
            #expect(envelope["batchId"]?.stringValue == batch.idempotencyKey)
            #expect(envelope["sentAt"]?.stringValue == "2025-11-29 10:00:00", "Beijing wall time of 2025-11-29T02:00:00Z")
            #expect(envelope["test"] == .bool(false))
        }
    }

    @Test func provinceRejectionsComeBackPerRecordWithThePlatformsReasons() async throws {
        let bed = try TestOffice()
        let connector = try bed.connector("province")
        var bad = Payloads.rfgc(2)
        bad.payload["kljb"] = "H7"
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "s", upserts: [Payloads.rfgc(1), bad, Payloads.rfgc(3)])
        #expect(report.upserts[0].fate == .accepted && report.upserts[2].fate == .accepted)
        guard case let .rejected(reasons) = report.upserts[1].fate else {
            Issue.record("the bad record was not rejected")
            return
        }
        #expect(reasons.first?.field == "kljb")
        #expect(report.accepted == 2)
    }

    @Test func cityRejectionsPointAtTheirRecordByID() async throws {
        let bed = try TestOffice()
        let connector = try bed.connector("city")
        var bad = Payloads.shelter(2)
        bad.payload["lat"] = .double(95.5)
        let report = try await connector.push(dataset: "shelter", test: false, scope: "s", upserts: [Payloads.shelter(1), bad])
        #expect(report.upserts[0].fate == .accepted)
        guard case let .rejected(reasons) = report.upserts[1].fate else {
            Issue.record("the bad record was not rejected: \(report.upserts[1].fate)")
            return
        }
        #expect(!reasons.isEmpty)
    }

    @Test func provinceDeletesTravelInTheEnvelopeAndCityDeletesOneRequestEach() async throws {
        let bed = try TestOffice()
        let province = try bed.connector("province")
        _ = try await province.push(dataset: "rfgc", test: false, scope: "a", upserts: (1...5).map { Payloads.rfgc($0) })
        let provinceDeletes = try await province.push(dataset: "rfgc", test: false, scope: "b", upserts: [OutgoingRecord](), deletes: ["320613-RF-0002", "320613-RF-0009"])
        #expect(provinceDeletes.requests == 1)
        #expect(provinceDeletes.accepted == 2, "deleting an unknown key is not an error")
        #expect(try await storedKeys(province, "rfgc") == ["320613-RF-0001", "320613-RF-0003", "320613-RF-0004", "320613-RF-0005"])

        let city = try bed.connector("city")
        _ = try await city.push(dataset: "shelter", test: false, scope: "a", upserts: (1...3).map { Payloads.shelter($0) })
        let cityDeletes = try await city.push(dataset: "shelter", test: false, scope: "b", upserts: [OutgoingRecord](), deletes: ["320613-RF-0001", "320613-RF-0404"])
        #expect(cityDeletes.requests == 2)
        #expect(cityDeletes.accepted == 2, "404 NOT_FOUND counts as already deleted")
        #expect(try await storedKeys(city, "shelter", field: "id") == ["320613-RF-0002", "320613-RF-0003"])
    }

    @Test func eventsCannotBeDeletedSoTheirDeletesAreNotSent() async throws {
        let bed = try TestOffice()
        let report = try await bed.connector("city").push(dataset: "events", test: false, scope: "s", upserts: [OutgoingRecord](), deletes: ["alert-1"])
        #expect(report.requests == 0)
        #expect(report.refused.map(\.key) == ["alert-1"])
    }

    @Test func aBatchThePlatformFindsTooLargeIsSplitAndDelivered() async throws {
        let text = try String(contentsOfFile: RepositoryPaths.path("plugins/platforms/province.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "limits: {items: 500, bytes: 4194304}", with: "limits: {items: 800}")
        let profile = try PlatformProfileLoader.load(text: text, fileName: "province-large.yaml")
        let bed = try TestOffice()
        let connector = try PlatformConnector(profile: profile, settings: PlatformSettings(
            name: "province", baseURL: bed.running("province").baseURL,
            credentials: SandboxCredentials.province.platformCredentials
        )) { _ in }
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "s", upserts: (1...800).map { Payloads.rfgc($0) })
        #expect(report.accepted == 800)
        #expect(report.batches.count == 1)
        #expect(report.requests == 3, "one 413, then two halves of 400")
        #expect(bed.provincePlatform.counters.errorsByCode[4130] == 1)
        #expect(try await storedKeys(connector, "rfgc").count == 800)
    }

    @Test func jointTestTrafficIsStoredApartAndReadBackWithTheTestFlag() async throws {
        let bed = try TestOffice()
        let connector = try bed.connector("province")
        _ = try await connector.push(dataset: "rfgc", test: true, scope: "s", upserts: [Payloads.rfgc(7)])
        #expect(try await storedKeys(connector, "rfgc", test: true) == ["320613-RF-0007"])
        #expect(try await storedKeys(connector, "rfgc", test: false).isEmpty)
    }

    @Test func hmacSM3IsAcceptedByTheProvince() async throws {
        let bed = try TestOffice()
        let connector = try bed.connector("province", options: ["sign_method": "HMAC-SM3"])
        let report = try await connector.push(dataset: "rfgc", test: false, scope: "s", upserts: [Payloads.rfgc(1)])
        #expect(report.accepted == 1)
    }

    @Test func anOptionOutsideItsListIsASettingsError() throws {
        #expect(throws: PlatformSettingsError.self) {
            _ = try PlatformConnector(profile: try PlatformProfile.bundled("province"), settings: PlatformSettings(
                name: "province", baseURL: "http://127.0.0.1:9", credentials: ["app_key": Secret("k"), "app_secret": Secret("s")],
                options: ["sign_method": "HMAC-MD5"]
            ))
        }
    }
}
