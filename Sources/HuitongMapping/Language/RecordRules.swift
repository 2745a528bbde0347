import HuitongCore

/// A condition on one output field's value (`when:` of `require` and `forbid`).
struct FieldCondition: Sendable {
    enum Test: Sendable {
        case equals(Value)
        case notEquals(Value)
        case oneOf([Value])
        case present
    }

    let field: String
    let test: Test

    func holds(in record: OrderedObject) -> Bool {
        let value = record[field] ?? .null
        switch test {
        case let .equals(expected): return !value.isNull && ValueComparison.equal(value, expected)
        case let .notEquals(expected): return value.isNull || !ValueComparison.equal(value, expected)
        case let .oneOf(list): return list.contains { ValueComparison.equal(value, $0) }
        case .present: return !value.isNull
        }
    }
}

/// A record-level check on the output record.
enum RecordCheck: Sendable {
    enum Operator: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    }

    /// What a `compare` compares: the values themselves, or the calendar dates they name.
    enum Basis: String, Sendable {
        /// Numbers by value, RFC 3339 times as instants, text by code points.
        case value
        /// The Beijing calendar date of each side (`as: date`), so a platform's date and time
        /// written apart can be checked to agree (a `yyyy-MM-dd HH:mm:ss` time and its `yyyy-MM-dd` day).
        case date
    }

    /// Both present and the comparison false → fails.
    case compare(left: String, op: Operator, right: String, basis: Basis)
    /// `field` must be present when the condition holds.
    case require(field: String, when: FieldCondition?)
    /// `field` must be absent when the condition holds.
    case forbid(field: String, when: FieldCondition?)

    /// nil when the record passes; otherwise the field the failure is about.
    func failure(in record: OrderedObject) -> String? {
        switch self {
        case let .compare(left, op, right, basis):
            guard let a = record[left], let b = record[right], !a.isNull, !b.isNull,
                  let order = basis == .date ? ValueComparison.dateOrder(a, b) : ValueComparison.order(a, b)
            else { return nil }
            let holds: Bool = switch op {
            case .less: order < 0
            case .lessOrEqual: order <= 0
            case .greater: order > 0
            case .greaterOrEqual: order >= 0
            case .equal: order == 0
            case .notEqual: order != 0
            }
            return holds ? nil : left
        case let .require(field, condition):
            guard condition?.holds(in: record) ?? true else { return nil }
            return (record[field] ?? .null).isNull ? field : nil
        case let .forbid(field, condition):
            guard condition?.holds(in: record) ?? true else { return nil }
            return (record[field] ?? .null).isNull ? nil : field
        }
    }
}

/// A check with what happens when it fails.
struct CompiledCheck: Sendable {
    let check: RecordCheck
    /// `reject` or `warn` (a `default` makes no sense for a whole record).
    let policy: FailurePolicy
    let reason: String
    /// The rule's name for reasons (`compare`, `require`, `forbid`).
    let ruleName: String
}

/// Skips records that are not for this target: a value not in the allowed list.
struct FilterRule: Sendable {
    /// Where the value is read: an input field (before mapping) or an output field (after).
    enum Place: Sendable {
        case input(InputPath)
        case output(String)
    }

    let place: Place
    let allowed: [Value]
    /// Replaces `allowed` in joint-test runs (CAP `Exercise` alerts, for instance).
    let allowedInTest: [Value]?

    /// nil when the record passes; the skip reason otherwise.
    func skipReason(value: Value?, testMode: Bool) -> String? {
        let list = testMode ? (allowedInTest ?? allowed) : allowed
        let value = value ?? .null
        if list.contains(where: { ValueComparison.equal(value, $0) }) { return nil }
        let name = switch place {
        case let .input(path): path.description
        case let .output(field): field
        }
        let shown = value.isNull ? "absent" : ValueComparison.text(value)
        return "\(name) is \(shown), not for this target (\(testMode ? "joint-test run" : "production run"))"
    }
}

/// Among records with the same key in one read, which one is kept.
package struct DeduplicationRule: Sendable {
    package enum Keep: String, Sendable {
        /// The record with the greatest `orderBy` value; on a tie the later record.
        case latest
        /// The record with the smallest `orderBy` value; on a tie the earlier record.
        case earliest
    }

    package enum LoserFate: String, Sendable {
        /// The losers are set aside with the reason `duplicate`.
        case setAside = "set_aside"
        /// The losers are skipped silently (a register that keeps one row per key by design).
        case skip
    }

    package let key: [String]
    /// The field that orders duplicates; nil when the source has none (the later record wins).
    package let orderBy: String?
    package let keep: Keep
    package let loser: LoserFate

    /// True when `candidate` (read later) should replace `current` for the same key.
    package func prefers(_ candidate: OrderedObject, over current: OrderedObject) -> Bool {
        guard let orderBy else { return keep == .latest }
        let order = ValueComparison.order(candidate[orderBy] ?? .null, current[orderBy] ?? .null) ?? 0
        switch keep {
        case .latest: return order >= 0
        case .earliest: return order < 0
        }
    }

    /// The key of a record as one string, parts joined with `|` as the province does.
    package func keyText(of record: OrderedObject) -> String {
        // One part, the usual case, needs no array of parts and no join.
        if key.count == 1 { return ValueComparison.text(record[key[0]] ?? .null) }
        return key.map { ValueComparison.text(record[$0] ?? .null) }.joined(separator: "|")
    }
}

/// All record rules of a mapping, sorted by when they apply.
struct CompiledRules: Sendable {
    var inputFilters: [FilterRule] = []
    var outputFilters: [FilterRule] = []
    var checks: [CompiledCheck] = []
    var deduplication: DeduplicationRule?
}
