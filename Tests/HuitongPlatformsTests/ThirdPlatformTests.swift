import Foundation
import HuitongCore
import HuitongHTTPServer
import HuitongMapping
import HuitongTransport
import Testing

@testable import HuitongPlatforms
import HuitongYAML
import HuitongTestSupport

/// A third platform added with YAML alone: the made-up county profile
/// (`Tests/Fixtures/platforms/county.yaml`), its target mapping and code lists, and a stand-in
/// server written from its interface text. The connector is the one the province and the city
/// use; no Swift names the county.
@Suite struct ThirdPlatformTests {
    // MARK: The profile and the mapping

    @Test func theCountyProfileDiffersFromTheProvinceAndTheCityInEveryRespect() throws {
        let county = try CountyTestBed.profile()
        let province = try PlatformProfile.bundled("province")
        let city = try PlatformProfile.bundled("city")
        func authentication(_ profile: PlatformProfile) -> String {
            switch profile.authentication {
            case .none: "none"
            case .staticHeader: "header"
            case .basic: "basic"
            case .tokenEndpoint: "token"
            }
        }
        #expect([county, province, city].map(authentication) == ["basic", "none", "token"])
        let signing = try #require(county.signing)
        #expect(!signing.timestampInMilliseconds && signing.separator == "|" && signing.encoding == .base64)
        #expect(signing.nonceLength == 16 && signing.bodyHash == .sha256)
        let provinceSigning = try #require(province.signing)
        #expect(provinceSigning.timestampInMilliseconds && provinceSigning.separator == "\n" && provinceSigning.encoding == .hex)
        #expect(city.signing == nil && city.bodyDigest != nil && county.bodyDigest == nil)
        #expect(county.answer.successStatuses == [200, 207] && county.answer.codePath?.description == "error.code")
        let push = try #require(county.dataset(named: "refuges")?.push)
        #expect(push.method == "PUT" && province.push.method == "POST" && city.push.method == "POST")
        #expect(push.idempotency == .envelope(length: 32))
        guard case .flag = push.deletes, case .envelope = province.push.deletes, case .request = city.push.deletes else {
            Issue.record("delete styles: county flag, province envelope, city request")
            return
        }
        #expect(push.outcome.rejected?.by == .key && push.outcome.rejected?.field.description == "ref")
        #expect(push.outcome.duplicatePath?.description == "replayed")
        #expect(county.retry.transient.codes == ["E_BUSY"] && county.retry.rateLimited?.codes == ["E_THROTTLED"])
        #expect(county.readBack?.paging == .page(first: 0) && county.readBack?.total == nil)
        #expect(county.dataset(named: "drills")?.push.limits.items == 10 && push.limits == BatchLimits(items: 20, bytes: 65536))
    }

    @Test func theTargetMappingKeepsTheCountysRefugesInItsOwnFieldsAndCodes() async throws {
        let shelters = try await CountyChain.shelters()
        let (records, skipped, setAside) = try CountyChain.refuges(from: shelters)
        #expect(shelters.count == 300)
        #expect((records.count, skipped, setAside.count) == (45, 255, 0))
        let first = try #require(records.first { $0.key == "320613-RF-0039" })
        #expect(first.payload == [
            "refuge_no": "320613-RF-0039", "refuge_name": "任港路停车楼地下室人防工程", "street_address": "南通市崇川区桃园路776号",
            "longitude": 120.9601, "latitude": 31.93025, "grade": "I", "state": "10", "persons": 2601, "area_sqm": 2300.0,
            "completed_on": "2005-12-19", "last_modified": "2025-12-15T22:36:00+08:00",
        ])
        #expect(records.allSatisfy { Set($0.payload.keys).isSubset(of: CountyRefugeCheck.fields) })
        #expect(records.allSatisfy { CountyRefugeCheck.problems(in: $0.payload, stored: nil).isEmpty })
    }

    // MARK: Pushing

    @Test func refugesFromTheShelterRegistryArriveSignedAndReadBack() async throws {
        let bed = try CountyTestBed()
        let connector = try bed.connector(concurrency: 4)
        let records = try await CountyChain.refuges()
        let report = try await connector.push(dataset: "refuges", test: false, scope: "run-1", upserts: records)
        #expect(report.batches.map(\.upserts.count) == [20, 20, 5])
        #expect((report.accepted, report.rejected, report.notSent, report.retries) == (45, 0, 0, 0))
        #expect(bed.platform.records("refuges") == Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.payload) }))
        let log = bed.platform.log
        #expect(log.count == 3 && log.allSatisfy { $0.status == 200 && $0.method == "PUT" })
        #expect(Set(log.compactMap(\.requestId)) == Set(report.batches.map(\.idempotencyKey)))
        var keys: [String] = []
        try await connector.readBack(dataset: "refuges", test: false) { page in
            keys += page.compactMap { $0["refuge_no"]?.stringValue }
        }
        #expect(keys == records.map(\.key).sorted())
    }

    @Test func aLaterPushUpdatesOneRefugeAndDeletesAnotherWithAFlagItem() async throws {
        let bed = try CountyTestBed()
        let connector = try bed.connector()
        let shelters = try await CountyChain.shelters()
        let records = try CountyChain.refuges(from: shelters).records
        _ = try await connector.push(dataset: "refuges", test: false, scope: "run-1", upserts: records)

        var renamed = try #require(shelters.first { $0["id"] == "320613-RF-0039" })
        renamed["name"] = "任港路停车楼人防工程"
        renamed["updated_at"] = "2026-11-30T08:00:00+08:00"
        let update = try CountyChain.refuges(from: [renamed]).records
        let gone = records[3].key
        let report = try await connector.push(dataset: "refuges", test: false, scope: "run-2", upserts: update, deletes: [gone])
        #expect(report.deliveries == [
            RecordDelivery(key: "320613-RF-0039", fate: .accepted), RecordDelivery(key: gone, fate: .accepted),
        ])
        let held = bed.platform.records("refuges")
        #expect(held.count == 44 && held[gone] == nil)
        #expect(held["320613-RF-0039"]?["refuge_name"] == "任港路停车楼人防工程")

        // The delete is an item of the same list, in the profile's flag form.
        var planner = try connector.planner(dataset: "refuges", test: false, scope: "run-2")
        _ = planner.add(update[0])
        _ = planner.add(delete: gone)
        let sealed = planner.finish()
        let body = try JSONReader().value(from: try await connector.wireRequest(for: try #require(sealed)).body)
        #expect(body["count"] == 2)
        #expect(body["items"]?[1] == ["op": "delete", "ref": .string(gone)])
        #expect(body["items"]?[0]?["op"] == "upsert" && body["items"]?[0]?["data"] == .object(update[0].payload))
    }

    @Test func refugesTheCountyRefusesComeBackRejectedWithItsOwnReasons() async throws {
        let bed = try CountyTestBed()
        let connector = try bed.connector()
        let shelters = try await CountyChain.shelters().filter { $0["district"] == "320613" }
        _ = try await connector.push(dataset: "refuges", test: false, scope: "run-1", upserts: try CountyChain.refuges(from: Array(shelters[0..<5])).records)

        // A location in 海门 under a 崇川 district code, and an older version of a held refuge.
        var moved = shelters[5]
        moved["location"] = ["lon": 121.1749, "lat": 31.8551]
        var older = shelters[1]
        older["updated_at"] = "2020-01-01T00:00:00+08:00"
        let batch = try CountyChain.refuges(from: [moved, older, shelters[6]]).records
        let report = try await connector.push(dataset: "refuges", test: false, scope: "run-2", upserts: batch)
        #expect(report.batches.first?.requests.first?.status == 207)
        let storedTime = try #require(bed.platform.records("refuges")[batch[1].key]?["last_modified"]?.stringValue)
        #expect(report.deliveries == [
            RecordDelivery(key: batch[0].key, fate: .rejected([PlatformReason(
                field: nil, reason: "location 121.1749,31.8551 lies outside 崇川区 (longitude 120.70–121.10, latitude 31.85–32.15)"
            )])),
            RecordDelivery(key: batch[1].key, fate: .rejected([PlatformReason(
                field: nil, reason: "last_modified 2020-01-01T00:00:00+08:00 is older than the stored version's \(storedTime); send the newer record"
            )])),
            RecordDelivery(key: batch[2].key, fate: .accepted),
        ])
        #expect(bed.platform.records("refuges").count == 6 && bed.platform.records("refuges")[batch[0].key] == nil)
    }

    // MARK: Faults

    @Test func aLostAnswerBusyAndThrottledAreRetriedAndNothingIsAppliedTwice() async throws {
        // The first batch: applied and its answer lost (on a fresh connection), then busy, then
        // throttled, then answered from the county's memory. The other two batches go through.
        let bed = try CountyTestBed(faults: [1: .dropAfterApply, 2: .busy, 3: .throttled(retryAfterSeconds: 7)])
        let records = try await CountyChain.refuges()
        let report = try await bed.connector().push(dataset: "refuges", test: false, scope: "run-1", upserts: records)
        #expect((report.accepted, report.notSent, report.rejected) == (45, 0, 0))
        #expect(report.batches.map { $0.requests.map(\.attempts) } == [[4], [1], [1]])
        #expect(report.batches.map(\.duplicate) == [true, false, false])

        let waits = bed.waits.all
        try #require(waits.count == 3)
        #expect((0.8...1.0).contains(waits[0]))     // backoff 1 s, a fifth of it random
        #expect((2.4...3.0).contains(waits[1]))     // then 3 s
        #expect((7.0...7.25).contains(waits[2]))    // Retry-After: 7, never less

        #expect(bed.platform.records("refuges") == Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.payload) }))
        #expect(bed.platform.applications.count == 3 && bed.platform.applications.values.allSatisfy { $0 == 1 })
        #expect(bed.platform.replays == 1)
        let log = bed.platform.log
        #expect(log.map(\.status) == [nil, 503, 429, 200, 200, 200])
        #expect(log.map(\.requestId)[0] == log.map(\.requestId)[3])
    }

    @Test func aLostAnswerOnAKeptAliveConnectionIsReplayedByTheTransportAndSignedAgain() async throws {
        // libcurl resends, byte for byte, a request whose reused connection died before any
        // answer. The county refuses the repeated nonce; the profile's re_sign lists that code,
        // so the connector signs afresh and the county answers from its memory.
        let bed = try CountyTestBed(faults: [2: .dropAfterApply])
        let records = Array(try await CountyChain.refuges().prefix(25))
        let report = try await bed.connector().push(dataset: "refuges", test: false, scope: "run-1", upserts: records)
        #expect(report.accepted == 25 && report.batches.map(\.duplicate) == [false, true])
        let log = bed.platform.log
        #expect(log.map(\.status) == [200, nil, 401, 200] && log[2].code == "E_NONCE_REUSED")
        #expect(log[1].nonce == log[2].nonce && log[2].nonce != log[3].nonce)
        #expect(bed.platform.applications.values.allSatisfy { $0 == 1 } && bed.platform.records("refuges").count == 25)
        #expect(bed.waits.all.isEmpty)
    }

    @Test func maintenanceIsA503TheProfileDoesNotRetry() async throws {
        let bed = try CountyTestBed(faults: [1: .maintenance])
        let records = Array(try await CountyChain.refuges().prefix(5))
        let connector = try bed.connector()
        let report = try await connector.push(dataset: "refuges", test: false, scope: "run-1", upserts: records)
        #expect(report.notSent == 5 && report.requests == 1 && bed.waits.all.isEmpty)
        let failure = try #require(report.failures.first)
        #expect((failure.kind, failure.status, failure.code) == (.refused, 503, "E_MAINTENANCE"))
        #expect(failure.message == "scheduled maintenance until 06:00; do not retry before")
        #expect(bed.platform.records("refuges").isEmpty)

        // The next run sends the same batch under the same requestId.
        let again = try await connector.push(dataset: "refuges", test: false, scope: "run-1", upserts: records)
        #expect(again.accepted == 5 && again.batches[0].idempotencyKey == report.batches[0].idempotencyKey)
    }

    @Test func aStaleTimestampIsSignedAgainWithAFreshNonce() async throws {
        let bed = try CountyTestBed(faults: [1: .clockSkew])
        let records = Array(try await CountyChain.refuges().prefix(3))
        let report = try await bed.connector().push(dataset: "refuges", test: false, scope: "run-1", upserts: records)
        #expect(report.accepted == 3 && report.batches[0].requests[0].attempts == 2 && bed.waits.all.isEmpty)
        let log = bed.platform.log
        #expect(log.map(\.status) == [401, 200] && log[0].code == "E_CLOCK_SKEW")
        #expect(log[0].nonce != nil && log[0].nonce != log[1].nonce)
    }

    @Test func aWrongPasswordIsAnAuthenticationErrorAndNothingIsSent() async throws {
        let bed = try CountyTestBed()
        let records = Array(try await CountyChain.refuges().prefix(2))
        let report = try await bed.connector(password: "wrong").push(dataset: "refuges", test: false, scope: "run-1", upserts: records)
        let failure = try #require(report.failures.first)
        #expect((failure.kind, failure.status, failure.code, failure.attempts) == (.authentication, 401, "E_AUTH", 1))
        #expect(report.notSent == 2 && bed.platform.records("refuges").isEmpty)
    }

    // MARK: Ping and the wire

    @Test func pingNamesBothProofsAndReadsTheServerTimeInSeconds() async throws {
        let bed = try CountyTestBed()
        let report = try await bed.connector().ping()
        #expect(report.status == 200)
        #expect(report.authentication == "basic, signed HMAC-SM3")
        let skew = try #require(report.skewMilliseconds)
        // The error is at most half the round trip plus the one-second resolution of the server's time.
        #expect(abs(skew) <= report.milliseconds / 2 + 1_000)
    }

    @Test func aCompoundKeyDeleteCarriesItsKeyFieldsAndTheWireRequestPassesTheCountysChecks() async throws {
        let bed = try CountyTestBed()
        let connector = try bed.connector()
        var planner = try connector.planner(dataset: "drills", test: false, scope: "run-1")
        _ = planner.add(delete: "320613-RF-0039/2026-05-12")
        let sealed = planner.finish()
        let batch = try #require(sealed)
        let request = try await connector.wireRequest(for: batch)
        #expect(request.method == "PUT" && request.url == bed.server.baseURL + "/ema/api/v3/drills/sync")
        #expect(try JSONReader().value(from: request.body) == [
            "requestId": .string(batch.idempotencyKey), "dataset": "drills", "count": 1,
            "items": [["op": "delete", "ref": ["refuge_no": "320613-RF-0039", "drill_date": "2026-05-12"]]],
        ])
        #expect(batch.idempotencyKey.count == 32)

        // The county's own checks, run on the request as it would go out.
        let serverRequest = ServerRequest(
            method: request.method, target: String(request.url.dropFirst(bed.server.baseURL.count)),
            headers: request.headers.map { (name: $0.name, value: $0.value) }, body: request.body
        )
        let check = CountyCredentialCheck(users: [CountyTestBed.username: CountyTestBed.password], signingKeys: [CountyTestBed.keyId: CountyTestBed.signingSecret])
        try check.verifyBasic(serverRequest)
        let signed = try check.verifySignature(serverRequest, now: SystemWallClock().now())
        #expect(signed.keyId == CountyTestBed.keyId && signed.nonce.count == 16)
        #expect(serverRequest.header("X-County-Tenant") == "320613")
    }

    // MARK: A broken profile

    @Test func aBrokenCountyProfileFailsWithFileLineColumnErrors() throws {
        let original = try String(contentsOfFile: CountyTestBed.profilePath, encoding: .utf8)
        let lines = original.components(separatedBy: "\n")
        func position(of text: String) throws -> (line: Int, column: Int) {
            let index = try #require(lines.firstIndex { $0.contains(text) })
            return (index + 1, lines[index].distance(from: lines[index].startIndex, to: lines[index].range(of: text)!.lowerBound) + 1)
        }
        let variable = try position(of: #""{idempotency_key}""#)
        let misspelt = try position(of: "upsert_item:")
        let broken = original
            .replacingOccurrences(of: #"requestId: "{idempotency_key}""#, with: #"requestId: "{idempotency_id}""#)
            .replacingOccurrences(of: "upsert_item:", with: "upsert_itme:")

        var errors: [YAMLErrorLine] = []
        do {
            _ = try PlatformProfileLoader.load(text: broken, fileName: "county-broken.yaml")
            Issue.record("the broken profile loaded")
        } catch {
            errors = error.errors.map { YAMLErrorLine($0.description) }
        }
        #expect(errors.allSatisfy { $0.file == "county-broken.yaml" && $0.line > 0 && $0.column > 0 })
        #expect(errors.contains {
            ($0.line, $0.column) == variable && $0.message.hasPrefix("unknown template variable {idempotency_id}; here you may use")
        })
        #expect(errors.contains {
            ($0.line, $0.column) == misspelt && $0.message.hasPrefix(#"push has no key "upsert_itme"; did you mean "upsert_item"?"#)
        })
    }
}

/// The first line of an error's description, `file:line:col: message`, taken apart.
private struct YAMLErrorLine {
    var file = "", line = 0, column = 0, message = ""

    init(_ description: String) {
        let first = description.prefix { $0 != "\n" }
        let parts = first.split(separator: ":", maxSplits: 3)
        guard parts.count == 4, let line = Int(parts[1]), let column = Int(parts[2]) else { return }
        (file, self.line, self.column, message) = (String(parts[0]), line, column, String(parts[3].dropFirst()))
    }
}
