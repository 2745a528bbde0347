import HuitongCore
import HuitongHTTPServer

/// The request signature of contract §2, checked the way the province checks it.
///
/// The checks run in this order, and the first failure answers:
/// 1. `X-App-Key` is issued (4013) — nothing else can be checked without its secret;
/// 2. `X-Timestamp` is decimal milliseconds within the window of the server clock (4011);
/// 3. `X-Sign-Method` is known and `X-Signature` is right (4010);
/// 4. `X-Nonce` is well formed and fresh for this app key (4012) — done by the platform under
///    its lock, only after 1–3 passed, so a forged or stale request never burns a nonce.
///
/// A malformed nonce is answered 4012 (the code the contract gives the nonce header), but only
/// after the signature check, so the order above holds for every header.
struct ProvinceSignatureCheck: Sendable {
    /// The hash behind the signature: `HMAC-SHA256` (the default when the header is absent) or `HMAC-SM3`.
    enum Method: String, Sendable {
        case hmacSHA256 = "HMAC-SHA256"
        case hmacSM3 = "HMAC-SM3"

        /// Lowercase hex of the body's hash, the last line of the string to sign.
        func bodyHash(_ body: [UInt8]) -> String {
            switch self {
            case .hmacSHA256: SHA256.hash(body).hex
            case .hmacSM3: SM3.hash(body).hex
            }
        }

        /// Lowercase hex of HMAC(secret, message).
        func signature(of message: String, secret: String) -> String {
            switch self {
            case .hmacSHA256: HMAC<SHA256>.authenticationCode(for: message, key: secret).hex
            case .hmacSM3: HMAC<SM3>.authenticationCode(for: message, key: secret).hex
            }
        }
    }

    /// Who sent a request that passed checks 1–3, and the nonce still to be checked.
    struct Sender: Sendable {
        var appKey: String
        var nonce: String
    }

    var appSecrets: [String: String]
    var timestampToleranceMilliseconds: Int64

    /// `METHOD\nPATH_AND_QUERY\nX-Timestamp\nX-Nonce\nhex(HASH(body))`, with the target exactly as
    /// it came on the request line.
    static func stringToSign(
        method: String, target: String, timestamp: String, nonce: String, bodyHash: String
    ) -> String {
        [method, target, timestamp, nonce, bodyHash].joined(separator: "\n")
    }

    /// Runs checks 1–3 against the server time `now`.
    func verify(_ request: ServerRequest, now: Timestamp) throws(ProvinceError) -> Sender {
        guard let appKey = request.header("X-App-Key"), !appKey.isEmpty else {
            throw .unknownAppKey("X-App-Key is missing; every request must be signed (contract §2)")
        }
        guard let secret = appSecrets[appKey] else {
            throw .unknownAppKey("app key '\(appKey)' is not issued by this platform; check the configured app key")
        }

        guard let timestampText = request.header("X-Timestamp") else {
            throw .badTimestamp("X-Timestamp is missing; send Unix time in milliseconds")
        }
        guard !timestampText.isEmpty, timestampText.utf8.count <= 18, timestampText.utf8.allSatisfy(Self.isDigit),
              let timestamp = Int64(timestampText)
        else {
            throw .badTimestamp("X-Timestamp '\(timestampText)' is not Unix time in milliseconds (decimal digits only)")
        }
        let distance = timestamp - now.millisecondsSinceEpoch
        guard abs(distance) <= timestampToleranceMilliseconds else {
            let seconds = distance / 1_000
            var message = "X-Timestamp is \(abs(seconds)) s \(distance < 0 ? "behind" : "ahead of") the server clock "
                + "(\(now.millisecondsSinceEpoch) ms); at most \(timestampToleranceMilliseconds / 1_000) s are allowed. "
                + "Re-sign with the current time"
            if timestampText.utf8.count <= 11 { message += " (in milliseconds, not seconds)" }
            throw .badTimestamp(message)
        }

        let methodName = request.header("X-Sign-Method") ?? Method.hmacSHA256.rawValue
        guard let method = Method(rawValue: methodName) else {
            throw .badSignature("X-Sign-Method '\(methodName)' is not supported; use HMAC-SHA256 or HMAC-SM3")
        }
        guard let signature = request.header("X-Signature"), !signature.isEmpty else {
            throw .badSignature("X-Signature is missing")
        }
        let nonce = request.header("X-Nonce") ?? ""
        let message = Self.stringToSign(
            method: request.method, target: request.target, timestamp: timestampText, nonce: nonce,
            bodyHash: method.bodyHash(request.body)
        )
        let expected = method.signature(of: message, secret: secret)
        guard Self.constantTimeEquals(Array(signature.utf8), Array(expected.utf8)) else {
            let hint = if signature.utf8.count != expected.utf8.count {
                " (expected \(expected.utf8.count) lowercase hex digits)"
            } else if signature != signature.lowercased() {
                " (the signature must be lowercase hex)"
            } else {
                ""
            }
            let shown = message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
            throw .badSignature("X-Signature does not match\(hint); the server signed \"\(shown)\" with \(method.rawValue)")
        }
        return Sender(appKey: appKey, nonce: nonce)
    }

    /// Whether `nonce` has the contract's shape: 16 to 64 of `[A-Za-z0-9]`.
    static func isWellFormedNonce(_ nonce: String) -> Bool {
        (16...64).contains(nonce.utf8.count) && nonce.utf8.allSatisfy { isDigit($0) || isLetter($0) }
    }

    /// Equal-length byte strings compared without an early exit, so timing does not tell an
    /// attacker how much of a guessed signature was right. Only the length, which is public
    /// (64 hex digits for both methods), may end the comparison early.
    static func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
