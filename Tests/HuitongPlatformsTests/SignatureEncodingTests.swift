import HuitongCore
import Testing

@testable import HuitongPlatforms
import Foundation
import FoundationEssentials
import HuitongYAML

/// `signing: {encoding: base64}`: the HMAC written in base64, as `Authorization: HMAC-SM3
/// keyId=…,signature=…`-style headers carry it. The vector was computed independently with
/// Python 3's `hmac`, `hashlib` (OpenSSL's SM3 and SHA-256) and `base64` from the county
/// fixture profile's definition:
///
///     stringToSign = keyId | ts (seconds) | nonce | METHOD | PATH_AND_QUERY | hex(SHA-256(body))
///     signature    = base64(HMAC-SM3(signSecret, stringToSign))
@Suite struct SignatureEncodingTests {
    static let body = Array(#"{"requestId":"0123456789abcdef0123456789abcdef","dataset":"refuges","count":1,"items":[{"op":"delete","ref":"320613-RF-0042"}]}"#.utf8)

    func countySigner() throws -> RequestSigner {
        let profile = try CountyTestBed.profile()
        return RequestSigner(
            scheme: try #require(profile.signing), algorithm: .hmacSM3, secret: Secret("county-sign-secret"),
            lookup: { $0 == "credential.key_id" ? .string("hub-key-1") : nil }
        )
    }

    @Test func aBase64SignatureMatchesTheHandComputedVector() throws {
        let signature = try countySigner().sign(
            method: "PUT", pathAndQuery: "/ema/api/v3/datasets/refuges/sync", body: Self.body,
            timestamp: Timestamp(millisecondsSinceEpoch: 1_764_381_600_123), nonce: "Abc123Def456Ghi7"
        )
        #expect(signature.stringToSign == "hub-key-1|1764381600|Abc123Def456Ghi7|PUT|/ema/api/v3/datasets/refuges/sync|6e9c455ab402219c4461bc649c81147c58c8e6f7ca1a45b3bda5d0ff9e7d9098")
        #expect(signature.signature == "lCDo8/zcsSFYK0JP6rAWRPkJcNqzZcmpKpKHMgA9hmY=")
        #expect(signature.headers == [HTTPHeaderLine(
            name: "X-County-Signature",
            value: "HMAC-SM3 keyId=hub-key-1,ts=1764381600,nonce=Abc123Def456Ghi7,signature=lCDo8/zcsSFYK0JP6rAWRPkJcNqzZcmpKpKHMgA9hmY="
        )])
    }

    @Test func hexStaysTheDefault() throws {
        #expect(try PlatformProfile.bundled("province").signing?.encoding == .hex)
    }

    @Test func base64FollowsRFC4648() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (text, expected) in vectors {
            #expect(SignatureEncoding.base64.text(of: Digest(bytes: Array(text.utf8))) == expected)
        }
        #expect(SignatureEncoding.hex.text(of: Digest(bytes: [0x00, 0xAB, 0xFF])) == "00abff")
    }

    @Test func anUnknownEncodingIsALoadErrorAtItsValue() throws {
        let original = try String(contentsOfFile: CountyTestBed.profilePath, encoding: .utf8)
        let line = try #require(original.components(separatedBy: "\n").firstIndex(of: "  encoding: base64")) + 1
        let text = original.replacingOccurrences(of: "  encoding: base64\n", with: "  encoding: base32\n")
        #expect {
            try PlatformProfileLoader.load(text: text, fileName: "county.yaml")
        } throws: { error in
            let errors = (error as? PlatformProfileFailure)?.errors ?? []
            return errors.count == 1 && errors[0].description.hasPrefix("county.yaml:\(line):13: encoding is hex or base64")
        }
    }
}
