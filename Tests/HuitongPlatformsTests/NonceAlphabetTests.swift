import HuitongCore
import HuitongTransport
import Testing

@testable import HuitongPlatforms

/// `signing.nonce.alphabet`: a platform that wants its nonce in lower-case hex or digits says
/// so in YAML; without it the nonce is `[A-Za-z0-9]`, as before.
@Suite struct NonceAlphabetTests {
    static func profile(nonce: String) -> String {
        """
        platform: noncer
        credentials:
          secret: {secret: true}
        signing:
          algorithm: HMAC-SHA256
          secret: secret
          nonce: \(nonce)
          string_to_sign: ["{method}", "{path_and_query}", "{nonce}"]
          headers: {X-Nonce: "{nonce}", X-Signature: "{signature}"}
        answer: {success: {status: [200]}}
        push: {path: "/items/{dataset}", body: {array: upserts}}
        datasets: {things: {key: [id]}}
        """
    }

    static let characters: [NonceAlphabet: Set<Character>] = [
        .alphanumeric: Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
        .hex: Set("0123456789abcdef"),
        .digits: Set("0123456789"),
    ]

    @Test(arguments: NonceAlphabet.allCases)
    func noncesAreDrawnFromTheirAlphabetOnlyAndDoNotRepeat(_ alphabet: NonceAlphabet) {
        let nonces = (0..<500).map { _ in NonceSource.make(length: 32, alphabet: alphabet) }
        #expect(Set(nonces).count == 500)
        #expect(nonces.allSatisfy { $0.count == 32 && Set($0).isSubset(of: Self.characters[alphabet]!) })
        // 16 000 draws reach every character of the alphabet.
        #expect(Set(nonces.joined()) == Self.characters[alphabet]!)
    }

    @Test func theProfileChoosesTheAlphabetAndTheLength() throws {
        let hex = try PlatformProfileLoader.load(text: Self.profile(nonce: "{length: 24, alphabet: hex}"), fileName: "noncer.yaml")
        #expect(hex.signing?.nonceAlphabet == .hex && hex.signing?.nonceLength == 24)
        let digits = try PlatformProfileLoader.load(text: Self.profile(nonce: "{alphabet: digits}"), fileName: "noncer.yaml")
        #expect(digits.signing?.nonceAlphabet == .digits && digits.signing?.nonceLength == 32)
    }

    @Test func withoutAnAlphabetTheNonceIsAlphanumericAsTheProvinceWantsIt() throws {
        let plain = try PlatformProfileLoader.load(text: Self.profile(nonce: "{length: 16}"), fileName: "noncer.yaml")
        #expect(plain.signing?.nonceAlphabet == .alphanumeric)
        #expect(try PlatformProfile.bundled("province").signing?.nonceAlphabet == .alphanumeric)
    }

    @Test func anUnknownAlphabetIsRefusedAtItsLineAndColumnWithTheNearestName() {
        let found = profileErrors(Self.profile(nonce: "{length: 24, alphabet: hexa}"))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("broken.yaml:7:33: ") == true, "\(found)")
        #expect(found.first?.contains(#"unknown nonce alphabet "hexa"; did you mean "hex"? use alphanumeric, hex, digits"#) == true, "\(found)")
    }

    @Test(arguments: [(NonceAlphabet.hex, 24), (.digits, 12), (.alphanumeric, 40)])
    func aSignedRequestCarriesAndSignsANonceOfTheProfilesAlphabet(_ alphabet: NonceAlphabet, _ length: Int) throws {
        let connector = try scriptedConnector(
            Self.profile(nonce: "{length: \(length), alphabet: \(alphabet.rawValue)}"), credentials: ["secret": Secret("s")]
        )
        let request = try connector.buildHTTPRequest(PlannedRequest(method: "GET", path: "/items/things", test: false), token: nil)
        let nonce = try #require(request.headers.value(of: "X-Nonce"))
        #expect(nonce.count == length && Set(nonce).isSubset(of: Self.characters[alphabet]!), "\(nonce)")
        let signature = HMAC<SHA256>.authenticationCode(for: "GET\n/base/items/things\n\(nonce)", key: "s").hex
        #expect(request.headers.value(of: "X-Signature") == signature, "the nonce sent is the nonce signed")
    }
}
