import HuitongCore

/// What one external platform expects, read from `plugins/platforms/<name>.yaml`.
///
/// Everything the generic `PlatformConnector` needs to speak to the platform is here:
/// authentication, signing, the shape of a batch, how to read an answer, when to retry,
/// how to read back what the platform holds. No platform is described in Swift.
package struct PlatformProfile: Sendable {
    package let name: String
    package let version: Int
    package let description: String
    /// The published interface this profile follows (`province-exchange-v1`).
    package let contract: String?
    /// The file the profile was read from, for messages.
    package let file: String

    package let credentials: [CredentialRequirement]
    package let options: [ProfileOption]
    /// Headers on every request (`Content-Type`).
    package let headers: [HeaderTemplate]
    package let authentication: AuthenticationScheme
    package let signing: SigningScheme?
    package let bodyDigest: BodyDigest?
    package let answer: AnswerShape
    package let ping: PingRequest?
    package let push: PushShape
    package let retry: RetryPolicy
    package let readBack: ReadBackShape?
    /// The datasets (resource types, endpoints) in the order the profile lists them.
    package let datasets: [DatasetProfile]

    package func dataset(named name: String) -> DatasetProfile? {
        datasets.first { $0.name == name }
    }

    package func credential(named name: String) -> CredentialRequirement? {
        credentials.first { $0.name == name }
    }
}

/// A credential the configuration must supply (never the profile).
package struct CredentialRequirement: Sendable {
    package let name: String
    package let description: String
    /// A secret is only accepted as an `${env:…}` or `${file:…}` reference and never shown.
    package let secret: Bool
}

/// An operator-settable knob (`sign_method`), with its default and allowed values.
package struct ProfileOption: Sendable {
    package let name: String
    package let defaultValue: String
    package let allowed: [String]?
}

/// One header line whose value may use placeholders.
package struct HeaderTemplate: Sendable {
    package let name: String
    package let value: PlatformTemplate
}

/// Which answers a rule applies to: HTTP statuses and, optionally, the answer's error codes —
/// or several such alternatives (`[{status: [502, 504]}, {status: [503], codes: [E_BUSY]}]`).
package struct AnswerMatch: Sendable {
    package let statuses: Set<Int>
    /// Compared with the answer's code as text (`4011`, `TOKEN_EXPIRED`); empty: any code.
    package let codes: Set<String>
    /// Further alternatives, any of which may match too.
    package let alternatives: [AnswerMatch]

    package init(statuses: Set<Int>, codes: Set<String> = []) {
        self.statuses = statuses
        self.codes = codes
        alternatives = []
    }

    /// A match of any of `matches`.
    package init(anyOf matches: [AnswerMatch]) {
        statuses = matches.first?.statuses ?? []
        codes = matches.first?.codes ?? []
        alternatives = Array(matches.dropFirst())
    }

    func matches(status: Int, code: String?) -> Bool {
        matchesItself(status: status, code: code) || alternatives.contains { $0.matches(status: status, code: code) }
    }

    private func matchesItself(status: Int, code: String?) -> Bool {
        guard statuses.isEmpty || statuses.contains(status) else { return false }
        guard !codes.isEmpty else { return !statuses.isEmpty }
        return code.map(codes.contains) ?? false
    }
}

/// How requests prove who sends them.
package enum AuthenticationScheme: Sendable {
    case none
    /// `Authorization: Bearer <value>` (or the declared header and value template).
    case staticHeader(HeaderTemplate)
    /// HTTP Basic with a user name and password rendered from credentials.
    case basic(username: PlatformTemplate, password: PlatformTemplate)
    case tokenEndpoint(TokenEndpoint)
}

/// A token fetched from an endpoint and reused until it expires or the platform refuses it.
package struct TokenEndpoint: Sendable {
    package let method: String
    package let path: String
    package let body: PlatformTemplate?
    package let tokenPath: ValuePath
    /// Where the lifetime in seconds is; absent: `defaultLifetimeSeconds`.
    package let expiresInPath: ValuePath?
    package let defaultLifetimeSeconds: Int
    package let header: String
    /// The header value, with `{token}`.
    package let value: PlatformTemplate
    /// Answers that mean "this token is no longer good": fetch a new one and resend once.
    package let renewOn: AnswerMatch
    /// Answers of the token endpoint that mean the credentials are wrong: stop.
    package let refused: AnswerMatch?
    /// At most `requests` token requests per `perSeconds`.
    package let rateLimit: (requests: Int, perSeconds: Double)?
}

/// The two HMAC schemes the contracts name.
package enum SigningAlgorithm: String, Sendable, CaseIterable {
    case hmacSHA256 = "HMAC-SHA256"
    case hmacSM3 = "HMAC-SM3"
}

/// The digest functions a profile may name.
package enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha256 = "SHA256"
    case sm3 = "SM3"

    func hex(of bytes: [UInt8]) -> String {
        switch self {
        case .sha256: SHA256.hash(bytes).hex
        case .sm3: SM3.hash(bytes).hex
        }
    }
}

/// A request signature: a string to sign built from parts of the request, an HMAC over it,
/// and headers that carry the result.
package struct SigningScheme: Sendable {
    /// Resolves (with options) to one of `SigningAlgorithm`'s names.
    package let algorithm: PlatformTemplate
    /// The credential that is the HMAC key.
    package let secretCredential: String
    package let timestampInMilliseconds: Bool
    package let nonceLength: Int
    package let nonceAlphabet: NonceAlphabet
    package let stringToSign: [PlatformTemplate]
    package let separator: String
    /// Hash of the body in the string to sign; nil: the hash of the HMAC algorithm.
    package let bodyHash: DigestAlgorithm?
    /// How the HMAC's bytes are written into `{signature}`.
    package let encoding: SignatureEncoding
    package let headers: [HeaderTemplate]
}

/// The characters a nonce is drawn from (`signing.nonce.alphabet`).
package enum NonceAlphabet: String, Sendable, CaseIterable {
    /// `[A-Za-z0-9]`, the default (the province's `X-Nonce`).
    case alphanumeric
    /// Lower-case hexadecimal, `[0-9a-f]`.
    case hex
    /// Decimal digits, `[0-9]`.
    case digits

    /// The characters, as ASCII bytes.
    var characters: [UInt8] {
        switch self {
        case .alphanumeric: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        case .hex: Array("0123456789abcdef".utf8)
        case .digits: Array("0123456789".utf8)
        }
    }
}

/// How a signature's bytes become header text.
package enum SignatureEncoding: String, Sendable, CaseIterable {
    /// Lowercase hexadecimal, two characters a byte (the province).
    case hex
    /// RFC 4648 base64 with padding, as `Authorization: HMAC-SM3 keyId=…,signature=…`-style
    /// headers usually carry it.
    case base64
}

/// A header carrying a digest of the body (`X-Content-SM3`).
package struct BodyDigest: Sendable {
    package let header: String
    package let algorithm: DigestAlgorithm
    package let methods: Set<String>
}

/// How to tell success from failure and where the answer's code and message are.
package struct AnswerShape: Sendable {
    package let successStatuses: Set<Int>
    /// A body field that must equal `successValue` too (`code == 0`, `success == true`).
    package let successField: ValuePath?
    package let successValue: Value?
    package let codePath: ValuePath?
    package let messagePath: ValuePath?
}

/// The request that checks reachability, authentication and clock skew.
package struct PingRequest: Sendable {
    package let method: String
    package let path: String
    package let query: [QueryParameter]
    package let serverTime: ServerTimeSource?
    /// The platform checks the request's credentials (token, signature, Basic) on the ping as
    /// on a push, as its contract says (`ping.authenticated: true`): a success proves them.
    /// False: a success proves the platform reachable, and nothing about the credentials.
    package let authenticated: Bool
}

/// Where a platform says what time it thinks it is.
package enum ServerTimeSource: Sendable {
    case field(ValuePath, format: TimestampFormat, offset: UTCOffset)
    /// An HTTP `Date` header (RFC 9110 IMF-fixdate).
    case dateHeader(String)
}

/// One query parameter, possibly only in joint-test mode.
package struct QueryParameter: Sendable {
    package let name: String
    package let value: PlatformTemplate
    /// Sent only when the run is a joint test.
    package let onlyInTestMode: Bool
}

/// The shape of a batch request and of its answer.
package struct PushShape: Sendable {
    package let method: String
    /// With `{dataset}`.
    package let path: String
    package let body: BatchBody
    package let upsertItem: PlatformTemplate
    package let idempotency: IdempotencyCarrier
    package let limits: BatchLimits
    package let deletes: DeleteStyle
    /// Joins the values of a compound key (`"|"`).
    package let keySeparator: String
    package let outcome: OutcomeShape
}

package enum BatchBody: Sendable {
    /// An object built from a template, with `{upserts}`/`{deletes}`/`{items}` inside.
    case envelope(PlatformTemplate, omitWhenEmpty: Set<String>)
    /// A bare JSON array of the items.
    case array
}

/// Where a batch's idempotency key travels. The envelope may use `{idempotency_key}` with any
/// carrier; `in: envelope` declares that the platform reads it there (and the loader checks
/// that the envelope has it).
package enum IdempotencyCarrier: Sendable, Equatable {
    case none
    /// `{idempotency_key}` is used in the envelope.
    case envelope(length: Int)
    case header(String, length: Int)
    /// The same key in a header and in the envelope's `{idempotency_key}`.
    case headerAndEnvelope(String, length: Int)

    var length: Int? {
        switch self {
        case .none: nil
        case let .envelope(length), let .header(_, length), let .headerAndEnvelope(_, length): length
        }
    }

    /// The header that carries the key, if one does.
    var header: String? {
        switch self {
        case .none, .envelope: nil
        case let .header(name, _), let .headerAndEnvelope(name, _): name
        }
    }

    /// Whether the platform reads the key in the envelope.
    var inEnvelope: Bool {
        switch self {
        case .envelope, .headerAndEnvelope: true
        case .none, .header: false
        }
    }
}

package struct BatchLimits: Sendable, Equatable {
    package var items: Int
    /// Body size in bytes; nil: no limit published.
    package var bytes: Int?
}

/// How records to delete travel.
package enum DeleteStyle: Sendable {
    /// The platform takes no deletes (events).
    case none
    /// A list in the envelope (`{deletes}`), each item from `item` (default: the key).
    case envelope(item: PlatformTemplate)
    /// Items of the batch list, each from `item` (`{id: "{key}", deleted: true}`).
    case flag(item: PlatformTemplate)
    /// One request per key (`DELETE …/{key}`); `gone` answers count as already deleted.
    case request(method: String, path: String, gone: AnswerMatch?)
}

/// Where an answer names the items it refused, says that it saw a resend before, and
/// counts what it did: everything the connector needs to check that the answer accounts for
/// every item sent before anything is booked as accepted.
package struct OutcomeShape: Sendable {
    package let duplicatePath: ValuePath?
    package let rejected: RejectedShape?
    /// The counts and echoes the answer carries (`push.outcome.accounting`); nil: none.
    package let accounting: AccountingShape?
}

/// Where a batch answer counts what the platform did with the request's items, and where it
/// echoes the batch's idempotency key. Every declared count must reconcile with the items
/// sent and the rejections listed, or the answer leaves the batch unconfirmed.
package struct AccountingShape: Sendable {
    /// Which of the request's items a count is about.
    package enum Items: String, Sendable, CaseIterable {
        case upserts, deletes
        /// Every item the request carried: upserts and the deletes that travel with them.
        case items
    }

    /// A count in the answer and the items it counts.
    package struct Count: Sendable {
        package let path: ValuePath
        package let items: Items
    }

    /// The items the platform says it received: exactly those sent (`result.total`).
    package let received: Count?
    /// The items the platform says it stored: those sent minus those it rejected
    /// (`data.accepted`, `result.succeeded`).
    package let accepted: Count?
    /// Deletes that removed something: at least 0, at most the deletes sent minus those
    /// rejected, since deleting an unknown key may count nothing (`data.deleted`).
    package let deleted: ValuePath?
    /// Where the answer names the batch it is about: must be the batch's idempotency key.
    package let batchID: ValuePath?
}

package struct RejectedShape: Sendable {
    package enum Pointer: String, Sendable { case index, key }
    package let list: ValuePath
    package let by: Pointer
    package let field: ValuePath
    /// A list of reasons inside each entry, each with a field and a reason…
    package let reasonList: ValuePath?
    package let reasonField: ValuePath?
    package let reasonText: ValuePath?
    /// …or one message per entry.
    package let message: ValuePath?
}

/// When and how often to try again.
package struct RetryPolicy: Sendable {
    package var attempts: Int
    package var maxSeconds: Double
    package var initialDelay: Double
    package var multiplier: Double
    package var maxDelay: Double
    /// 0…1: the share of each delay that is random.
    package var jitter: Double
    package var transient: AnswerMatch
    package var rateLimited: AnswerMatch?
    package var retryAfterHeader: String?
    /// Answers after which the request is signed again (fresh timestamp and nonce) and resent.
    package var reSign: AnswerMatch?
    /// Answers that mean "too large": the batch is split in halves.
    package var split: AnswerMatch?
}

/// One dataset (resource type, endpoint) and what differs for it from the profile's defaults.
package struct DatasetProfile: Sendable {
    package let name: String
    package let label: String?
    /// The key field(s); a compound key is joined with the push's key separator.
    package let key: [String]
    package let push: PushShape
    package let readBack: ReadBackShape?

    /// A record's key as this platform names it: the key fields' values (strings as they
    /// are, numbers as JSON) joined with the push's key separator.
    package func key(of payload: OrderedObject) -> String {
        key.map { payload[$0].map(PlatformTemplate.text(of:)) ?? "" }.joined(separator: push.keySeparator)
    }
}
