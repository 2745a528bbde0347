import HuitongCore

/// The `Idempotency-Key`s the city platform remembers (§2.5), and the answers it gave.
///
/// Keys are scoped per client (the client the bearer token was issued to): two departments
/// that happen to choose the same key never see each other's answers. A key is remembered
/// together with the request's path and the SM3 of its body for `windowMilliseconds` after
/// it was first processed; within that window the same key with the same path and body gets
/// the first answer again, and with another path or body a conflict.
///
/// Only processed requests (HTTP 200, including batches where some items failed) are
/// remembered: a request refused as a whole (400, 413) changed nothing, so the client may fix
/// it and send it again under the same key.
struct CityIdempotencyStore {
    /// What a key means for an incoming request.
    enum Lookup {
        /// Not seen within the window: process the request.
        case new
        /// Seen with this path and body: answer this again, apply nothing.
        case replay(CityReply)
        /// Seen with another path or body.
        case conflict(String)
    }

    private struct Scope: Hashable {
        var clientID: String
        var key: String
    }

    private struct Entry {
        var path: String
        var bodyDigest: Digest
        var reply: CityReply
        var expiresAt: Timestamp
    }

    let windowMilliseconds: Int64
    private var entries: [Scope: Entry] = [:]
    /// Scopes in the order they were remembered, so expired entries go from the front.
    private var expiryQueue: [(scope: Scope, expiresAt: Timestamp)] = []

    init(windowMilliseconds: Int64) {
        self.windowMilliseconds = windowMilliseconds
    }

    /// Whether `key` is 1 to 64 characters of `[A-Za-z0-9_-]` (§2.5).
    static func isValid(key: String) -> Bool {
        let bytes = key.utf8
        return (1...64).contains(bytes.count) && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// Number of keys remembered now.
    var count: Int { entries.count }

    mutating func lookup(clientID: String, key: String, path: String, bodyDigest: Digest, now: Timestamp) -> Lookup {
        removeExpired(now: now)
        // The queue is in processing order; if the clock was set back it is not quite in expiry
        // order, so an entry is checked on its own as well.
        guard let entry = entries[Scope(clientID: clientID, key: key)], entry.expiresAt > now else { return .new }
        if entry.path != path {
            return .conflict("Idempotency-Key \(key) was already used for \(entry.path) within 24 hours")
        }
        if entry.bodyDigest != bodyDigest {
            return .conflict("Idempotency-Key \(key) was already used with a different body within 24 hours")
        }
        return .replay(entry.reply)
    }

    /// Remembers the answer given to a processed request.
    mutating func remember(clientID: String, key: String, path: String, bodyDigest: Digest, reply: CityReply, now: Timestamp) {
        let scope = Scope(clientID: clientID, key: key)
        let expiresAt = now.adding(milliseconds: windowMilliseconds)
        entries[scope] = Entry(path: path, bodyDigest: bodyDigest, reply: reply, expiresAt: expiresAt)
        expiryQueue.append((scope, expiresAt))
    }

    private mutating func removeExpired(now: Timestamp) {
        var expired = 0
        while expired < expiryQueue.count, expiryQueue[expired].expiresAt <= now {
            let (scope, expiresAt) = expiryQueue[expired]
            // The queue entry may be stale if the key was remembered again after expiring.
            if entries[scope]?.expiresAt == expiresAt { entries[scope] = nil }
            expired += 1
        }
        if expired > 0 { expiryQueue.removeFirst(expired) }
    }
}
