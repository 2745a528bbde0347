import HuitongCore
import HuitongYAML
import Foundation

/// How requests prove who sends them: authentication, signing, body digests.
extension ProfileReader {
    mutating func readAuthentication(_ node: YAMLNode?) -> AuthenticationScheme {
        guard let node else { return .none }
        let fields = node.entries(allowing: [
            "kind", "header", "value", "username", "password", "request", "token", "expires_in",
            "default_lifetime_seconds", "renew_on", "refused", "rate_limit",
        ], what: "authentication", into: &errors)
        let kind = string(fields["kind"], required: node, key: "kind") ?? "none"
        switch kind {
        case "none":
            return .none
        case "bearer", "header":
            let header = string(fields["header"]) ?? "Authorization"
            guard let valueNode = fields["value"] else {
                errors.add(node.error(.missingKey, "\(kind) authentication needs value:, e.g. \"Bearer {credential.token}\""))
                return .none
            }
            return .staticHeader(HeaderTemplate(name: header, value: PlatformTemplate.load(from: valueNode, allowed: configured, into: &errors)))
        case "basic":
            guard let user = fields["username"], let password = fields["password"] else {
                errors.add(node.error(.missingKey, "basic authentication needs username: and password:"))
                return .none
            }
            return .basic(
                username: PlatformTemplate.load(from: user, allowed: configured, into: &errors),
                password: PlatformTemplate.load(from: password, allowed: configured, into: &errors)
            )
        case "token":
            guard let request = fields["request"] else {
                errors.add(node.error(.missingKey, "token authentication needs request: {method, path, body}"))
                return .none
            }
            let requestFields = request.entries(allowing: ["method", "path", "body"], what: "a token request", into: &errors)
            let path = requestPath(requestFields["path"], allowed: VariableNames([]), parent: request, key: "path") ?? "/"
            let body = requestFields["body"].map { PlatformTemplate.load(from: $0, allowed: configured, into: &errors) }
            guard let tokenPath = valuePath(fields["token"]) else {
                errors.add(node.error(.missingKey, "token authentication needs token: (where the token is in the answer)"))
                return .none
            }
            var rateLimit: (Int, Double)?
            if let limit = fields["rate_limit"] {
                let limitFields = limit.entries(allowing: ["requests", "per_seconds"], what: "a rate limit", into: &errors)
                rateLimit = (int(limitFields["requests"], min: 1, default: 10), max(1, double(limitFields["per_seconds"], default: 60)))
            }
            let valueTemplate = fields["value"].map {
                PlatformTemplate.load(from: $0, allowed: VariableNames(["token"]), into: &errors)
            } ?? .text([.literal("Bearer "), .variable("token")])
            return .tokenEndpoint(TokenEndpoint(
                method: method(requestFields["method"], default: "POST"), path: path, body: body,
                tokenPath: tokenPath, expiresInPath: valuePath(fields["expires_in"]),
                defaultLifetimeSeconds: int(fields["default_lifetime_seconds"], min: 1, default: 3600),
                header: string(fields["header"]) ?? "Authorization", value: valueTemplate,
                renewOn: match(fields["renew_on"]) ?? AnswerMatch(statuses: [401]),
                refused: match(fields["refused"]), rateLimit: rateLimit
            ))
        default:
            errors.add(fields["kind"]!.error(.invalidValue, "unknown authentication kind \"\(kind)\"; use none, bearer, header, basic or token"))
            return .none
        }
    }

    mutating func readSigning(_ node: YAMLNode) -> SigningScheme? {
        let fields = node.entries(allowing: [
            "algorithm", "secret", "timestamp", "nonce", "string_to_sign", "separator", "body_hash", "encoding", "headers",
        ], what: "signing", into: &errors)
        guard let algorithmNode = fields["algorithm"], let secret = string(fields["secret"], required: node, key: "secret"),
              let parts = fields["string_to_sign"]?.sequence else {
            errors.add(node.error(.missingKey, "signing needs algorithm:, secret: and string_to_sign: (a list)"))
            return nil
        }
        let algorithm = PlatformTemplate.load(from: algorithmNode, allowed: VariableNames([], prefixed: ["option.": optionNames]), into: &errors)
        if case let .constant(value) = algorithm, SigningAlgorithm(rawValue: PlatformTemplate.text(of: value)) == nil {
            errors.add(algorithmNode.error(.invalidValue, "unknown algorithm; use HMAC-SHA256 or HMAC-SM3"))
        }
        if !credentialNames.contains(secret) {
            errors.add(fields["secret"]!.error(.unknownReference, "secret names the credential that is the HMAC key; \"\(secret)\" is not among credentials: \(credentialNames.sorted().joined(separator: ", "))"))
        }
        var milliseconds = true
        if let unit = fields["timestamp"], let text = string(unit) {
            switch text {
            case "milliseconds": milliseconds = true
            case "seconds": milliseconds = false
            default: errors.add(unit.error(.invalidValue, "timestamp is milliseconds or seconds"))
            }
        }
        var nonceLength = 32
        var nonceAlphabet = NonceAlphabet.alphanumeric
        if let nonce = fields["nonce"] {
            let nonceFields = nonce.entries(allowing: ["length", "alphabet"], what: "nonce", into: &errors)
            nonceLength = int(nonceFields["length"], min: 8, default: 32)
            if nonceLength > 64 { errors.add(nonce.error(.valueOutOfRange, "a nonce is at most 64 characters")) }
            if let name = choice(nonceFields["alphabet"], among: NonceAlphabet.allCases.map(\.rawValue), what: "nonce alphabet") {
                nonceAlphabet = NonceAlphabet(rawValue: name)!
            }
        }
        let requestVariables = configured.adding(["method", "path_and_query", "timestamp", "nonce", "body_hash"])
        let stringToSign = parts.map { PlatformTemplate.load(from: $0, allowed: requestVariables, into: &errors) }
        var bodyHash: DigestAlgorithm?
        if let hashNode = fields["body_hash"], let text = string(hashNode) {
            bodyHash = DigestAlgorithm(rawValue: text.uppercased().replacingOccurrences(of: "-", with: ""))
            if bodyHash == nil { errors.add(hashNode.error(.invalidValue, "body_hash is SHA256 or SM3")) }
        }
        var encoding = SignatureEncoding.hex
        if let encodingNode = fields["encoding"], let text = string(encodingNode) {
            if let named = SignatureEncoding(rawValue: text) { encoding = named } else {
                errors.add(encodingNode.error(.invalidValue, "encoding is hex or base64 (how {signature} is written)"))
            }
        }
        let headers = readHeaders(fields["headers"], allowed: requestVariables.adding(["signature"]))
        if !headers.contains(where: { $0.value.variables.contains("signature") }) {
            errors.add(node.error(.missingKey, "no signing header carries {signature}"))
        }
        return SigningScheme(
            algorithm: algorithm, secretCredential: secret, timestampInMilliseconds: milliseconds,
            nonceLength: nonceLength, nonceAlphabet: nonceAlphabet, stringToSign: stringToSign, separator: string(fields["separator"]) ?? "\n",
            bodyHash: bodyHash, encoding: encoding, headers: headers
        )
    }

    mutating func readBodyDigest(_ node: YAMLNode) -> BodyDigest? {
        let fields = node.entries(allowing: ["header", "hash", "methods"], what: "body_digest", into: &errors)
        guard let header = string(fields["header"], required: node, key: "header"),
              let hashText = string(fields["hash"], required: node, key: "hash") else { return nil }
        guard let algorithm = DigestAlgorithm(rawValue: hashText.uppercased().replacingOccurrences(of: "-", with: "")) else {
            errors.add(fields["hash"]!.error(.invalidValue, "hash is SHA256 or SM3"))
            return nil
        }
        let methods = Set((fields["methods"]?.sequence ?? []).compactMap { string($0)?.uppercased() })
        return BodyDigest(header: header, algorithm: algorithm, methods: methods.isEmpty ? ["POST", "PUT", "PATCH"] : methods)
    }
}
