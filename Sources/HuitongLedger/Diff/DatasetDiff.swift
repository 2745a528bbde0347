import HuitongCore

/// One field that differs between two versions of a record: its path (`capacity`,
/// `location.lon`, `contacts[1].phone`), and its old and new values (nil: absent).
package struct FieldChange: Sendable, Equatable {
    package let path: String
    package let old: Value?
    package let new: Value?

    package init(path: String, old: Value?, new: Value?) {
        self.path = path
        self.old = old
        self.new = new
    }
}

/// One difference between two keyed datasets.
package enum DatasetDifference: Sendable, Equatable {
    case added(key: String, record: Value)
    case removed(key: String, record: Value)
    case changed(key: String, changes: [FieldChange])

    package var key: String {
        switch self {
        case let .added(key, _), let .removed(key, _), let .changed(key, _): key
        }
    }

    package var kind: DiffKind {
        switch self {
        case .added: .added
        case .removed: .removed
        case .changed: .changed
        }
    }
}

package enum DiffKind: String, Sendable, CaseIterable {
    case added, removed, changed
}

/// What a comparison ignores: fields by name or path (`updated_at`, `location.lon`: the field
/// and everything under it), and numeric differences up to `tolerance`.
package struct DiffRules: Sendable, Equatable {
    package var ignore: Set<String> = []
    package var tolerance: Double = 0

    package init(ignore: Set<String> = [], tolerance: Double = 0) {
        self.ignore = ignore
        self.tolerance = tolerance
    }

    /// Whether `path` is left out: a field named by its path (`location.lon`), or under one
    /// (`contacts` covers `contacts[0].phone`); array positions need not be named
    /// (`contacts.phone` covers `contacts[3].phone`).
    func ignores(_ path: String) -> Bool {
        if ignore.contains(path) { return true }
        if ignore.contains(where: { path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }) { return true }
        let general = Self.positionsReplaced(in: path, with: "")
        guard general != path else { return false }
        return ignore.contains(general) || ignore.contains { general.hasPrefix($0 + ".") }
    }

    /// `contacts[3].phone` with each array position replaced: `contacts.phone` (with ""),
    /// `contacts[].phone` (with "[]").
    static func positionsReplaced(in path: String, with replacement: String) -> String {
        guard path.contains("[") else { return path }
        var result = ""
        var inBracket = false
        for character in path {
            if character == "[" {
                inBracket = true
                result += replacement
            } else if character == "]" {
                inBracket = false
            } else if !inBracket {
                result.append(character)
            }
        }
        return result
    }

    /// The fields in which `old` and `new` differ, by path, in the order of `new`'s members
    /// then the members only `old` has. Objects are compared member by member, arrays item by
    /// item; numbers within `tolerance` of each other, and an integer and a double of one value,
    /// are equal.
    package func changes(from old: Value, to new: Value) -> [FieldChange] {
        var changes: [FieldChange] = []
        compare(old, new, path: "", into: &changes)
        return changes
    }

    private func compare(_ old: Value?, _ new: Value?, path: String, into changes: inout [FieldChange]) {
        if !path.isEmpty, ignores(path) { return }
        switch (old, new) {
        case let (.object(left)?, .object(right)?):
            for (name, value) in right { compare(left[name], value, path: Self.join(path, name), into: &changes) }
            for (name, value) in left where right[name] == nil { compare(value, nil, path: Self.join(path, name), into: &changes) }
        case let (.array(left)?, .array(right)?) where left.count == right.count:
            for index in left.indices { compare(left[index], right[index], path: "\(path)[\(index)]", into: &changes) }
        default:
            if !equal(old, new) { changes.append(FieldChange(path: path.isEmpty ? "." : path, old: old, new: new)) }
        }
    }

    private func equal(_ old: Value?, _ new: Value?) -> Bool {
        guard let old, let new else { return old == nil && new == nil }
        if case let .integer(left) = old, case let .integer(right) = new {
            // Exactly: beyond 2^53 a Double would merge neighbouring integers (long numeric ids).
            guard left != right else { return true }
            let (difference, overflow) = left.subtractingReportingOverflow(right)
            return !overflow && tolerance > 0 && Double(difference.magnitude) <= tolerance
        }
        if let left = Self.number(old), let right = Self.number(new) {
            return left == right || abs(left - right) <= tolerance
        }
        return old == new
    }

    private static func number(_ value: Value) -> Double? {
        switch value {
        case let .integer(number): Double(number)
        case let .double(number): number
        default: nil
        }
    }

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }
}

/// A record as an input gives it: a value, or its canonical JSON bytes (as the ledger stores
/// it), parsed only when it differs from the record it is compared with — two records with the
/// same canonical bytes are equal.
package enum RecordBody: Sendable {
    case value(Value)
    case canonical([UInt8])

    package func value() throws -> Value {
        switch self {
        case let .value(value): value
        case let .canonical(bytes): try JSONReader().value(from: bytes)
        }
    }
}

/// Records of a dataset in ascending key order (UTF-8 bytes, as the ledger keeps them).
package protocol KeyedRecords {
    /// Where the records come from, for messages.
    var name: String { get }
    /// The next record, nil at the end.
    mutating func next() throws -> (key: String, body: RecordBody)?
}

/// A problem that keeps a diff from being trusted: a key twice, or keys out of order.
package struct DiffInputError: Error, Sendable, CustomStringConvertible {
    package let input: String
    package let message: String
    package var description: String { "\(input): \(message)" }

    package init(input: String, message: String) {
        self.input = input
        self.message = message
    }
}

/// The differences of two keyed datasets, by merging them in key order: memory holds one
/// record of each, whatever their size.
package struct DatasetDiff {
    package struct Summary: Sendable, Equatable {
        package var old = 0
        package var new = 0
        package var added = 0
        package var removed = 0
        package var changed = 0
        package var unchanged = 0
        /// How many changed records each field changed in, by path with array positions written
        /// `[]` (`contacts[].phone`), so the table stays as small as the records' shape.
        package var fieldCounts: [String: Int] = [:]

        package var differs: Bool { added + removed + changed > 0 }
    }

    package let rules: DiffRules

    package init(rules: DiffRules = DiffRules()) {
        self.rules = rules
    }

    /// Calls `body` with each difference in key order; the summary of all of them.
    ///
    /// - Throws: ``DiffInputError`` when an input holds a key twice or out of order (the diff
    ///   stops there: a merge over such input would pair the wrong records), or what an input
    ///   or `body` throws.
    package func run(old: inout some KeyedRecords, new: inout some KeyedRecords, _ body: (DatasetDifference) throws -> Void) throws -> Summary {
        var summary = Summary()
        var left = try Self.advance(&old, after: nil)
        var right = try Self.advance(&new, after: nil)
        while left != nil || right != nil {
            if let l = left, right == nil || RecordOrder.keyPrecedes(l.key, right!.key) {
                summary.old += 1
                summary.removed += 1
                try body(.removed(key: l.key, record: try l.body.value()))
                left = try Self.advance(&old, after: l.key)
            } else if let r = right, left == nil || RecordOrder.keyPrecedes(r.key, left!.key) {
                summary.new += 1
                summary.added += 1
                try body(.added(key: r.key, record: try r.body.value()))
                right = try Self.advance(&new, after: r.key)
            } else {
                let l = left!, r = right!
                summary.old += 1
                summary.new += 1
                var changes: [FieldChange] = []
                if case let .canonical(before) = l.body, case let .canonical(after) = r.body, before == after {
                    // The same canonical bytes: the same record, whatever the rules.
                } else {
                    changes = rules.changes(from: try l.body.value(), to: try r.body.value())
                }
                if changes.isEmpty {
                    summary.unchanged += 1
                } else {
                    summary.changed += 1
                    for path in Set(changes.map { DiffRules.positionsReplaced(in: $0.path, with: "[]") }) { summary.fieldCounts[path, default: 0] += 1 }
                    try body(.changed(key: r.key, changes: changes))
                }
                left = try Self.advance(&old, after: l.key)
                right = try Self.advance(&new, after: r.key)
            }
        }
        return summary
    }

    private static func advance(_ input: inout some KeyedRecords, after previous: String?) throws -> (key: String, body: RecordBody)? {
        guard let next = try input.next() else { return nil }
        if let previous {
            if RecordOrder.compare(next.key, previous) == 0 {
                throw DiffInputError(input: input.name, message: "the key \"\(next.key)\" is there twice; a diff pairs records by key, so each key must be there once (give --key the fields that make a record unique)")
            }
            if RecordOrder.keyPrecedes(next.key, previous) {
                throw DiffInputError(input: input.name, message: "the key \"\(next.key)\" comes after \"\(previous)\": the records are not in key order")
            }
        }
        return next
    }
}
