/// How often each value that no code-table lookup knew was met, per table: the "what should
/// we add to the tables?" part of a run report.
///
/// A value type: each task or run keeps its own tally and the results are merged, so counting
/// needs no lock.
package struct UnknownValueTally: Sendable, Hashable {
    /// Counts by table name, then by value.
    package private(set) var counts: [String: [String: Int]] = [:]

    /// An empty tally.
    package init() {}

    /// Counts `value`, unknown to `table`, `count` more times.
    package mutating func record(_ value: String, table: String, count: Int = 1) {
        counts[table, default: [:]][value, default: 0] += count
    }

    /// Adds every count of `other` to this tally.
    package mutating func merge(_ other: UnknownValueTally) {
        for (table, values) in other.counts {
            for (value, count) in values {
                record(value, table: table, count: count)
            }
        }
    }

    /// This tally with every count of `other` added.
    package func merging(_ other: UnknownValueTally) -> UnknownValueTally {
        var merged = self
        merged.merge(other)
        return merged
    }

    /// How often `value` was unknown to `table`.
    package func count(of value: String, in table: String) -> Int {
        counts[table]?[value] ?? 0
    }

    /// True when every lookup knew its value.
    package var isEmpty: Bool {
        counts.isEmpty
    }

    /// Every unknown value met, counted once per occurrence.
    package var total: Int {
        counts.values.reduce(0) { $0 + $1.values.reduce(0, +) }
    }

    /// The counts as rows for a report: by table name, then most frequent first, then by value.
    package var rows: [(table: String, value: String, count: Int)] {
        counts.keys.sorted().flatMap { table in
            (counts[table] ?? [:])
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { (table: table, value: $0.key, count: $0.value) }
        }
    }
}
