import HuitongCore
import HuitongYAML

/// How old a job's last success may be (`freshness: {warn: 2h, error: 1d}`), as dbt's
/// source freshness: `huitong status` flags a job whose last successful run is older than
/// `warn` or `error`. At least one is given; when both are, `warn` is the shorter.
package struct FreshnessPolicy: Sendable, Equatable {
    package var warnSeconds: Int64?
    package var errorSeconds: Int64?

    package init(warnSeconds: Int64? = nil, errorSeconds: Int64? = nil) {
        self.warnSeconds = warnSeconds
        self.errorSeconds = errorSeconds
    }

    /// How a job stands against its policy.
    package enum Level: String, Sendable {
        case fresh
        case warn
        case error
    }

    /// The level of a job whose last success was at `lastSuccess` (nil: never), at `now`. A
    /// job that never succeeded is as stale as the policy can say.
    package func level(lastSuccess: Timestamp?, now: Timestamp) -> Level {
        guard let lastSuccess else { return errorSeconds != nil ? .error : .warn }
        let age = (now.millisecondsSinceEpoch - lastSuccess.millisecondsSinceEpoch) / 1000
        if let errorSeconds, age > errorSeconds { return .error }
        if let warnSeconds, age > warnSeconds { return .warn }
        return .fresh
    }

    /// Reads `freshness: {warn: DURATION, error: DURATION}`; problems go to `errors` at their line.
    static func read(_ node: YAMLNode, job: String, into errors: inout YAMLErrorCollector) -> FreshnessPolicy? {
        guard node.mappingEntries != nil else {
            errors.add(node.error(.typeMismatch, "freshness is a mapping: {warn: 2h, error: 1d}"))
            return nil
        }
        let fields = node.entries(allowing: ["warn", "error"], what: "the freshness of job \(job)", into: &errors)
        var policy = FreshnessPolicy()
        var valid = true
        for (key, slot) in [("warn", \FreshnessPolicy.warnSeconds), ("error", \FreshnessPolicy.errorSeconds)] {
            guard let value = fields[key] else { continue }
            guard let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) else {
                valid = false
                continue
            }
            guard let seconds = DurationText.seconds(text) else {
                errors.add(value.error(.invalidValue, "\(key) is how old the last success may be: a whole number and s, m, h or d (30m, 2h, 1d), not \"\(text)\""))
                valid = false
                continue
            }
            policy[keyPath: slot] = seconds
        }
        guard valid else { return nil }
        guard policy.warnSeconds != nil || policy.errorSeconds != nil else {
            // An unknown key alone was reported as such.
            if fields.isEmpty, node.mappingEntries?.isEmpty == true {
                errors.add(node.error(.missingKey, "freshness needs warn:, error: or both (how old the last success may be: 2h, 1d)"))
            }
            return nil
        }
        if let warn = policy.warnSeconds, let error = policy.errorSeconds, warn >= error, let place = fields["warn"] {
            errors.add(place.error(.invalidValue, "warn (\(DurationText.text(seconds: warn))) must be a shorter age than error (\(DurationText.text(seconds: error)))"))
            return nil
        }
        return policy
    }
}
