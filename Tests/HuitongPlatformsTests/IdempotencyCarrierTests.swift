import HuitongCore
import HuitongTransport
import Testing

@testable import HuitongPlatforms

/// `push.idempotency`: the batch's key in a header, in an envelope field, or in both at once,
/// with the same value everywhere.
@Suite struct IdempotencyCarrierTests {
    static func profile(body: String = #"{envelope: {requestId: "{idempotency_key}", items: "{items}"}}"#, idempotency: String) -> String {
        """
        platform: keyed
        answer: {success: {status: [200]}}
        push:
          path: /items/{dataset}
          body: \(body)
          idempotency: \(idempotency)
        datasets: {things: {key: [id]}}
        """
    }

    @Test func aHeaderAndTheEnvelopeMayBothCarryTheKey() throws {
        let profile = try PlatformProfileLoader.load(text: Self.profile(idempotency: "{header: X-Idempotency-Key, in: envelope, length: 32}"), fileName: "keyed.yaml")
        #expect(profile.push.idempotency == .headerAndEnvelope("X-Idempotency-Key", length: 32))
        #expect(profile.push.idempotency.header == "X-Idempotency-Key" && profile.push.idempotency.inEnvelope)
    }

    @Test func aBatchRequestCarriesTheSameKeyInTheHeaderAndInTheEnvelopeField() async throws {
        let connector = try scriptedConnector(Self.profile(idempotency: "{header: X-Idempotency-Key, in: envelope}"))
        var planner = try connector.planner(dataset: "things", test: false, scope: "run-1")
        _ = planner.add(OutgoingRecord(key: "T-1", payload: ["id": "T-1"]))
        let sealed = planner.finish()
        let batch = try #require(sealed)
        let request = try await connector.wireRequest(for: batch)
        #expect(batch.idempotencyKey.count == 40)
        #expect(request.headers.value(of: "X-Idempotency-Key") == batch.idempotencyKey)
        #expect(try JSONReader().value(from: request.body)["requestId"] == .string(batch.idempotencyKey))
    }

    @Test func theEnvelopeMustHoldTheKeyItIsSaidToCarry() {
        let body = #"{envelope: {items: "{items}"}}"#
        #expect(profileErrors(Self.profile(body: body, idempotency: "{header: X-Idempotency-Key, in: envelope}")).contains {
            $0.contains("idempotency is in the envelope, but the envelope has no {idempotency_key}")
        })
        #expect(profileErrors(Self.profile(body: "{array: upserts}", idempotency: "{header: X-Idempotency-Key, in: envelope}")).contains {
            $0.hasPrefix("broken.yaml:6:") && $0.contains("in: envelope, but the body is a bare array")
        })
    }

    @Test func anUnknownCarrierIsRefusedWithTheNearestName() {
        let found = profileErrors(Self.profile(idempotency: "{header: X-Idempotency-Key, in: envelop}"))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains(#"unknown idempotency carrier "envelop"; did you mean "envelope"?"#) == true, "\(found)")
    }

    @Test func withAHeaderTooTheBodyMustBeByteIdenticalOnResend() {
        let body = #"{envelope: {requestId: "{idempotency_key}", at: "{now:epoch_ms}", items: "{items}"}}"#
        #expect(profileErrors(Self.profile(body: body, idempotency: "{header: X-Idempotency-Key, in: envelope}")).contains {
            $0.contains("byte-identical on resend")
        })
    }
}
