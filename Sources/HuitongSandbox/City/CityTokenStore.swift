import HuitongCore

/// The access tokens the city platform has issued (§2), and which of them still work.
///
/// A token works until `expiresIn` seconds after it was issued, by the platform's clock, or
/// until it is revoked. Tokens are 128 random bits from the system generator as 32 lowercase
/// hex digits: nothing about them is predictable from earlier ones.
struct CityTokenStore {
    /// Why a presented token does not work; every case is answered `TOKEN_EXPIRED` (§2.3).
    enum Refusal: Error, Equatable {
        case missing
        case unknown
        case expired
        case revoked

        var message: String {
            switch self {
            case .missing: "Authorization: Bearer <accessToken> is required; fetch a token from /openapi/v2/auth/token"
            case .unknown: "the access token is unknown; fetch a new one"
            case .expired: "the access token has expired; fetch a new one"
            case .revoked: "the access token was revoked; fetch a new one"
            }
        }
    }

    private struct Grant {
        let clientID: String
        let expiresAt: Timestamp
        var revoked = false
    }

    private var grants: [String: Grant] = [:]

    /// A new token for `clientID`, valid for `lifetimeSeconds` from `now`.
    mutating func issue(to clientID: String, now: Timestamp, lifetimeSeconds: Int) -> String {
        removeExpired(now: now)
        var generator = SystemRandomNumberGenerator()
        var token: String
        repeat {
            token = (0..<2).map { _ in Self.hex(generator.next() as UInt64) }.joined()
        } while grants[token] != nil
        grants[token] = Grant(clientID: clientID, expiresAt: now.adding(milliseconds: Int64(lifetimeSeconds) * 1_000))
        return token
    }

    /// The client a token belongs to, or why it does not work at `now`.
    func client(presenting token: String, now: Timestamp) -> Result<String, Refusal> {
        guard let grant = grants[token] else { return .failure(.unknown) }
        if grant.revoked { return .failure(.revoked) }
        if now >= grant.expiresAt { return .failure(.expired) }
        return .success(grant.clientID)
    }

    /// Revokes every token issued so far; tokens issued later work.
    mutating func revokeAll() {
        for token in grants.keys { grants[token]?.revoked = true }
    }

    /// Revokes the tokens issued so far to one client.
    mutating func revokeAll(ofClient clientID: String) {
        for (token, grant) in grants where grant.clientID == clientID { grants[token]?.revoked = true }
    }

    /// Tokens that would be accepted at `now`.
    func activeCount(now: Timestamp) -> Int {
        grants.values.count { !$0.revoked && now < $0.expiresAt }
    }

    /// Forgets tokens past their expiry: they would be refused anyway, as unknown instead of
    /// expired, and the store must not grow with every token ever issued.
    private mutating func removeExpired(now: Timestamp) {
        // An hour of grace keeps the "expired" message for tokens that have just run out.
        let horizon = now.adding(milliseconds: -3_600_000)
        grants = grants.filter { $0.value.expiresAt > horizon }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The token request limit (§2.3): at most `limit` requests per client in any sliding window
/// of `windowMilliseconds`.
///
/// Only admitted requests take a slot, so a client that waits `Retry-After` seconds always gets
/// through; requests that were refused with 429 do not prolong the wait.
struct CityTokenRateLimiter {
    let limit: Int
    let windowMilliseconds: Int64
    private var admitted: [String: [Timestamp]] = [:]

    init(limit: Int, windowMilliseconds: Int64 = 60_000) {
        self.limit = limit
        self.windowMilliseconds = windowMilliseconds
    }

    /// Takes a slot for `clientID` at `now`; returns nil when admitted, otherwise the whole
    /// seconds (at least 1) until the oldest slot in the window frees.
    mutating func admit(_ clientID: String, now: Timestamp) -> Int? {
        let windowStart = now.adding(milliseconds: -windowMilliseconds)
        var times = (admitted[clientID] ?? []).filter { $0 > windowStart }
        defer { admitted[clientID] = times.isEmpty ? nil : times }
        guard times.count >= limit, let oldest = times.first else {
            times.append(now)
            return nil
        }
        let waitMilliseconds = oldest.millisecondsSinceEpoch + windowMilliseconds - now.millisecondsSinceEpoch
        return max(1, Int((waitMilliseconds + 999) / 1_000))
    }
}
