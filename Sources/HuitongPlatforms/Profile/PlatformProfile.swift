import HuitongCore

/// What one external platform expects, read from `plugins/platforms/<name>.yaml`.
///
/// Everything the generic `PlatformConnector` needs to speak to the platform is here:
/// authentication, signing, the shape of a batch, how to read an answer, when to retry,
/// how to read back what the platform holds. No platform is described in Swift.
public struct PlatformProfile: Sendable {
    public let name: String
    public let version: Int
    public let description: String
    /// The published interface this profile follows (`province-exchange-v1`).
    public let contract: String?
    /// The file the profile was read from, for messages.
    public let file: String

    public let credentials: [CredentialRequirement]
    public let options: [ProfileOption]
    /// Headers on every request (`Content-Type`).
    public let headers: [HeaderTemplate]
    public let authentication: AuthenticationScheme
    public let signing: SigningScheme?
    public let bodyDigest: BodyDigest?
    public let answer: AnswerShape
    public let ping: PingRequest?
    public let push: PushShape
    public let retry: RetryPolicy
    public let readBack: ReadBackShape?
    /// The datasets (resource types, endpoints) in the order the profile lists them.
    public let datasets: [DatasetProfile]

    public func dataset(named name: String) -> DatasetProfile? {
        datasets.first { $0.name == name }
    }

    public func credential(named name: String) -> CredentialRequirement? {
        credentials.first { $0.name == name }
    }
}

/// A credential the configuration must supply (never the profile).
public struct CredentialRequirement: Sendable {
    public let name: String
    public let description: String
    /// A secret is only accepted as an `${env:…}` or `${file:…}` reference and never shown.
    public let secret: Bool
}

/// An operator-settable knob (`sign_method`), with its default and allowed values.
public struct ProfileOption: Sendable {
    public let name: String
    public let defaultValue: String
    public let allowed: [String]?
}

/// One header line whose value may use placeholders.
public struct HeaderTemplate: Sendable {
    public let name: String
    public let value: PlatformTemplate
}

/// Which answers a rule applies to: HTTP statuses and, optionally, the answer's error codes —
/// or several such alternatives (`[{status: [502, 504]}, {status: [503], codes: [E_BUSY]}]`).
public struct AnswerMatch: Sendable {
    public let statuses: Set<Int>
    /// Compared with the answer's code as text (`4011`, `TOKEN_EXPIRED`); empty: any code.
    public let codes: Set<String>
    /// Further alternatives, any of which may match too.
    public let alternatives: [AnswerMatch]

    public init(statuses: Set<Int>, codes: Set<String> = []) {
        self.statuses = statuses
        self.codes = codes
        alternatives = []
    }

    /// A match of any of `matches`.
    public init(anyOf matches: [AnswerMatch]) {
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
public enum AuthenticationScheme: Sendable {
    case none
    /// `Authorization: Bearer <value>` (or the declared header and value template).
    case staticHeader(HeaderTemplate)
    /// HTTP Basic with a user name and password rendered from credentials.
    case basic(username: PlatformTemplate, password: PlatformTemplate)
    case tokenEndpoint(TokenEndpoint)
}

/// A token fetched from an endpoint and reused until it expires or the platform refuses it.
public struct TokenEndpoint: Sendable {
    public let method: String
    public let path: String
    public let body: PlatformTemplate?
    public let tokenPath: ValuePath
    /// Where the lifetime in seconds is; absent: `defaultLifetimeSeconds`.
    public let expiresInPath: ValuePath?
    public let defaultLifetimeSeconds: Int
    public let header: String
    /// The header value, with `{token}`.
    public let value: PlatformTemplate
    /// Answers that mean "this token is no longer good": fetch a new one and resend once.
    public let renewOn: AnswerMatch
    /// Answers of the token endpoint that mean the credentials are wrong: stop.
    public let refused: AnswerMatch?
    /// At most `requests` token requests per `perSeconds`.
    public let rateLimit: (requests: Int, perSeconds: Double)?
}

/// The two HMAC schemes the contracts name.
public enum SigningAlgorithm: String, Sendable, CaseIterable {
    case hmacSHA256 = "HMAC-SHA256"
    case hmacSM3 = "HMAC-SM3"
}

/// The digest functions a profile may name.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
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
public struct SigningScheme: Sendable {
    /// Resolves (with options) to one of `SigningAlgorithm`'s names.
    public let algorithm: PlatformTemplate
    /// The credential that is the HMAC key.
    public let secretCredential: String
    public let timestampInMilliseconds: Bool
    public let nonceLength: Int
    public let stringToSign: [PlatformTemplate]
    public let separator: String
    /// Hash of the body in the string to sign; nil: the hash of the HMAC algorithm.
    public let bodyHash: DigestAlgorithm?
    /// How the HMAC's bytes are written into `{signature}`.
    public let encoding: SignatureEncoding
    public let headers: [HeaderTemplate]
}

/// How a signature's bytes become header text.
public enum SignatureEncoding: String, Sendable, CaseIterable {
    /// Lowercase hexadecimal, two characters a byte (the province).
    case hex
    /// RFC 4648 base64 with padding, as `Authorization: HMAC-SM3 keyId=…,signature=…`-style
    /// headers usually carry it.
    case base64
}

/// A header carrying a digest of the body (`X-Content-SM3`).
public struct BodyDigest: Sendable {
    public let header: String
    public let algorithm: DigestAlgorithm
    public let methods: Set<String>
}

/// How to tell success from failure and where the answer's code and message are.
public struct AnswerShape: Sendable {
    public let successStatuses: Set<Int>
    /// A body field that must equal `successValue` too (`code == 0`, `success == true`).
    public let successField: ValuePath?
    public let successValue: Value?
    public let codePath: ValuePath?
    public let messagePath: ValuePath?
}

/// The request that checks reachability, authentication and clock skew.
public struct PingRequest: Sendable {
    public let method: String
    public let path: String
    public let query: [QueryParameter]
    public let serverTime: ServerTimeSource?
}

/// Where a platform says what time it thinks it is.
public enum ServerTimeSource: Sendable {
    case field(ValuePath, format: TimestampFormat, offset: UTCOffset)
    /// An HTTP `Date` header (RFC 9110 IMF-fixdate).
    case dateHeader(String)
}

/// One query parameter, possibly only in joint-test mode.
public struct QueryParameter: Sendable {
    public let name: String
    public let value: PlatformTemplate
    /// Sent only when the run is a joint test.
    public let onlyInTestMode: Bool
}

/// The shape of a batch request and of its answer.
public struct PushShape: Sendable {
    public let method: String
    /// With `{dataset}`.
    public let path: String
    public let body: BatchBody
    public let upsertItem: PlatformTemplate
    public let idempotency: IdempotencyCarrier
    public let limits: BatchLimits
    public let deletes: DeleteStyle
    /// Joins the values of a compound key (`"|"`).
    public let keySeparator: String
    public let outcome: OutcomeShape
}

public enum BatchBody: Sendable {
    /// An object built from a template, with `{upserts}`/`{deletes}`/`{items}` inside.
    case envelope(PlatformTemplate, omitWhenEmpty: Set<String>)
    /// A bare JSON array of the items.
    case array
}

public enum IdempotencyCarrier: Sendable, Equatable {
    case none
    /// `{idempotency_key}` is used in the envelope.
    case envelope(length: Int)
    case header(String, length: Int)

    var length: Int? {
        switch self {
        case .none: nil
        case let .envelope(length), let .header(_, length): length
        }
    }
}

public struct BatchLimits: Sendable, Equatable {
    public var items: Int
    /// Body size in bytes; nil: no limit published.
    public var bytes: Int?
}

/// How records to delete travel.
public enum DeleteStyle: Sendable {
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
public struct OutcomeShape: Sendable {
    public let duplicatePath: ValuePath?
    public let rejected: RejectedShape?
    /// The counts and echoes the answer carries (`push.outcome.accounting`); nil: none.
    public let accounting: AccountingShape?
}

/// Where a batch answer counts what the platform did with the request's items, and where it
/// echoes the batch's idempotency key. Every declared count must reconcile with the items
/// sent and the rejections listed, or the answer leaves the batch unconfirmed.
public struct AccountingShape: Sendable {
    /// Which of the request's items a count is about.
    public enum Items: String, Sendable, CaseIterable {
        case upserts, deletes
        /// Every item the request carried: upserts and the deletes that travel with them.
        case items
    }

    /// A count in the answer and the items it counts.
    public struct Count: Sendable {
        public let path: ValuePath
        public let items: Items
    }

    /// The items the platform says it received: exactly those sent (`result.total`).
    public let received: Count?
    /// The items the platform says it stored: those sent minus those it rejected
    /// (`data.accepted`, `result.succeeded`).
    public let accepted: Count?
    /// Deletes that removed something: at least 0, at most the deletes sent minus those
    /// rejected, since deleting an unknown key may count nothing (`data.deleted`).
    public let deleted: ValuePath?
    /// Where the answer names the batch it is about: must be the batch's idempotency key.
    public let batchID: ValuePath?
}

public struct RejectedShape: Sendable {
    public enum Pointer: String, Sendable { case index, key }
    public let list: ValuePath
    public let by: Pointer
    public let field: ValuePath
    /// A list of reasons inside each entry, each with a field and a reason…
    public let reasonList: ValuePath?
    public let reasonField: ValuePath?
    public let reasonText: ValuePath?
    /// …or one message per entry.
    public let message: ValuePath?
}

/// When and how often to try again.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var maxSeconds: Double
    public var initialDelay: Double
    public var multiplier: Double
    public var maxDelay: Double
    /// 0…1: the share of each delay that is random.
    public var jitter: Double
    public var transient: AnswerMatch
    public var rateLimited: AnswerMatch?
    public var retryAfterHeader: String?
    /// Answers after which the request is signed again (fresh timestamp and nonce) and resent.
    public var reSign: AnswerMatch?
    /// Answers that mean "too large": the batch is split in halves.
    public var split: AnswerMatch?
}

/// How to page through what the platform holds.
public struct ReadBackShape: Sendable {
    public let method: String
    public let path: String
    public let query: [QueryParameter]
    public let firstPage: Int
    public let pageSize: Int
    public let records: ValuePath
    public let total: ValuePath?
    /// At most this many pages per read: a platform whose paging never ends is an error, not
    /// an endless loop.
    public let maxPages: Int

    /// `max_pages` when the profile does not say: far beyond any register, well short of forever.
    public static let defaultMaxPages = 100_000
}

/// One dataset (resource type, endpoint) and what differs for it from the profile's defaults.
public struct DatasetProfile: Sendable {
    public let name: String
    public let label: String?
    /// The key field(s); a compound key is joined with the push's key separator.
    public let key: [String]
    public let push: PushShape
    public let readBack: ReadBackShape?

    /// A record's key as this platform names it: the key fields' values (strings as they
    /// are, numbers as JSON) joined with the push's key separator.
    public func key(of payload: OrderedObject) -> String {
        key.map { payload[$0].map(PlatformTemplate.text(of:)) ?? "" }.joined(separator: push.keySeparator)
    }
}
