/// A Prometheus text exposition (format 0.0.4) as read by ``PrometheusTextParser``: its
/// metric families in the order they appear, each with its type, help text and samples.
/// For tests that check what `huitong status --metrics` (and the service) expose.
package struct PrometheusExposition: Sendable, Equatable {
    /// One sample line: its name (`x_bucket` for a histogram `x`), labels in line order, value
    /// and optional timestamp (milliseconds since the epoch).
    package struct Sample: Sendable, Equatable {
        package var name: String
        package var labels: [(name: String, value: String)]
        package var value: Double
        package var timestamp: Int64?

        /// The labels by name.
        package var labelValues: [String: String] {
            Dictionary(uniqueKeysWithValues: labels.map { ($0.name, $0.value) })
        }

        package static func == (lhs: Sample, rhs: Sample) -> Bool {
            lhs.name == rhs.name && lhs.labels.elementsEqual(rhs.labels) { $0.name == $1.name && $0.value == $1.value }
                && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN)) && lhs.timestamp == rhs.timestamp
        }
    }

    /// One metric family: every line of one metric name, with `_bucket`, `_sum` and `_count`
    /// (histograms) or `_sum` and `_count` (summaries) grouped under the family's name.
    package struct Family: Sendable, Equatable {
        package var name: String
        /// `counter`, `gauge`, `histogram`, `summary` or `untyped` (no TYPE line).
        package var type: String
        package var help: String?
        package var samples: [Sample]
    }

    package var families: [Family]

    /// The family named `name`.
    package func family(_ name: String) -> Family? {
        families.first { $0.name == name }
    }

    /// The value of the sample named `name` whose labels are exactly `labels`.
    package func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        families.lazy.flatMap(\.samples).first { $0.name == name && $0.labelValues == labels }?.value
    }

    /// Every sample named `name`.
    package func samples(_ name: String) -> [Sample] {
        families.flatMap(\.samples).filter { $0.name == name }
    }
}

/// Why a text is not a valid exposition: the line (from 1) and what is wrong.
package struct PrometheusTextError: Error, Equatable, CustomStringConvertible {
    package var line: Int
    package var message: String

    package var description: String { "line \(line): \(message)" }
}
