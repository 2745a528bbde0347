import HuitongCore
import Synchronization

/// A platform's bad days, on demand and reproducible: which requests get which fault.
///
/// Each rule picks requests by a share (a seeded random draw, so the same seed gives the
/// same faults in the same order) or by their position among the matching requests
/// (`sequence: [1, 2]`: the first two). Only requests whose path contains one of `paths`
/// match (all requests when `paths` is empty); the sandbox's own `/_sandbox/` endpoints never do.
package struct FaultRule: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// Answer with this HTTP status and the platform's error body for it (500, 503).
        case status(Int)
        /// Answer 429 with `Retry-After: seconds`.
        case rateLimited(retryAfterSeconds: Int)
        /// Wait this long before handling the request.
        case slow(seconds: Double)
        /// Handle the request (apply the batch), then close the connection without answering.
        case dropAfterApply
        /// Revoke every token issued so far, then handle the request (city platform).
        case revokeTokens
        /// Handle the request honestly (apply the batch, remember the honest answer), then
        /// answer this lie instead.
        case lie(AnswerLie)
    }

    package enum Selection: Sendable, Equatable {
        /// Each matching request gets the fault with this probability (0…1).
        case share(Double)
        /// The matching requests at these 1-based positions get the fault.
        case sequence(Set<Int>)
        /// Every n-th matching request gets the fault.
        case every(Int)
    }

    package var kind: Kind
    package var selection: Selection
    package var paths: [String]
    /// Only requests with this method match (`POST`), or any when nil.
    package var method: String?

    package init(kind: Kind, selection: Selection, paths: [String] = [], method: String? = nil) {
        self.kind = kind
        self.selection = selection
        self.paths = paths
        self.method = method
    }

    func matches(method requestMethod: String, path: String) -> Bool {
        if let method, method != requestMethod { return false }
        return paths.isEmpty || paths.contains { path.contains($0) }
    }
}

/// The faults of one platform and the state that makes them reproducible.
package final class FaultPlan: Sendable {
    package let rules: [FaultRule]
    package let seed: UInt64
    /// The server clock's skew, in seconds (a fault that applies to every request).
    package let clockSkewSeconds: Int
    private let state: Mutex<State>

    private struct State {
        var random: SeededRandom
        var matched: [Int]
    }

    package init(rules: [FaultRule] = [], seed: UInt64 = 1, clockSkewSeconds: Int = 0) {
        self.rules = rules
        self.seed = seed
        self.clockSkewSeconds = clockSkewSeconds
        state = Mutex(State(random: SeededRandom(seed: seed), matched: Array(repeating: 0, count: rules.count)))
    }

    /// No faults at all.
    package static let none = FaultPlan()

    /// The faults this request gets, in rule order. Every rule's draw happens whether or not it
    /// fires, so one rule's outcome never shifts another's.
    func faults(method: String, path: String) -> [FaultRule.Kind] {
        state.withLock { state in
            var chosen: [FaultRule.Kind] = []
            for (index, rule) in rules.enumerated() where rule.matches(method: method, path: path) {
                state.matched[index] += 1
                let position = state.matched[index]
                let draw = Double(state.random.next() >> 11) / Double(1 << 53)
                let fires: Bool = switch rule.selection {
                case let .share(probability): draw < probability
                case let .sequence(positions): positions.contains(position)
                case let .every(n): n > 0 && position % n == 0
                }
                if fires { chosen.append(rule.kind) }
            }
            return chosen
        }
    }
}
