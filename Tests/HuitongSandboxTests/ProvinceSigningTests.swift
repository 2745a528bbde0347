import HuitongCore
import HuitongHTTPServer
import Testing
@testable import HuitongSandbox

@Suite("Province signing (contract §2)")
struct ProvinceSigningTests {
    let ping = "/exchange/api/v1/ping"

    @Test("a request signed with HMAC-SHA256 and no X-Sign-Method header is accepted")
    func defaultMethodAccepted() throws {
        let fixture = ProvinceFixture()
        let answer = try fixture.send("GET", ping)
        #expect(answer.status == 200)
        #expect(answer.code == 0)
    }

    @Test("a request signed with HMAC-SM3 is accepted")
    func sm3Accepted() throws {
        var fixture = ProvinceFixture()
        fixture.signer.signMethod = "HMAC-SM3"
        let answer = try fixture.post("rfgc", ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc()]))
        #expect(answer.status == 200)
        #expect(answer.data["accepted"] == 1)
    }

    @Test("an explicit X-Sign-Method of HMAC-SHA256 is accepted")
    func explicitSHA256Accepted() throws {
        var fixture = ProvinceFixture()
        fixture.signer.signMethod = "HMAC-SHA256"
        #expect(try fixture.send("GET", ping).code == 0)
    }

    @Test("a wrong signature is refused with 401 and code 4010")
    func wrongSignature() throws {
        var fixture = ProvinceFixture()
        fixture.signer.secret = "not-the-secret"
        let answer = try fixture.send("GET", ping)
        #expect(answer.status == 401)
        #expect(answer.code == 4010)
        #expect(answer.data == .null)
    }

    @Test("an unknown X-Sign-Method is refused with 4010")
    func unknownSignMethod() throws {
        var fixture = ProvinceFixture()
        fixture.signer.signMethod = "HMAC-MD5"
        let answer = try fixture.send("GET", ping)
        #expect(answer.code == 4010)
        #expect(answer.message.contains("HMAC-MD5"))
    }

    @Test("a missing X-Signature is refused with 4010")
    func missingSignature() throws {
        let fixture = ProvinceFixture()
        var request = fixture.signer.request("GET", ping, time: fixture.clock.now())
        request.headers.removeAll { $0.name == "X-Signature" }
        #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 4010)
    }

    @Test("an upper-case hex signature is refused: the contract asks for lower case")
    func upperCaseSignature() throws {
        let fixture = ProvinceFixture()
        var request = fixture.signer.request("GET", ping, time: fixture.clock.now())
        let index = try #require(request.headers.firstIndex { $0.name == "X-Signature" })
        request.headers[index].value = request.headers[index].value.uppercased()
        let answer = try ProvinceAnswer(fixture.platform.handle(request))
        #expect(answer.code == 4010)
        #expect(answer.message.contains("lowercase"))
    }

    @Test("the signature covers the query string exactly as on the request line")
    func signatureCoversQuery() throws {
        let fixture = ProvinceFixture()
        let signedFor = "/exchange/api/v1/exchange/rfgc/records?page=1&pageSize=500"
        var request = fixture.signer.request("GET", signedFor, time: fixture.clock.now())
        request.target = "/exchange/api/v1/exchange/rfgc/records?pageSize=500&page=1"
        #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 4010)
        request.target = signedFor
        #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 0)
    }

    @Test("the signature covers the body: a changed body is refused with 4010")
    func signatureCoversBody() throws {
        let fixture = ProvinceFixture()
        let body = try JSONWriter().bytes(for: ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc()]))
        var request = fixture.signer.request("POST", "/exchange/api/v1/exchange/rfgc/batches", body: body, time: fixture.clock.now())
        request.body = try JSONWriter().bytes(for: ProvinceBatches.batch(upserts: [ProvinceBatches.rfgc("OTHER")]))
        #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 4010)
    }

    @Test("a timestamp more than 300 s old is refused with 4011")
    func staleTimestamp() throws {
        let fixture = ProvinceFixture()
        let request = fixture.signer.request("GET", ping, time: fixture.clock.now().adding(milliseconds: -300_001))
        let answer = try ProvinceAnswer(fixture.platform.handle(request))
        #expect(answer.status == 401)
        #expect(answer.code == 4011)
    }

    @Test("a timestamp exactly 300 s away, before or after, is still accepted")
    func timestampWindowEdges() throws {
        let fixture = ProvinceFixture()
        for offset: Int64 in [-300_000, 300_000] {
            let request = fixture.signer.request("GET", ping, time: fixture.clock.now().adding(milliseconds: offset))
            #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 0)
        }
    }

    @Test("a timestamp in seconds instead of milliseconds is refused with 4011 and a hint")
    func timestampInSeconds() throws {
        let fixture = ProvinceFixture()
        let seconds = Timestamp(millisecondsSinceEpoch: fixture.clock.now().secondsSinceEpoch)
        let answer = try ProvinceAnswer(fixture.platform.handle(fixture.signer.request("GET", ping, time: seconds)))
        #expect(answer.code == 4011)
        #expect(answer.message.contains("milliseconds"))
    }

    @Test("a skewed server clock refuses a client whose time is 400 s behind it")
    func skewedServerClock() throws {
        let clientClock = ManualClock(ProvinceFixture.start)
        let serverClock = SandboxClock(base: clientClock, skewMilliseconds: 400_000)
        let platform = ProvincePlatform(configuration: .init(appSecrets: ProvinceFixture.secrets, clock: serverClock))
        let signer = ProvinceSigner()
        #expect(try ProvinceAnswer(platform.handle(signer.request("GET", ping, time: clientClock.now()))).code == 4011)
        serverClock.setSkew(milliseconds: 0)
        #expect(try ProvinceAnswer(platform.handle(signer.request("GET", ping, time: clientClock.now()))).code == 0)
    }

    @Test("a nonce used again by the same app key within 10 minutes is refused with 4012")
    func reusedNonce() throws {
        let fixture = ProvinceFixture()
        let nonce = ProvinceSigner.newNonce()
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 0)
        fixture.clock.advance(milliseconds: 9 * 60_000)
        let answer = try fixture.send("GET", ping, nonce: nonce)
        #expect(answer.status == 401)
        #expect(answer.code == 4012)
    }

    @Test("a nonce may be used again once 10 minutes have passed")
    func nonceExpires() throws {
        let fixture = ProvinceFixture()
        let nonce = ProvinceSigner.newNonce()
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 0)
        fixture.clock.advance(milliseconds: 10 * 60_000)
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 0)
    }

    @Test("the same nonce from two app keys is two different nonces")
    func noncePerAppKey() throws {
        var fixture = ProvinceFixture()
        let nonce = ProvinceSigner.newNonce()
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 0)
        fixture.signer = ProvinceSigner(appKey: "suzhou-city", secret: "suzhou-secret-0002")
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 0)
    }

    @Test("a forged request does not burn its nonce: the genuine one with that nonce still passes")
    func forgeryDoesNotBurnNonce() throws {
        var fixture = ProvinceFixture()
        let nonce = ProvinceSigner.newNonce()
        let genuine = fixture.signer
        fixture.signer.secret = "guessed-secret"
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 4010)
        fixture.signer = genuine
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 0)
    }

    @Test("a stale request does not burn its nonce either")
    func staleDoesNotBurnNonce() throws {
        let fixture = ProvinceFixture()
        let nonce = ProvinceSigner.newNonce()
        let stale = fixture.signer.request("GET", ping, time: fixture.clock.now().adding(milliseconds: -600_000), nonce: nonce)
        #expect(try ProvinceAnswer(fixture.platform.handle(stale)).code == 4011)
        #expect(try fixture.send("GET", ping, nonce: nonce).code == 0)
    }

    @Test("a correctly signed nonce of the wrong shape is refused with 4012")
    func malformedNonce() throws {
        let fixture = ProvinceFixture()
        for nonce in ["short123", "has-a-dash-0123456789", String(repeating: "a", count: 65)] {
            #expect(try fixture.send("GET", ping, nonce: nonce).code == 4012, "nonce \(nonce)")
        }
        #expect(try fixture.send("GET", ping, nonce: String(repeating: "a", count: 16)).code == 0)
    }

    @Test("an unknown app key is refused with 4013, a missing one too")
    func unknownAppKey() throws {
        var fixture = ProvinceFixture()
        fixture.signer.appKey = "wuxi-city"
        let answer = try fixture.send("GET", ping)
        #expect(answer.status == 401)
        #expect(answer.code == 4013)

        var request = ProvinceSigner().request("GET", ping, time: fixture.clock.now())
        request.headers.removeAll { $0.name == "X-App-Key" }
        #expect(try ProvinceAnswer(fixture.platform.handle(request)).code == 4013)
    }

    @Test("the app key is checked before the timestamp, the timestamp before the signature")
    func checkOrder() throws {
        let fixture = ProvinceFixture()
        let old = fixture.clock.now().adding(milliseconds: -3_600_000)
        var stranger = ProvinceSigner(appKey: "wuxi-city", secret: "wrong")
        #expect(try ProvinceAnswer(fixture.platform.handle(stranger.request("GET", ping, time: old))).code == 4013)
        stranger.appKey = "nantong-city"
        #expect(try ProvinceAnswer(fixture.platform.handle(stranger.request("GET", ping, time: old))).code == 4011)
    }

    @Test("the nonce memory forgets what is older than the window, so it stays bounded")
    func nonceMemoryBounded() throws {
        let fixture = ProvinceFixture()
        for _ in 0..<20 { #expect(try fixture.send("GET", ping).code == 0) }
        #expect(fixture.platform.snapshot(includeRecords: false)["rememberedNonces"] == 20)
        fixture.clock.advance(milliseconds: 10 * 60_000 + 1)
        #expect(try fixture.send("GET", ping).code == 0)
        #expect(fixture.platform.snapshot(includeRecords: false)["rememberedNonces"] == 1)
    }

    @Test("signatures compare in constant time over equal lengths, and unequal lengths never match")
    func constantTimeComparison() {
        #expect(ProvinceSignatureCheck.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ProvinceSignatureCheck.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ProvinceSignatureCheck.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
    }
}
