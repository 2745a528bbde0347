/// Observations counted into buckets with fixed upper bounds: what a Prometheus histogram
/// exposes (cumulative buckets, `_sum`, `_count`), kept per bucket so that two sets of
/// observations with the same bounds add up exactly.
package struct HistogramCounts: Sendable, Equatable {
    /// The buckets' upper bounds, finite and increasing; the last bucket, above every bound
    /// (`+Inf`), is implied.
    package let bounds: [Double]
    /// Observations per bucket, not cumulative: one more than `bounds` (the last is above them all).
    package private(set) var counts: [Int]
    /// The sum of every observation.
    package private(set) var sum: Double

    /// Seconds from sending a batch to its answer, retries and waits included: from a
    /// fast loopback answer to the longest retry budget a profile allows.
    package static let batchSecondsBounds: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    /// No observations yet, for batch wall times.
    package static var batchSeconds: HistogramCounts { HistogramCounts(bounds: batchSecondsBounds) }

    /// No observations yet.
    package init(bounds: [Double]) {
        precondition(Self.valid(bounds), "histogram bounds are finite and increasing")
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count + 1)
        sum = 0
    }

    /// Counts read back from a file; nil when they do not fit the bounds.
    package init?(bounds: [Double], counts: [Int], sum: Double) {
        guard Self.valid(bounds), counts.count == bounds.count + 1, counts.allSatisfy({ $0 >= 0 }), sum.isFinite else { return nil }
        self.bounds = bounds
        self.counts = counts
        self.sum = sum
    }

    private static func valid(_ bounds: [Double]) -> Bool {
        bounds.allSatisfy(\.isFinite) && zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }
    }

    /// How many observations there are.
    package var count: Int { counts.reduce(0, +) }

    /// Observations at or below each bound, then all of them (the `+Inf` bucket).
    package var cumulativeCounts: [Int] {
        var total = 0
        return counts.map { count in
            total += count
            return total
        }
    }

    /// Counts `value` in the first bucket whose bound is at least `value`.
    package mutating func observe(_ value: Double) {
        guard value.isFinite else { return }
        counts[bounds.firstIndex { value <= $0 } ?? bounds.count] += 1
        sum += value
    }

    /// Adds `other`'s observations; false (and nothing added) when its bounds differ.
    @discardableResult
    package mutating func add(_ other: HistogramCounts) -> Bool {
        guard other.bounds == bounds else { return false }
        for index in counts.indices { counts[index] += other.counts[index] }
        sum += other.sum
        return true
    }
}
