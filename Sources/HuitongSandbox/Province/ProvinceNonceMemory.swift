/// The nonces each app key used in the last window (10 minutes), to refuse replays (4012).
///
/// Bounded by time: every insertion first forgets the entries older than the window, oldest
/// first, so memory holds at most one window's worth of signed requests. A plain value; the
/// platform keeps it inside its locked state.
struct ProvinceNonceMemory: Sendable {
    private struct Entry: Sendable {
        var appKey: String
        var nonce: String
        var seenAt: Int64
    }

    let windowMilliseconds: Int64
    /// When each remembered nonce was seen, by app key.
    private var seen: [String: [String: Int64]] = [:]
    /// The same entries in the order they were seen, for expiry; `expired` counts the ones
    /// already dropped from the front, compacted away now and then.
    private var order: [Entry] = []
    private var expired = 0

    init(windowMilliseconds: Int64) {
        self.windowMilliseconds = windowMilliseconds
    }

    /// How many nonces are remembered now.
    var count: Int { order.count - expired }

    /// Records `nonce` for `appKey` at `now` and returns true, or returns false (remembering
    /// nothing) when the app key used it less than a window ago.
    mutating func admit(nonce: String, appKey: String, now: Int64) -> Bool {
        forget(before: now - windowMilliseconds)
        if let previous = seen[appKey]?[nonce], now - previous < windowMilliseconds {
            return false
        }
        seen[appKey, default: [:]][nonce] = now
        order.append(Entry(appKey: appKey, nonce: nonce, seenAt: now))
        return true
    }

    /// Drops entries seen before `cutoff`. Entries are in the order seen; should the clock have
    /// been set back, a later entry may carry an earlier time and simply waits its turn.
    private mutating func forget(before cutoff: Int64) {
        while expired < order.count, order[expired].seenAt < cutoff {
            let entry = order[expired]
            // Remove only if the map still holds this sighting (not a later re-admission).
            if seen[entry.appKey]?[entry.nonce] == entry.seenAt {
                seen[entry.appKey]?[entry.nonce] = nil
                if seen[entry.appKey]?.isEmpty == true { seen[entry.appKey] = nil }
            }
            expired += 1
        }
        if expired > 1_024, expired * 2 > order.count {
            order.removeFirst(expired)
            expired = 0
        }
    }
}
