import HuitongCore
import HuitongYAML

/// Every problem found in one platform profile, reported together (`file:line:col`).
public struct PlatformProfileFailure: OperatorFacingError, Sendable {
    public let errors: [YAMLError]
    public var exitStatus: ExitStatus { .invalidInput }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Reads and checks `plugins/platforms/<name>.yaml`.
///
/// Checks everything that can be checked without a network: known keys, placeholders that
/// exist where they are used, credentials and options that are declared, a batch body that
/// can carry what the push needs, and a body that stays byte-identical on resend when the
/// platform compares bodies byte for byte.
public enum PlatformProfileLoader {
    public static func load(path: String) throws(PlatformProfileFailure) -> PlatformProfile {
        let root: YAMLNode
        do {
            root = try YAMLLoader.load(path: path).requireSingleDocument()
        } catch let failure as YAMLLoadFailure {
            throw PlatformProfileFailure(errors: failure.errors)
        } catch let error as YAMLError {
            throw PlatformProfileFailure(errors: [error])
        } catch {
            preconditionFailure("YAMLLoader threw \(error)")
        }
        return try load(root: root, file: path)
    }

    public static func load(text: String, fileName: String) throws(PlatformProfileFailure) -> PlatformProfile {
        let root: YAMLNode
        do {
            root = try YAMLLoader.load(text: text, fileName: fileName).requireSingleDocument()
        } catch let failure as YAMLLoadFailure {
            throw PlatformProfileFailure(errors: failure.errors)
        } catch let error as YAMLError {
            throw PlatformProfileFailure(errors: [error])
        } catch {
            preconditionFailure("YAMLLoader threw \(error)")
        }
        return try load(root: root, file: fileName)
    }

    public static func load(root: YAMLNode, file: String) throws(PlatformProfileFailure) -> PlatformProfile {
        var reader = ProfileReader(file: file)
        guard let profile = reader.read(root), reader.errors.errors.isEmpty else {
            throw PlatformProfileFailure(errors: reader.errors.errors)
        }
        return profile
    }
}

/// The formats `{now:…}` and `server_time` may name.
let timeFormatNames: [String: TimestampFormat] = [
    "yyyy-MM-dd HH:mm:ss": .dateTime, "yyyy-MM-dd": .date, "epoch_ms": .epochMilliseconds,
    "epoch_seconds": .epochSeconds, "rfc3339": .rfc3339,
]

/// One pass over a profile document, collecting every error.
struct ProfileReader {
    let file: String
    var errors = YAMLErrorCollector()
    private var credentialNames: Set<String> = []
    private var optionNames: Set<String> = []

    init(file: String) { self.file = file }

    private var configured: VariableNames {
        VariableNames([], prefixed: ["credential.": credentialNames, "option.": optionNames])
    }

    mutating func read(_ root: YAMLNode) -> PlatformProfile? {
        let top = root.entries(allowing: [
            "platform", "version", "description", "contract", "credentials", "options", "headers",
            "authentication", "signing", "body_digest", "answer", "ping", "push", "retry", "read_back", "datasets",
        ], what: "a platform profile", into: &errors)
        let name = string(top["platform"], required: root, key: "platform") ?? ""
        if !name.isEmpty, name.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            errors.add(top["platform"]!.error(.invalidValue, "a platform name uses letters, digits, - and _ only"))
        }
        let version = top["version"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireInt() } } ?? 1
        let description = string(top["description"]) ?? ""
        let contract = string(top["contract"])
        let credentials = readCredentials(top["credentials"])
        credentialNames = Set(credentials.map(\.name))
        let options = readOptions(top["options"])
        optionNames = Set(options.map(\.name))
        let headers = readHeaders(top["headers"], allowed: configured)
        let authentication = readAuthentication(top["authentication"])
        let signing = top["signing"].flatMap { readSigning($0) }
        let bodyDigest = top["body_digest"].flatMap { readBodyDigest($0) }
        guard let answerNode = top["answer"] else {
            errors.add(root.error(.missingKey, "a profile needs answer: (how success, code and message are read)"))
            return nil
        }
        let answer = readAnswer(answerNode)
        let ping = top["ping"].flatMap { readPing($0) }
        guard let pushNode = top["push"] else {
            errors.add(root.error(.missingKey, "a profile needs push: (how batches are sent)"))
            return nil
        }
        let push = readPush(pushNode, base: nil)
        let retry = top["retry"].map { readRetry($0) } ?? RetryPolicy.standard
        let readBack = top["read_back"].flatMap { readReadBack($0, base: nil) }
        guard let push else { return nil }
        let datasets = readDatasets(top["datasets"], root: root, push: push, readBack: readBack)
        if case .tokenEndpoint = authentication, signing == nil, bodyDigest == nil {} // nothing more to check
        return PlatformProfile(
            name: name, version: version, description: description, contract: contract, file: file,
            credentials: credentials, options: options, headers: headers, authentication: authentication,
            signing: signing, bodyDigest: bodyDigest, answer: answer, ping: ping, push: push, retry: retry,
            readBack: readBack, datasets: datasets
        )
    }

    // MARK: Small readers

    private mutating func string(_ node: YAMLNode?, required parent: YAMLNode? = nil, key: String = "") -> String? {
        guard let node else {
            if let parent { errors.add(parent.error(.missingKey, "missing key \"\(key)\"; add it")) }
            return nil
        }
        return errors.attempt { () throws(YAMLError) in try node.requireString() }
    }

    private mutating func int(_ node: YAMLNode?, min: Int, default value: Int) -> Int {
        guard let node else { return value }
        guard let number = errors.attempt({ () throws(YAMLError) in try node.requireInt() }) else { return value }
        guard number >= min else {
            errors.add(node.error(.valueOutOfRange, "must be at least \(min)"))
            return value
        }
        return number
    }

    private mutating func double(_ node: YAMLNode?, default value: Double) -> Double {
        guard let node else { return value }
        guard let number = errors.attempt({ () throws(YAMLError) in try node.requireDouble() }), number >= 0 else {
            errors.add(node.error(.valueOutOfRange, "must be a number ≥ 0"))
            return value
        }
        return number
    }

    private mutating func valuePath(_ node: YAMLNode?) -> ValuePath? {
        guard let node, let text = string(node) else { return nil }
        guard let path = ValuePath(text) else {
            errors.add(node.error(.invalidValue, "\"\(text)\" is not a path; write names joined by dots, e.g. data.rejected"))
            return nil
        }
        return path
    }

    private mutating func method(_ node: YAMLNode?, default value: String) -> String {
        guard let node, let text = string(node) else { return value }
        let method = text.uppercased()
        guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else {
            errors.add(node.error(.invalidValue, "unknown HTTP method \"\(text)\"; use GET, POST, PUT, PATCH or DELETE"))
            return value
        }
        return method
    }

    private mutating func requestPath(_ node: YAMLNode?, allowed: VariableNames, parent: YAMLNode, key: String) -> String? {
        guard let text = string(node, required: parent, key: key), let node else { return nil }
        guard text.hasPrefix("/") else {
            errors.add(node.error(.invalidValue, "a path starts with \"/\"; it is appended to the base URL's path"))
            return nil
        }
        if let parts = PlatformTemplate.parseText(text, at: node, into: &errors) {
            for case let .variable(name) in parts where !allowed.admits(name) {
                errors.add(node.error(.unknownReference, "unknown path variable {\(name)}; here you may use \(allowed.listing)"))
            }
        }
        return text
    }

    private mutating func match(_ node: YAMLNode?) -> AnswerMatch? {
        guard let node else { return nil }
        let entries = node.entries(allowing: ["status", "codes"], what: "an answer match", into: &errors)
        var statuses: Set<Int> = []
        if let list = entries["status"]?.sequence {
            for item in list {
                if let status = errors.attempt({ () throws(YAMLError) in try item.requireInt() }) {
                    if (100...599).contains(status) { statuses.insert(status) } else {
                        errors.add(item.error(.valueOutOfRange, "an HTTP status lies between 100 and 599"))
                    }
                }
            }
        } else if let node = entries["status"] {
            errors.add(node.error(.typeMismatch, "status is a list of HTTP statuses, e.g. [500, 503]"))
        }
        var codes: Set<String> = []
        if let list = entries["codes"]?.sequence {
            for item in list { if let code = string(item) { codes.insert(code) } }
        } else if let node = entries["codes"] {
            errors.add(node.error(.typeMismatch, "codes is a list of the answer's codes, e.g. [TOKEN_EXPIRED]"))
        }
        if statuses.isEmpty && codes.isEmpty {
            errors.add(node.error(.missingKey, "an answer match names at least one status or code"))
        }
        return AnswerMatch(statuses: statuses, codes: codes)
    }

    // MARK: Sections

    private mutating func readCredentials(_ node: YAMLNode?) -> [CredentialRequirement] {
        guard let node else { return [] }
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "credentials is a mapping: name → {description, secret}"))
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.key.scalar?.text else { return nil }
            let fields = entry.value.entries(allowing: ["description", "secret"], what: "a credential", into: &errors)
            let secret = fields["secret"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireBool() } } ?? false
            return CredentialRequirement(name: name, description: string(fields["description"]) ?? "", secret: secret)
        }
    }

    private mutating func readOptions(_ node: YAMLNode?) -> [ProfileOption] {
        guard let node else { return [] }
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "options is a mapping: name → {default, one_of}"))
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.key.scalar?.text else { return nil }
            let fields = entry.value.entries(allowing: ["default", "one_of", "description"], what: "an option", into: &errors)
            guard let defaultValue = string(fields["default"], required: entry.value, key: "default") else { return nil }
            let allowed = fields["one_of"].map { list in (list.sequence ?? []).compactMap { string($0) } }
            if let allowed, !allowed.contains(defaultValue) {
                errors.add(fields["default"]!.error(.invalidValue, "the default \"\(defaultValue)\" is not one of \(allowed.joined(separator: ", "))"))
            }
            return ProfileOption(name: name, defaultValue: defaultValue, allowed: allowed)
        }
    }

    private mutating func readHeaders(_ node: YAMLNode?, allowed: VariableNames) -> [HeaderTemplate] {
        guard let node else { return [] }
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "headers is a mapping: header name → value"))
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.key.scalar?.text, !name.isEmpty,
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                errors.add(entry.key.error(.invalidValue, "a header name uses ASCII letters, digits and - only"))
                return nil
            }
            return HeaderTemplate(name: name, value: PlatformTemplate.load(from: entry.value, allowed: allowed, into: &errors))
        }
    }

    private mutating func readAuthentication(_ node: YAMLNode?) -> AuthenticationScheme {
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

    private mutating func readSigning(_ node: YAMLNode) -> SigningScheme? {
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
        if let nonce = fields["nonce"] {
            let nonceFields = nonce.entries(allowing: ["length"], what: "nonce", into: &errors)
            nonceLength = int(nonceFields["length"], min: 8, default: 32)
            if nonceLength > 64 { errors.add(nonce.error(.valueOutOfRange, "a nonce is at most 64 characters")) }
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
            nonceLength: nonceLength, stringToSign: stringToSign, separator: string(fields["separator"]) ?? "\n",
            bodyHash: bodyHash, encoding: encoding, headers: headers
        )
    }

    private mutating func readBodyDigest(_ node: YAMLNode) -> BodyDigest? {
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

    private mutating func readAnswer(_ node: YAMLNode) -> AnswerShape {
        let fields = node.entries(allowing: ["success", "code", "message"], what: "answer", into: &errors)
        var statuses: Set<Int> = [200]
        var field: ValuePath?
        var value: Value?
        if let success = fields["success"] {
            let successFields = success.entries(allowing: ["status", "field", "equals"], what: "success", into: &errors)
            if let list = successFields["status"]?.sequence {
                statuses = Set(list.compactMap { item in errors.attempt { () throws(YAMLError) in try item.requireInt() } })
            }
            field = valuePath(successFields["field"])
            value = successFields["equals"]?.constantValue
            if (field == nil) != (value == nil) {
                errors.add(success.error(.missingKey, "success needs both field: and equals:, or neither"))
            }
        }
        return AnswerShape(
            successStatuses: statuses, successField: field, successValue: value,
            codePath: valuePath(fields["code"]), messagePath: valuePath(fields["message"])
        )
    }

    private mutating func readQuery(_ node: YAMLNode?, allowed: VariableNames) -> [QueryParameter] {
        guard let node else { return [] }
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "query is a mapping: parameter → value"))
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.key.scalar?.text else { return nil }
            if entry.value.mappingEntries != nil {
                let fields = entry.value.entries(allowing: ["value", "when"], what: "a query parameter", into: &errors)
                guard let valueNode = fields["value"] else {
                    errors.add(entry.value.error(.missingKey, "a conditional query parameter needs value:"))
                    return nil
                }
                if let when = fields["when"], string(when) != "test" {
                    errors.add(when.error(.invalidValue, "when: test is the only condition"))
                }
                return QueryParameter(
                    name: name, value: PlatformTemplate.load(from: valueNode, allowed: allowed, into: &errors),
                    onlyInTestMode: fields["when"] != nil
                )
            }
            return QueryParameter(name: name, value: PlatformTemplate.load(from: entry.value, allowed: allowed, into: &errors), onlyInTestMode: false)
        }
    }

    private mutating func readPing(_ node: YAMLNode) -> PingRequest? {
        let fields = node.entries(allowing: ["method", "path", "query", "server_time"], what: "ping", into: &errors)
        guard let path = requestPath(fields["path"], allowed: VariableNames([]), parent: node, key: "path") else { return nil }
        var serverTime: ServerTimeSource?
        if let timeNode = fields["server_time"] {
            let timeFields = timeNode.entries(allowing: ["field", "format", "offset", "header"], what: "server_time", into: &errors)
            if let header = string(timeFields["header"]) {
                serverTime = .dateHeader(header)
            } else if let field = valuePath(timeFields["field"]) {
                let formatName = string(timeFields["format"]) ?? "yyyy-MM-dd HH:mm:ss"
                var offset = UTCOffset.beijing
                if let offsetNode = timeFields["offset"], let text = string(offsetNode) {
                    if let parsed = Self.offset(text) { offset = parsed } else {
                        errors.add(offsetNode.error(.invalidValue, "an offset is written +08:00 or -05:30"))
                    }
                }
                if let format = timeFormatNames[formatName] {
                    serverTime = .field(field, format: format, offset: offset)
                } else {
                    errors.add((timeFields["format"] ?? timeNode).error(.invalidValue, "unknown time format; use one of \(timeFormatNames.keys.sorted().joined(separator: ", "))"))
                }
            } else {
                errors.add(timeNode.error(.missingKey, "server_time needs field: (with format:) or header:"))
            }
        }
        return PingRequest(
            method: method(fields["method"], default: "GET"), path: path,
            query: readQuery(fields["query"], allowed: VariableNames([])), serverTime: serverTime
        )
    }

    static func offset(_ text: String) -> UTCOffset? {
        let characters = Array(text)
        guard characters.count == 6, characters[0] == "+" || characters[0] == "-", characters[3] == ":",
              let hours = Int(String(characters[1...2])), let minutes = Int(String(characters[4...5])) else { return nil }
        let sign = characters[0] == "-" ? -1 : 1
        return try? UTCOffset(seconds: sign * (hours * 3600 + minutes * 60))
    }

    private mutating func readLimits(_ node: YAMLNode?, base: BatchLimits?) -> BatchLimits? {
        guard let node else { return base }
        let fields = node.entries(allowing: ["items", "bytes"], what: "limits", into: &errors)
        var limits = base ?? BatchLimits(items: 100, bytes: nil)
        if let items = fields["items"] { limits.items = int(items, min: 1, default: limits.items) }
        if let bytes = fields["bytes"] { limits.bytes = int(bytes, min: 256, default: limits.bytes ?? 1 << 20) }
        return limits
    }

    private mutating func readDeletes(_ node: YAMLNode?, base: DeleteStyle?) -> DeleteStyle? {
        guard let node else { return base }
        let fields = node.entries(allowing: ["style", "item", "method", "path", "gone"], what: "deletes", into: &errors)
        let keyVariables = VariableNames(["key", "key_fields"])
        let item = fields["item"].map { PlatformTemplate.load(from: $0, allowed: keyVariables, into: &errors) } ?? .variable("key")
        switch string(fields["style"], required: node, key: "style") {
        case "none": return DeleteStyle.none
        case "envelope": return .envelope(item: item)
        case "flag":
            guard fields["item"] != nil else {
                errors.add(node.error(.missingKey, "flag deletes need item:, e.g. {id: \"{key}\", deleted: true}"))
                return nil
            }
            return .flag(item: item)
        case "request":
            let path = requestPath(fields["path"], allowed: VariableNames(["dataset", "key"]), parent: node, key: "path") ?? "/"
            return .request(method: method(fields["method"], default: "DELETE"), path: path, gone: match(fields["gone"]))
        case let other?:
            errors.add(fields["style"]!.error(.invalidValue, "unknown delete style \"\(other)\"; use envelope, flag, request or none"))
            return nil
        case nil:
            return nil
        }
    }

    private mutating func readPush(_ node: YAMLNode, base: PushShape?) -> PushShape? {
        let fields = node.entries(allowing: base == nil ? [
            "method", "path", "body", "upsert_item", "idempotency", "limits", "deletes", "key_separator", "outcome",
        ] : ["path", "limits", "deletes"], what: base == nil ? "push" : "a dataset's push", into: &errors)
        let pathVariables = VariableNames(["dataset"])
        if let base {
            let path = fields["path"].flatMap { requestPath($0, allowed: pathVariables, parent: node, key: "path") } ?? base.path
            let limits = readLimits(fields["limits"], base: base.limits) ?? base.limits
            let deletes = readDeletes(fields["deletes"], base: base.deletes) ?? base.deletes
            let shape = PushShape(
                method: base.method, path: path, body: base.body, upsertItem: base.upsertItem,
                idempotency: base.idempotency, limits: limits, deletes: deletes, keySeparator: base.keySeparator,
                outcome: base.outcome
            )
            checkDeletesFit(shape, at: node)
            return shape
        }
        guard let path = requestPath(fields["path"], allowed: pathVariables, parent: node, key: "path") else { return nil }
        guard let bodyNode = fields["body"] else {
            errors.add(node.error(.missingKey, "push needs body: ({envelope: …} or {array: upserts})"))
            return nil
        }
        let bodyFields = bodyNode.entries(allowing: ["envelope", "array", "omit_when_empty"], what: "body", into: &errors)
        let envelopeVariables = configured.adding(["idempotency_key", "test", "upserts", "deletes", "items", "dataset", "count"])
            .withPrefix("now:", Set(timeFormatNames.keys))
        let body: BatchBody
        if let envelope = bodyFields["envelope"] {
            let template = PlatformTemplate.load(from: envelope, allowed: envelopeVariables, into: &errors)
            let omit = Set((bodyFields["omit_when_empty"]?.sequence ?? []).compactMap { string($0) })
            body = .envelope(template, omitWhenEmpty: omit)
        } else if let array = bodyFields["array"] {
            if string(array) != "upserts" && string(array) != "items" {
                errors.add(array.error(.invalidValue, "array: upserts (the items, flag deletes included) is the only bare-array body"))
            }
            body = .array
        } else {
            errors.add(bodyNode.error(.missingKey, "body needs envelope: (a template) or array: upserts"))
            return nil
        }
        let upsertItem = fields["upsert_item"].map {
            PlatformTemplate.load(from: $0, allowed: VariableNames(["record", "key", "key_fields"]), into: &errors)
        } ?? .variable("record")

        var idempotency = IdempotencyCarrier.none
        if let idempotencyNode = fields["idempotency"] {
            let idFields = idempotencyNode.entries(allowing: ["in", "header", "length"], what: "idempotency", into: &errors)
            let length = int(idFields["length"], min: 8, default: 40)
            if length > 64 { errors.add(idempotencyNode.error(.valueOutOfRange, "a derived key is at most 64 characters")) }
            if let header = string(idFields["header"]) {
                idempotency = .header(header, length: length)
            } else if string(idFields["in"]) == "envelope" {
                idempotency = .envelope(length: length)
            } else {
                errors.add(idempotencyNode.error(.missingKey, "idempotency needs header: NAME or in: envelope"))
            }
        }
        if case let .envelope(template, _) = body {
            let used = Set(template.variables)
            if case .envelope = idempotency, !used.contains("idempotency_key") {
                errors.add(bodyNode.error(.missingKey, "idempotency is in the envelope, but the envelope has no {idempotency_key}"))
            }
            if !used.contains("upserts") && !used.contains("items") {
                errors.add(bodyNode.error(.missingKey, "the envelope carries no {upserts} or {items}"))
            }
            // A platform that compares resent bodies byte for byte must get the same bytes again.
            if case .header = idempotency, used.contains(where: { $0.hasPrefix("now:") }) {
                errors.add(bodyNode.error(.invalidValue, "with an idempotency header the body must be byte-identical on resend; {now:…} would change it"))
            }
        }
        let limits = readLimits(fields["limits"], base: nil) ?? BatchLimits(items: 100, bytes: nil)
        let deletes = readDeletes(fields["deletes"], base: nil) ?? DeleteStyle.none
        let separator = string(fields["key_separator"]) ?? "|"
        let outcome = readOutcome(fields["outcome"])
        let shape = PushShape(
            method: method(fields["method"], default: "POST"), path: path, body: body, upsertItem: upsertItem,
            idempotency: idempotency, limits: limits, deletes: deletes, keySeparator: separator, outcome: outcome
        )
        checkDeletesFit(shape, at: node)
        return shape
    }

    private mutating func checkDeletesFit(_ shape: PushShape, at node: YAMLNode) {
        if case .envelope = shape.deletes {
            guard case let .envelope(template, _) = shape.body, template.variables.contains("deletes") else {
                errors.add(node.error(.invalidValue, "deletes travel in the envelope, but the body has no {deletes}"))
                return
            }
        }
    }

    private mutating func readOutcome(_ node: YAMLNode?) -> OutcomeShape {
        guard let node else { return OutcomeShape(duplicatePath: nil, rejected: nil) }
        let fields = node.entries(allowing: ["duplicate", "rejected"], what: "outcome", into: &errors)
        var rejected: RejectedShape?
        if let rejectedNode = fields["rejected"] {
            let r = rejectedNode.entries(allowing: ["list", "by", "field", "reasons"], what: "rejected", into: &errors)
            let by = string(r["by"]).flatMap(RejectedShape.Pointer.init(rawValue:))
            if by == nil { errors.add((r["by"] ?? rejectedNode).error(.invalidValue, "by: index or by: key says how a rejection points at its record")) }
            var reasonList: ValuePath?, reasonField: ValuePath?, reasonText: ValuePath?, message: ValuePath?
            if let reasons = r["reasons"] {
                let rf = reasons.entries(allowing: ["list", "field", "reason", "message"], what: "reasons", into: &errors)
                reasonList = valuePath(rf["list"])
                reasonField = valuePath(rf["field"])
                reasonText = valuePath(rf["reason"])
                message = valuePath(rf["message"])
            }
            if let list = valuePath(r["list"]), let field = valuePath(r["field"]), let by {
                rejected = RejectedShape(
                    list: list, by: by, field: field, reasonList: reasonList, reasonField: reasonField,
                    reasonText: reasonText, message: message
                )
            } else {
                errors.add(rejectedNode.error(.missingKey, "rejected needs list:, by: and field:"))
            }
        }
        return OutcomeShape(duplicatePath: valuePath(fields["duplicate"]), rejected: rejected)
    }

    private mutating func readRetry(_ node: YAMLNode) -> RetryPolicy {
        let fields = node.entries(allowing: [
            "attempts", "max_seconds", "backoff", "transient", "rate_limited", "re_sign", "split",
        ], what: "retry", into: &errors)
        var policy = RetryPolicy.standard
        policy.attempts = int(fields["attempts"], min: 1, default: policy.attempts)
        policy.maxSeconds = double(fields["max_seconds"], default: policy.maxSeconds)
        if let backoff = fields["backoff"] {
            let b = backoff.entries(allowing: ["initial_seconds", "multiplier", "max_seconds", "jitter"], what: "backoff", into: &errors)
            policy.initialDelay = double(b["initial_seconds"], default: policy.initialDelay)
            policy.multiplier = max(1, double(b["multiplier"], default: policy.multiplier))
            policy.maxDelay = double(b["max_seconds"], default: policy.maxDelay)
            policy.jitter = min(1, double(b["jitter"], default: policy.jitter))
        }
        if let transient = match(fields["transient"]) { policy.transient = transient }
        if let rateNode = fields["rate_limited"] {
            let r = rateNode.entries(allowing: ["status", "codes", "retry_after_header"], what: "rate_limited", into: &errors)
            var statuses: Set<Int> = []
            for item in r["status"]?.sequence ?? [] {
                if let status = errors.attempt({ () throws(YAMLError) in try item.requireInt() }) { statuses.insert(status) }
            }
            let codes = Set((r["codes"]?.sequence ?? []).compactMap { string($0) })
            policy.rateLimited = AnswerMatch(statuses: statuses.isEmpty ? [429] : statuses, codes: codes)
            policy.retryAfterHeader = string(r["retry_after_header"]) ?? "Retry-After"
        }
        policy.reSign = match(fields["re_sign"])
        policy.split = match(fields["split"])
        return policy
    }

    private mutating func readReadBack(_ node: YAMLNode, base: ReadBackShape?) -> ReadBackShape? {
        let fields = node.entries(allowing: base == nil ? [
            "method", "path", "query", "first_page", "page_size", "records", "total",
        ] : ["path"], what: base == nil ? "read_back" : "a dataset's read_back", into: &errors)
        let pathVariables = VariableNames(["dataset"])
        if let base {
            let path = fields["path"].flatMap { requestPath($0, allowed: pathVariables, parent: node, key: "path") } ?? base.path
            return ReadBackShape(
                method: base.method, path: path, query: base.query, firstPage: base.firstPage,
                pageSize: base.pageSize, records: base.records, total: base.total
            )
        }
        guard let path = requestPath(fields["path"], allowed: pathVariables, parent: node, key: "path") else { return nil }
        guard let records = valuePath(fields["records"]) else {
            errors.add(node.error(.missingKey, "read_back needs records: (where a page's records are)"))
            return nil
        }
        let query = readQuery(fields["query"], allowed: VariableNames(["page", "page_size", "test"]))
        if !query.contains(where: { $0.value.variables.contains("page") }) {
            errors.add(node.error(.missingKey, "read_back's query has no {page}; paging needs it"))
        }
        return ReadBackShape(
            method: method(fields["method"], default: "GET"), path: path, query: query,
            firstPage: int(fields["first_page"], min: 0, default: 1), pageSize: int(fields["page_size"], min: 1, default: 100),
            records: records, total: valuePath(fields["total"])
        )
    }

    private mutating func readDatasets(_ node: YAMLNode?, root: YAMLNode, push: PushShape, readBack: ReadBackShape?) -> [DatasetProfile] {
        guard let node, let entries = node.mappingEntries, !entries.isEmpty else {
            errors.add((node ?? root).error(.missingKey, "a profile lists its datasets: name → {key: [fields]}"))
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.key.scalar?.text, !name.isEmpty else { return nil }
            let fields = entry.value.entries(allowing: ["key", "label", "push", "read_back"], what: "a dataset", into: &errors)
            let key = (fields["key"]?.sequence ?? []).compactMap { string($0) }
            if key.isEmpty { errors.add(entry.value.error(.missingKey, "dataset \(name) needs key: [field, …]")) }
            let datasetPush = fields["push"].flatMap { readPush($0, base: push) } ?? push
            let datasetReadBack = fields["read_back"].flatMap { node in readBack.flatMap { base in readReadBack(node, base: base) } } ?? readBack
            if fields["read_back"] != nil && readBack == nil {
                errors.add(fields["read_back"]!.error(.invalidValue, "a dataset's read_back overrides the profile's, which has none"))
            }
            return DatasetProfile(name: name, label: string(fields["label"]), key: key, push: datasetPush, readBack: datasetReadBack)
        }
    }
}

extension VariableNames {
    func withPrefix(_ prefix: String, _ rests: Set<String>?) -> VariableNames {
        var copy = self
        copy.prefixed[prefix] = rests
        return copy
    }
}

extension RetryPolicy {
    /// What a profile without `retry:` gets: 5xx transient, 429 rate-limited, 413 split.
    static let standard = RetryPolicy(
        attempts: 6, maxSeconds: 300, initialDelay: 0.5, multiplier: 2, maxDelay: 30, jitter: 0.5,
        transient: AnswerMatch(statuses: [500, 502, 503, 504]), rateLimited: AnswerMatch(statuses: [429]),
        retryAfterHeader: "Retry-After", reSign: nil, split: AnswerMatch(statuses: [413])
    )
}
