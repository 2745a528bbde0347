import HuitongCore
import Testing

@testable import HuitongPlatforms

/// Signatures compared with values computed independently, by Python 3's `hmac` and
/// `hashlib` (OpenSSL's SHA-256 and SM3), from the contracts' definitions:
///
///     stringToSign = METHOD \n PATH_AND_QUERY \n X-Timestamp \n X-Nonce \n hex(HASH(body))
///     X-Signature  = hex(HMAC(appSecret, stringToSign))
///
/// The app key and secret are the vectors' inputs, written out as they were computed: they are
/// the sandbox's defaults, but the vectors must not change if those do (so no `SandboxCredentials`).
@Suite struct SigningVectorTests {
    static let body = Array(#"{"batchId":"b-0001","schemaVersion":"1.0","sentAt":"2026-11-29 10:00:00","upserts":[],"deletes":["320613-RF-0042"]}"#.utf8)
    static let path = "/exchange/api/v1/exchange/rfgc/batches"

    func signer(_ algorithm: SigningAlgorithm) throws -> RequestSigner {
        let profile = try PlatformProfile.bundled("province")
        return RequestSigner(
            scheme: try #require(profile.signing), algorithm: algorithm, secret: Secret("sandbox-province-secret"),
            lookup: { name in
                switch name {
                case "credential.app_key": .string("huitong-sandbox")
                case "option.sign_method": .string(algorithm.rawValue)
                default: nil
                }
            }
        )
    }

    @Test func provinceHMACSHA256MatchesTheHandComputedVector() throws {
        let signature = try signer(.hmacSHA256).sign(
            method: "POST", pathAndQuery: Self.path, body: Self.body,
            timestamp: Timestamp(millisecondsSinceEpoch: 1_764_381_600_000), nonce: "Abc123Def456Ghi789"
        )
        #expect(signature.stringToSign == "POST\n\(Self.path)\n1764381600000\nAbc123Def456Ghi789\n9f8753ea1e334452510ba5fea124c926642dc002cd8e3dcea695d4e7d1ebb4b2")
        #expect(signature.signature == "9c739a5d5af66dd4a8af672f05a1b5c0f0c9344e15a2bb0c6a1718c2ce607a8a")
        #expect(signature.headers == [
            HTTPHeaderLine(name: "X-App-Key", value: "huitong-sandbox"),
            HTTPHeaderLine(name: "X-Timestamp", value: "1764381600000"),
            HTTPHeaderLine(name: "X-Nonce", value: "Abc123Def456Ghi789"),
            HTTPHeaderLine(name: "X-Sign-Method", value: "HMAC-SHA256"),
            HTTPHeaderLine(name: "X-Signature", value: "9c739a5d5af66dd4a8af672f05a1b5c0f0c9344e15a2bb0c6a1718c2ce607a8a"),
        ])
    }

    @Test func provinceHMACSM3HashesTheBodyWithSM3Too() throws {
        let signature = try signer(.hmacSM3).sign(
            method: "POST", pathAndQuery: Self.path, body: Self.body,
            timestamp: Timestamp(millisecondsSinceEpoch: 1_764_381_600_000), nonce: "Abc123Def456Ghi789"
        )
        #expect(signature.stringToSign.hasSuffix("\nfb7e8ba67d9d3fb262d20e4a7f7c253dbdeac7a65ccab4b34a24670fd7db3e49"))
        #expect(signature.signature == "75d4ea28e2fc81405c03b3e6e36b7f1836652f82cea624d66006b40304c5790e")
        #expect(signature.headers.first { $0.name == "X-Sign-Method" }?.value == "HMAC-SM3")
    }

    @Test func aGetSignsItsQueryAndTheHashOfTheEmptyBody() throws {
        let signature = try signer(.hmacSHA256).sign(
            method: "get", pathAndQuery: "/exchange/api/v1/exchange/jbsm/records?page=2&pageSize=1000&test=true", body: [],
            timestamp: Timestamp(millisecondsSinceEpoch: 1_764_381_600_000), nonce: "NonceNonceNonce1"
        )
        #expect(signature.stringToSign.hasPrefix("GET\n"))
        #expect(signature.signature == "0df27737f2f50d463377e43048b90d51123f2fe3595e8782352990d04886660b")
    }

    @Test func cityBodyDigestIsTheSM3OfTheBodyBytes() throws {
        let profile = try PlatformProfile.bundled("city")
        let digest = try #require(profile.bodyDigest)
        #expect(digest.header == "X-Content-SM3")
        #expect(digest.algorithm.hex(of: Array(#"[{"id":"320613-RF-0042","name":"崇川一号"}]"#.utf8)) == "fea7f517f6bc60191dae1502e355aadba0b55cb56cfe4a7409cb20470b61424f")
        #expect(digest.algorithm.hex(of: []) == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b")
    }

    @Test func noncesAreAlphanumericOfTheDeclaredLengthAndDoNotRepeat() {
        let nonces = (0..<1000).map { _ in NonceSource.make(length: 32) }
        #expect(Set(nonces).count == 1000)
        #expect(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
    }
}
