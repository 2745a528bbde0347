/// One metric family, as the Prometheus data model has it: a name, a help text, a type, and
/// one sample per set of labels. A value: it is built, then rendered
/// (``PrometheusText/render(_:)``); nothing in it is shared or changed behind the builder's back.
package struct MetricFamily: Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// Only ever goes up (a count of records since the history began); a drop is a reset.
        case counter
        /// Goes up and down (a time, a flag).
        case gauge
        /// Observations in buckets (batch wall times).
        case histogram
    }

    /// One label of a sample.
    package struct Label: Sendable, Hashable {
        package let name: String
        package let value: String

        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One sample: its labels, in the order they are written, and its value.
    package struct Sample: Sendable, Equatable {
        package enum Value: Sendable, Equatable {
            case number(Double)
            case histogram(HistogramCounts)
        }

        package let labels: [Label]
        package let value: Value
    }

    /// `huitong_records_accepted_total`: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    package let name: String
    package let help: String
    package let kind: Kind
    package private(set) var samples: [Sample] = []

    package init(_ name: String, kind: Kind, help: String) {
        precondition(Self.isMetricName(name), "\(name) is not a Prometheus metric name")
        self.name = name
        self.kind = kind
        self.help = help
    }

    /// Adds a counter or gauge sample.
    package mutating func add(_ value: Double, _ labels: [Label] = []) {
        precondition(kind != .histogram, "\(name) is a histogram")
        append(Sample(labels: labels, value: .number(value)))
    }

    /// Adds a histogram sample.
    package mutating func add(_ histogram: HistogramCounts, _ labels: [Label] = []) {
        precondition(kind == .histogram, "\(name) is a \(kind.rawValue)")
        append(Sample(labels: labels, value: .histogram(histogram)))
    }

    private mutating func append(_ sample: Sample) {
        precondition(sample.labels.allSatisfy { Self.isLabelName($0.name) && $0.name != "le" }, "\(name): a label name is not valid")
        precondition(Set(sample.labels.map(\.name)).count == sample.labels.count, "\(name): a label appears twice")
        precondition(!samples.contains { $0.labels == sample.labels }, "\(name): two samples with the same labels")
        samples.append(sample)
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" || first == ":" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == ":" }
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_", !name.hasPrefix("__") else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
