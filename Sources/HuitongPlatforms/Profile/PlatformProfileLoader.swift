import HuitongCore
import HuitongYAML

/// Every problem found in one platform profile, reported together (`file:line:col`).
package struct PlatformProfileFailure: OperatorFacingError, Sendable {
    package let errors: [YAMLError]
    package var exitStatus: ExitStatus { .invalidInput }
    package var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Reads and checks `plugins/platforms/<name>.yaml`.
///
/// Checks everything that can be checked without a network: known keys, placeholders that
/// exist where they are used, credentials and options that are declared, a batch body that
/// can carry what the push needs, and a body that stays byte-identical on resend when the
/// platform compares bodies byte for byte.
package enum PlatformProfileLoader {
    package static func load(path: String) throws(PlatformProfileFailure) -> PlatformProfile {
        do {
            return try load(root: YAMLLoader.loadSingleDocument(path: path), file: path)
        } catch let failure as YAMLLoadFailure {
            throw PlatformProfileFailure(errors: failure.errors)
        } catch let failure as PlatformProfileFailure {
            throw failure
        } catch {
            preconditionFailure("unexpected \(error)")
        }
    }

    package static func load(text: String, fileName: String) throws(PlatformProfileFailure) -> PlatformProfile {
        let root: YAMLNode
        do {
            root = try YAMLLoader.loadSingleDocument(text: text, fileName: fileName)
        } catch {
            throw PlatformProfileFailure(errors: error.errors)
        }
        return try load(root: root, file: fileName)
    }

    package static func load(root: YAMLNode, file: String) throws(PlatformProfileFailure) -> PlatformProfile {
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
    var credentialNames: Set<String> = []
    var optionNames: Set<String> = []

    init(file: String) { self.file = file }

    var configured: VariableNames {
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
        var carriesCredentials = signing != nil || headers.contains { $0.value.variables.contains { $0.hasPrefix("credential.") } }
        if case .none = authentication {} else { carriesCredentials = true }
        let ping = top["ping"].flatMap { readPing($0, carriesCredentials: carriesCredentials) }
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

    mutating func string(_ node: YAMLNode?, required parent: YAMLNode? = nil, key: String = "") -> String? {
        guard let node else {
            if let parent { errors.add(parent.error(.missingKey, "missing key \"\(key)\"; add it")) }
            return nil
        }
        return errors.attempt { () throws(YAMLError) in try node.requireString() }
    }

    /// A name that must be one of `names`; an unknown one is reported with the nearest name.
    mutating func choice(_ node: YAMLNode?, among names: [String], what: String) -> String? {
        guard let node, let text = string(node) else { return nil }
        guard names.contains(text) else {
            let hint = NameSuggestion.nearest(to: text, among: names).map { "did you mean \"\($0)\"? " } ?? ""
            errors.add(node.error(.invalidValue, "unknown \(what) \"\(text)\"; \(hint)use \(names.joined(separator: ", "))"))
            return nil
        }
        return text
    }

    mutating func int(_ node: YAMLNode?, min: Int, default value: Int) -> Int {
        guard let node else { return value }
        guard let number = errors.attempt({ () throws(YAMLError) in try node.requireInt() }) else { return value }
        guard number >= min else {
            errors.add(node.error(.valueOutOfRange, "must be at least \(min)"))
            return value
        }
        return number
    }

    mutating func double(_ node: YAMLNode?, default value: Double) -> Double {
        guard let node else { return value }
        guard let number = errors.attempt({ () throws(YAMLError) in try node.requireDouble() }), number >= 0 else {
            errors.add(node.error(.valueOutOfRange, "must be a number ≥ 0"))
            return value
        }
        return number
    }

    mutating func valuePath(_ node: YAMLNode?) -> ValuePath? {
        guard let node, let text = string(node) else { return nil }
        guard let path = ValuePath(text) else {
            errors.add(node.error(.invalidValue, "\"\(text)\" is not a path; write names joined by dots, e.g. data.rejected"))
            return nil
        }
        return path
    }

    mutating func method(_ node: YAMLNode?, default value: String) -> String {
        guard let node, let text = string(node) else { return value }
        let method = text.uppercased()
        guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else {
            errors.add(node.error(.invalidValue, "unknown HTTP method \"\(text)\"; use GET, POST, PUT, PATCH or DELETE"))
            return value
        }
        return method
    }

    mutating func requestPath(_ node: YAMLNode?, allowed: VariableNames, parent: YAMLNode, key: String) -> String? {
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

    mutating func match(_ node: YAMLNode?) -> AnswerMatch? {
        guard let node else { return nil }
        if let list = node.sequence {
            // Alternatives: any of them matches.
            let matches = list.compactMap { match($0) }
            if matches.isEmpty { errors.add(node.error(.missingKey, "an empty list of answer matches matches nothing")) }
            return AnswerMatch(anyOf: matches)
        }
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

    mutating func readCredentials(_ node: YAMLNode?) -> [CredentialRequirement] {
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

    mutating func readOptions(_ node: YAMLNode?) -> [ProfileOption] {
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

    mutating func readHeaders(_ node: YAMLNode?, allowed: VariableNames) -> [HeaderTemplate] {
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

    mutating func readAnswer(_ node: YAMLNode) -> AnswerShape {
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

    mutating func readQuery(_ node: YAMLNode?, allowed: VariableNames) -> [QueryParameter] {
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

    /// `carriesCredentials`: authentication, signing or a header puts a credential on every
    /// request; without one, `authenticated: true` would claim a proof of nothing.
    mutating func readPing(_ node: YAMLNode, carriesCredentials: Bool) -> PingRequest? {
        let fields = node.entries(allowing: ["method", "path", "query", "server_time", "authenticated"], what: "ping", into: &errors)
        let authenticated = fields["authenticated"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireBool() } } ?? false
        if authenticated, !carriesCredentials, let node = fields["authenticated"] {
            errors.add(node.error(.invalidValue, "authenticated: true, but the ping carries no credential (no authentication, no signing, no header with {credential.…}); leave it out"))
        }
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
            query: readQuery(fields["query"], allowed: VariableNames([])), serverTime: serverTime,
            authenticated: authenticated
        )
    }

    static func offset(_ text: String) -> UTCOffset? {
        let characters = Array(text)
        guard characters.count == 6, characters[0] == "+" || characters[0] == "-", characters[3] == ":",
              let hours = Int(String(characters[1...2])), let minutes = Int(String(characters[4...5])) else { return nil }
        let sign = characters[0] == "-" ? -1 : 1
        return try? UTCOffset(seconds: sign * (hours * 3600 + minutes * 60))
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
