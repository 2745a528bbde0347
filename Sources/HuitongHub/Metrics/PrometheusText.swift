/// The Prometheus text exposition format, version 0.0.4: `# HELP` and `# TYPE` before each
/// family's samples, every family one uninterrupted group, label values escaped (`\\`, `\"`,
/// `\n`), help texts escaped (`\\`, `\n`), and each histogram as cumulative
/// `_bucket{le="…"}` samples in increasing order ending with `le="+Inf"`, then `_sum` and `_count`.
package enum PrometheusText {
    /// What an HTTP endpoint serving ``render(_:)`` says its body is.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The families as one exposition; every line, the last too, ends with a line feed.
    package static func render(_ families: [MetricFamily]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                switch sample.value {
                case let .number(value):
                    text += "\(family.name)\(labels(sample.labels)) \(number(value))\n"
                case let .histogram(histogram):
                    let bounds = histogram.bounds.map(number) + ["+Inf"]
                    for (bound, count) in zip(bounds, histogram.cumulativeCounts) {
                        text += "\(family.name)_bucket\(labels(sample.labels + [MetricFamily.Label("le", bound)])) \(count)\n"
                    }
                    text += "\(family.name)_sum\(labels(sample.labels)) \(number(histogram.sum))\n"
                    text += "\(family.name)_count\(labels(sample.labels)) \(histogram.count)\n"
                }
            }
        }
        return text
    }

    /// A float as Go's `strconv.ParseFloat` reads it: whole numbers without a fraction,
    /// `NaN`, `+Inf` and `-Inf` spelled as the format does.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func labels(_ labels: [MetricFamily.Label]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escapeLabelValue(_ text: String) -> String { escape(text, quotes: true) }

    /// A help text: backslash and line feed escaped (a double quote stays).
    static func escapeHelp(_ text: String) -> String { escape(text, quotes: false) }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"" where quotes: escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
