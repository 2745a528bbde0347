import HuitongCore

/// Builds the signing headers of one attempt: the string to sign from method, path and
/// query as sent, timestamp, nonce and body hash; HMAC-SHA256 or HMAC-SM3 over it, written
/// as the scheme's encoding says (hex or base64).
struct RequestSigner: Sendable {
    let scheme: SigningScheme
    let algorithm: SigningAlgorithm
    let secret: Secret
    let lookup: @Sendable (String) -> Value?

    /// The values of one signature, kept apart so tests can compare them with hand-computed ones.
    struct Signature: Sendable, Equatable {
        var stringToSign: String
        var signature: String
        var headers: [HTTPHeaderLine]
    }

    func sign(method: String, pathAndQuery: String, body: [UInt8], timestamp: Timestamp, nonce: String) throws(TemplateVariableMissing) -> Signature {
        let bodyHash = (scheme.bodyHash ?? algorithm.bodyHash).hex(of: body)
        let stamp = scheme.timestampInMilliseconds ? String(timestamp.millisecondsSinceEpoch) : String(timestamp.secondsSinceEpoch)
        let variables: [String: Value] = [
            "method": .string(method.uppercased()), "path_and_query": .string(pathAndQuery),
            "timestamp": .string(stamp), "nonce": .string(nonce), "body_hash": .string(bodyHash),
        ]
        let resolve: (String) -> Value? = { variables[$0] ?? lookup($0) }
        var parts: [String] = []
        for part in scheme.stringToSign { parts.append(try part.renderText(resolve)) }
        let stringToSign = parts.joined(separator: scheme.separator)
        let signature = scheme.encoding.text(of: algorithm.authenticationCode(for: stringToSign, key: secret.reveal()))
        let withSignature: (String) -> Value? = { $0 == "signature" ? .string(signature) : resolve($0) }
        var headers: [HTTPHeaderLine] = []
        for header in scheme.headers {
            headers.append(HTTPHeaderLine(name: header.name, value: try header.value.renderText(withSignature)))
        }
        return Signature(stringToSign: stringToSign, signature: signature, headers: headers)
    }
}

/// A header name and value, as the connector produces them.
struct HTTPHeaderLine: Sendable, Equatable {
    var name: String
    var value: String
}

extension SigningAlgorithm {
    var bodyHash: DigestAlgorithm {
        switch self {
        case .hmacSHA256: .sha256
        case .hmacSM3: .sm3
        }
    }

    /// The HMAC of `message` under `key` (both UTF-8).
    func authenticationCode(for message: String, key: String) -> Digest {
        switch self {
        case .hmacSHA256: HMAC<SHA256>.authenticationCode(for: message, key: key)
        case .hmacSM3: HMAC<SM3>.authenticationCode(for: message, key: key)
        }
    }
}

extension SignatureEncoding {
    func text(of code: Digest) -> String {
        switch self {
        case .hex: code.hex
        case .base64: Base64.encode(code.bytes)
        }
    }
}

/// Nonces from the system's secure generator, of the profile's alphabet (`[A-Za-z0-9]` unless
/// it says `hex` or `digits`).
enum NonceSource {
    static func make(length: Int, alphabet: NonceAlphabet = .alphanumeric) -> String {
        let characters = alphabet.characters
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(characters[Int(generator.next(upperBound: UInt64(characters.count)))]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
