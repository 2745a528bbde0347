import HuitongCore
import HuitongTestSupport
import Testing

@testable import HuitongPlatforms
import Foundation
import HuitongYAML

@Suite struct ProfileLoadingTests {
    @Test func theBundledProfilesDescribeEveryDatasetOfBothContracts() throws {
        let province = try PlatformProfile.bundled("province")
        #expect(province.datasets.map(\.name) == ["rfgc", "jbsm", "zyd", "zhss", "hjjc"])
        #expect(province.dataset(named: "jbsm")?.key == ["jbqbm", "smrq"])
        #expect(province.dataset(named: "hjjc")?.key == ["cgqbm", "cjsj"])
        #expect(province.push.limits == BatchLimits(items: 500, bytes: 4 * 1024 * 1024))
        let city = try PlatformProfile.bundled("city")
        #expect(city.datasets.map(\.name) == ["shelter", "siren", "team", "facility", "events"])
        #expect(city.dataset(named: "shelter")?.push.limits.items == 200)
        #expect(city.dataset(named: "events")?.push.limits.items == 100)
        #expect(city.dataset(named: "events")?.push.path == "/openapi/v2/events")
        guard case .none = city.dataset(named: "events")!.push.deletes else {
            Issue.record("events must take no deletes")
            return
        }
    }

    static let minimal = """
    platform: demo
    credentials:
      token: {secret: true}
    authentication: {kind: bearer, value: "Bearer {credential.token}"}
    answer: {success: {status: [200]}}
    push:
      path: /items/{dataset}
      body: {array: upserts}
      limits: {items: 10}
    datasets:
      things: {key: [id]}
    """

    @Test func aMinimalProfileLoadsWithDefaults() throws {
        let profile = try PlatformProfileLoader.load(text: Self.minimal, fileName: "demo.yaml")
        #expect(profile.name == "demo")
        #expect(profile.retry.attempts == RetryPolicy.standard.attempts)
        #expect(profile.push.idempotency == .none)
    }

    func errors(_ text: String) -> [String] { profileErrors(text) }

    @Test func everyMistakeIsReportedAtItsLineAndColumn() {
        let text = Self.minimal
            .replacingOccurrences(of: "Bearer {credential.token}", with: "Bearer {credential.tokn}")
            .replacingOccurrences(of: "limits: {items: 10}", with: "limits: {items: 10}\n  retries: 3")
            .replacingOccurrences(of: "/items/{dataset}", with: "/items/{datset}")
        let found = errors(text)
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.hasPrefix("broken.yaml:4:") && $0.contains("unknown template variable {credential.tokn}") })
        #expect(found.contains { $0.hasPrefix("broken.yaml:7:") && $0.contains("unknown path variable {datset}") })
        #expect(found.contains { $0.hasPrefix("broken.yaml:10:3:") && $0.contains("push has no key \"retries\"") })
    }

    @Test func accountingMistakesAreReportedAtTheirLineAndColumn() {
        let text = Self.minimal.replacingOccurrences(of: "limits: {items: 10}", with: """
        limits: {items: 10}
          outcome:
            accounting:
              accepted: {count: result.stored, of: everything}
              batch_id: result.batch
              total: result.total
              deleted: result..deleted
        """)
        let found = errors(text)
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.hasPrefix("broken.yaml:12:44:") && $0.contains("of: upserts, deletes or items") })
        #expect(found.contains { $0.hasPrefix("broken.yaml:13:") && $0.contains("no idempotency key for the answer to echo") })
        #expect(found.contains { $0.hasPrefix("broken.yaml:14:7:") && $0.contains("accounting has no key \"total\"") })
        #expect(found.contains { $0.hasPrefix("broken.yaml:15:") && $0.contains("is not a path") })
    }

    @Test func theBundledProfilesDeclareTheirAnswersAccountingAndReadBackBound() throws {
        let province = try #require(try PlatformProfile.bundled("province").push.outcome.accounting)
        #expect(province.accepted?.path.description == "data.accepted" && province.accepted?.items == .upserts)
        #expect(province.deleted?.description == "data.deleted" && province.batchID?.description == "data.batchId")
        #expect(province.received == nil)
        let city = try #require(try PlatformProfile.bundled("city").push.outcome.accounting)
        #expect(city.received?.path.description == "result.total" && city.received?.items == .items)
        #expect(city.accepted?.path.description == "result.succeeded" && city.batchID == nil)
        #expect(try PlatformProfile.bundled("city").readBack?.maxPages == ReadBackShape.defaultMaxPages)
        let bounded = Self.minimal + """

        read_back: {path: "/items/{dataset}", query: {p: "{page}"}, records: list, max_pages: 0}
        """
        #expect(errors(bounded).contains { $0.contains("must be at least 1") })
    }

    @Test func anIdempotencyHeaderWithATimeInTheBodyIsRefused() {
        let text = Self.minimal.replacingOccurrences(of: "body: {array: upserts}", with: """
        body: {envelope: {at: "{now:epoch_ms}", items: "{items}"}}
          idempotency: {header: Idempotency-Key}
        """)
        #expect(errors(text).contains { $0.contains("byte-identical on resend") })
    }

    @Test func envelopeIdempotencyNeedsTheKeyInTheEnvelope() {
        let text = Self.minimal.replacingOccurrences(of: "body: {array: upserts}", with: """
        body: {envelope: {items: "{items}"}}
          idempotency: {in: envelope}
        """)
        #expect(errors(text).contains { $0.contains("no {idempotency_key}") })
    }

    @Test func signingMustNameADeclaredSecretAndCarryTheSignature() {
        let text = Self.minimal + """

        signing:
          algorithm: HMAC-MD5
          secret: app_secret
          string_to_sign: ["{method}", "{path}"]
          headers: {X-Sign: "{nonce}"}
        """
        let found = errors(text)
        #expect(found.contains { $0.contains("unknown algorithm") })
        #expect(found.contains { $0.contains("\"app_secret\" is not among credentials") })
        #expect(found.contains { $0.contains("unknown template variable {path}") })
        #expect(found.contains { $0.contains("no signing header carries {signature}") })
    }

    @Test func templatesInsertValuesWholeOrAsText() throws {
        let lookup: (String) -> Value? = { name in
            switch name {
            case "test": .bool(true)
            case "count": .integer(3)
            case "key": .string("a|b")
            default: nil
            }
        }
        let whole = PlatformTemplate.variable("test")
        #expect(try whole.render(lookup) == .bool(true))
        let text = PlatformTemplate.text([.literal("n="), .variable("count"), .literal(" k="), .variable("key")])
        #expect(try text.render(lookup) == .string("n=3 k=a|b"))
        #expect(throws: TemplateVariableMissing.self) { _ = try PlatformTemplate.variable("nope").render(lookup) }
    }
}

@Suite struct AnswerMatchTests {
    @Test func aListOfMatchesMatchesAnyOfThem() throws {
        let text = ProfileLoadingTests.minimal + """

        retry:
          transient:
            - {status: [502, 504]}
            - {status: [503], codes: [E_BUSY]}
        """
        let profile = try PlatformProfileLoader.load(text: text, fileName: "alternatives.yaml")
        let transient = profile.retry.transient
        #expect(transient.matches(status: 502, code: nil))
        #expect(transient.matches(status: 504, code: "anything"))
        #expect(transient.matches(status: 503, code: "E_BUSY"))
        #expect(!transient.matches(status: 503, code: "E_MAINTENANCE"))
        #expect(!transient.matches(status: 500, code: nil))
    }
}
