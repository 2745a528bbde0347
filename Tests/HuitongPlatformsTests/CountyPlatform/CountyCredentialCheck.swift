import Foundation
import HuitongCore
import HuitongHTTPServer

/// The county's §2 checks, written from the interface text and not from the connector: HTTP
/// Basic, then the `X-County-Signature` header
///
///     HMAC-SM3 keyId=<id>,ts=<Unix seconds>,nonce=<16 of [A-Za-z0-9]>,signature=<base64>
///
/// over `keyId|ts|nonce|METHOD|PATH_AND_QUERY|hex(SHA-256(body))`, the MAC computed here with
/// HuitongCore's `HMAC<SM3>` and written in base64 by Foundation.
struct CountyCredentialCheck: Sendable {
    var users: [String: String]
    var signingKeys: [String: String]
    var toleranceSeconds: Int64 = 300

    /// The parts of a signature header that passed.
    struct Signed: Sendable {
        var keyId: String
        var nonce: String
    }

    func verifyBasic(_ request: ServerRequest) throws(CountyError) {
        guard let header = request.header("Authorization"), header.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6))),
              let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":") else {
            throw CountyError(status: 401, code: "E_AUTH", text: "send the account in HTTP Basic (Authorization: Basic …)")
        }
        let user = String(pair[..<colon]), password = String(pair[pair.index(after: colon)...])
        guard let expected = users[user], expected == password else {
            throw CountyError(status: 401, code: "E_AUTH", text: "unknown account or wrong password")
        }
    }

    func verifySignature(_ request: ServerRequest, now: Timestamp) throws(CountyError) -> Signed {
        guard let header = request.header("X-County-Signature"), header.hasPrefix("HMAC-SM3 ") else {
            throw CountyError(status: 401, code: "E_SIGNATURE", text: "X-County-Signature is missing or not HMAC-SM3")
        }
        var parts: [String: String] = [:]
        for pair in header.dropFirst(9).split(separator: ",") {
            let halves = pair.split(separator: "=", maxSplits: 1)
            guard halves.count == 2 else { continue }
            parts[String(halves[0])] = String(halves[1])
        }
        guard let keyId = parts["keyId"], let ts = parts["ts"], let nonce = parts["nonce"], let signature = parts["signature"] else {
            throw CountyError(status: 401, code: "E_SIGNATURE", text: "X-County-Signature needs keyId, ts, nonce and signature")
        }
        guard let secret = signingKeys[keyId] else {
            throw CountyError(status: 401, code: "E_SIGNATURE", text: "keyId \(keyId) is not issued")
        }
        guard ts.count == 10, ts.allSatisfy(\.isASCIIDigit), let seconds = Int64(ts) else {
            throw CountyError(status: 401, code: "E_SIGNATURE", text: "ts \(ts) is not Unix time in seconds")
        }
        guard abs(seconds - now.secondsSinceEpoch) <= toleranceSeconds else {
            throw CountyError(status: 401, code: "E_CLOCK_SKEW", text: "ts is outside ±\(toleranceSeconds) s of the server clock; sign again")
        }
        guard nonce.count == 16, nonce.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw CountyError(status: 401, code: "E_SIGNATURE", text: "nonce must be 16 of [A-Za-z0-9]")
        }
        let stringToSign = Self.stringToSign(
            keyId: keyId, ts: ts, nonce: nonce, method: request.method, target: request.target, body: request.body
        )
        let expected = Data(HMAC<SM3>.authenticationCode(for: stringToSign, key: secret).bytes).base64EncodedString()
        guard Digest(bytes: Array(signature.utf8)).constantTimeEquals(Digest(bytes: Array(expected.utf8))) else {
            throw CountyError(status: 401, code: "E_SIGNATURE", text: "signature does not match; the server signed \"\(stringToSign)\"")
        }
        return Signed(keyId: keyId, nonce: nonce)
    }

    static func stringToSign(keyId: String, ts: String, nonce: String, method: String, target: String, body: [UInt8]) -> String {
        [keyId, ts, nonce, method, target, SHA256.hash(body).hex].joined(separator: "|")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
