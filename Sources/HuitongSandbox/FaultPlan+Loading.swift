import HuitongYAML

extension FaultPlan {
    /// Reads a platform's `faults:` section:
    ///
    ///     faults:
    ///       seed: 42
    ///       clock_skew_seconds: 400
    ///       rules:
    ///         - {status: 503, share: 0.1, paths: [/batches]}
    ///         - {rate_limit: 2, sequence: [3]}
    ///         - {slow: 1.5, share: 0.05}
    ///         - {drop_after_apply: true, every: 7, method: POST}
    ///         - {revoke_tokens: true, every: 20}
    ///         - {lie: short_count, sequence: [1], paths: [/batches]}
    ///
    /// Each rule names one fault (`status`, `rate_limit` seconds, `slow` seconds,
    /// `drop_after_apply`, `revoke_tokens`, `lie`: one of short_count, null_data,
    /// stray_rejection, foreign_answer, empty_body, html_body) and one selection (`share`,
    /// `sequence`, `every`).
    package static func load(from node: YAMLNode, defaultSeed: UInt64) throws(YAMLError) -> FaultPlan {
        var seed = defaultSeed
        var skew = 0
        var rules: [FaultRule] = []
        for entry in try node.requireMapping() {
            let key = try entry.key.requireString()
            switch key {
            case "seed": seed = UInt64(clamping: try entry.value.requireInt())
            case "clock_skew_seconds": skew = try entry.value.requireInt()
            case "rules":
                for item in try entry.value.requireSequence() { rules.append(try rule(item)) }
            default:
                throw entry.key.error(.unknownKey, "faults has no key \"\(key)\"; it takes seed, clock_skew_seconds and rules")
            }
        }
        return FaultPlan(rules: rules, seed: seed, clockSkewSeconds: skew)
    }

    private static func rule(_ node: YAMLNode) throws(YAMLError) -> FaultRule {
        var kind: FaultRule.Kind?
        var selection: FaultRule.Selection?
        var paths: [String] = []
        var method: String?
        func setKind(_ new: FaultRule.Kind, at key: YAMLNode) throws(YAMLError) {
            guard kind == nil else { throw key.error(.invalidValue, "a fault rule names one fault") }
            kind = new
        }
        func setSelection(_ new: FaultRule.Selection, at key: YAMLNode) throws(YAMLError) {
            guard selection == nil else { throw key.error(.invalidValue, "a fault rule has one of share, sequence, every") }
            selection = new
        }
        for entry in try node.requireMapping() {
            let key = try entry.key.requireString()
            let value = entry.value
            switch key {
            case "status":
                let status = try value.requireInt()
                guard (400...599).contains(status) else { throw value.error(.invalidValue, "status must be an HTTP error status, 400 to 599") }
                try setKind(.status(status), at: entry.key)
            case "rate_limit": try setKind(.rateLimited(retryAfterSeconds: max(0, try value.requireInt())), at: entry.key)
            case "slow": try setKind(.slow(seconds: max(0, try value.requireDouble())), at: entry.key)
            case "drop_after_apply": if try value.requireBool() { try setKind(.dropAfterApply, at: entry.key) }
            case "revoke_tokens": if try value.requireBool() { try setKind(.revokeTokens, at: entry.key) }
            case "lie":
                let name = try value.requireString()
                guard let lie = AnswerLie(rawValue: name) else {
                    throw value.error(.invalidValue, "unknown lie \"\(name)\"; lies: \(AnswerLie.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                try setKind(.lie(lie), at: entry.key)
            case "share":
                let share = try value.requireDouble()
                guard (0...1).contains(share) else { throw value.error(.invalidValue, "share is a probability from 0 to 1") }
                try setSelection(.share(share), at: entry.key)
            case "sequence":
                let positions = try value.requireSequence().map { item throws(YAMLError) in try item.requireInt() }
                try setSelection(.sequence(Set(positions)), at: entry.key)
            case "every":
                let n = try value.requireInt()
                guard n >= 1 else { throw value.error(.invalidValue, "every takes a whole number from 1") }
                try setSelection(.every(n), at: entry.key)
            case "paths": paths = try value.requireSequence().map { item throws(YAMLError) in try item.requireString() }
            case "method": method = try value.requireString().uppercased()
            default:
                throw entry.key.error(.unknownKey, "a fault rule has no key \"\(key)\"; faults: status, rate_limit, slow, drop_after_apply, revoke_tokens, lie; selections: share, sequence, every; filters: paths, method")
            }
        }
        guard let kind else { throw node.error(.missingKey, "a fault rule needs a fault: status, rate_limit, slow, drop_after_apply, revoke_tokens or lie") }
        guard let selection else { throw node.error(.missingKey, "a fault rule needs share, sequence or every") }
        return FaultRule(kind: kind, selection: selection, paths: paths, method: method)
    }
}
