/// Reads the Prometheus text exposition format, version 0.0.4, strictly as its specification
/// (prometheus.io, "Exposition formats", text format details) states it:
///
/// - lines end with a line feed, the last one too; empty lines are ignored; tokens are
///   separated by blanks or tabs, and leading and trailing ones are ignored;
/// - `#` starts a comment; `# HELP name docstring` (docstring escapes `\\` and `\n`) and
///   `# TYPE name counter|gauge|histogram|summary|untyped`, at most one of each per name and
///   before the name's first sample;
/// - a sample is `metric_name [{label="value",…[,]}] value [timestamp]`: names as PromQL
///   allows them (labels starting `__` are reserved), each label once, values escaping `\\`,
///   `\"` and `\n`; the value a float as Go's `ParseFloat` reads it (`NaN`, `+Inf`, `-Inf`
///   too), the timestamp an int64;
/// - every line of a family is one uninterrupted group; each name and label set once;
/// - a histogram `x` has `x_bucket{le="…"}` lines in increasing `le` order, cumulative, with an
///   `le="+Inf"` bucket equal to `x_count`; a summary `x` has `x{quantile="…"}` lines in
///   increasing order, each quantile from 0 to 1; both may have `x_sum` and `x_count`.
///
/// Anything else is an error naming its line.
package enum PrometheusTextParser {
    package static func parse(_ text: String) throws(PrometheusTextError) -> PrometheusExposition {
        var state = State()
        guard !text.isEmpty else { return PrometheusExposition(families: []) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.removeLast().isEmpty else {
            throw PrometheusTextError(line: lines.count + 1, message: "the last line must end with a line feed")
        }
        for (index, line) in lines.enumerated() {
            var scanner = LineScanner(line: Array(line.unicodeScalars), number: index + 1)
            scanner.skipBlanks()
            if scanner.atEnd { continue }
            if scanner.peek == "#" {
                try state.comment(&scanner)
            } else {
                try state.sample(&scanner)
            }
        }
        return try state.finish()
    }

    private struct State {
        var families: [PrometheusExposition.Family] = []
        /// The line of each family's samples, for the errors found once the family is complete.
        var sampleLines: [[Int]] = []
        /// Names whose group has ended: none of their lines may come again.
        var closed: Set<String> = []
        var seenSamples: Set<String> = []
        var typeLines: Set<String> = []

        mutating func comment(_ scanner: inout LineScanner) throws(PrometheusTextError) {
            scanner.advance()
            scanner.skipBlanks()
            let keyword = scanner.token()
            guard keyword == "HELP" || keyword == "TYPE" else { return }
            scanner.skipBlanks()
            let name = scanner.token()
            guard !name.isEmpty else { throw scanner.error("\(keyword) needs a metric name") }
            guard isMetricName(name) else { throw scanner.error("\"\(name)\" is not a metric name") }
            try open(name, at: scanner)
            let index = families.count - 1
            guard families[index].samples.isEmpty else { throw scanner.error("the \(keyword) line of \(name) comes after its samples") }
            if keyword == "HELP" {
                guard families[index].help == nil else { throw scanner.error("a second HELP line for \(name)") }
                scanner.skipBlanks()
                families[index].help = try scanner.escapedRest(allowingQuote: false)
            } else {
                guard !typeLines.contains(name) else { throw scanner.error("a second TYPE line for \(name)") }
                scanner.skipBlanks()
                let type = scanner.token()
                guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(type) else {
                    throw scanner.error("TYPE \(name) is \"\(type)\", not counter, gauge, histogram, summary or untyped")
                }
                scanner.skipBlanks()
                guard scanner.atEnd else { throw scanner.error("TYPE takes exactly a metric name and a type") }
                typeLines.insert(name)
                families[index].type = type
            }
        }

        /// Makes `name` the family being written: the current one, or a new one.
        mutating func open(_ name: String, at scanner: LineScanner) throws(PrometheusTextError) {
            if families.last?.name == name { return }
            guard !closed.contains(name) else { throw scanner.error("the lines of \(name) are not one uninterrupted group") }
            if let last = families.last { closed.insert(last.name) }
            families.append(PrometheusExposition.Family(name: name, type: "untyped", help: nil, samples: []))
            sampleLines.append([])
        }

        mutating func sample(_ scanner: inout LineScanner) throws(PrometheusTextError) {
            let name = scanner.name(first: { $0.isLetter || $0 == "_" || $0 == ":" }, rest: { $0.isLetter || $0.isDigit || $0 == "_" || $0 == ":" })
            guard !name.isEmpty else { throw scanner.error("a sample starts with a metric name") }
            let blank = scanner.skipBlanks()
            var labels: [(name: String, value: String)] = []
            if scanner.peek == "{" {
                scanner.advance()
                labels = try scanner.labels()
                scanner.skipBlanks()
            } else if !blank, let next = scanner.peek {
                throw scanner.error("unexpected \"\(next)\" after the metric name \(name)")
            }
            guard !scanner.atEnd else { throw scanner.error("\(name) has no value") }
            let value = try scanner.float()
            var timestamp: Int64?
            if scanner.skipBlanks(), !scanner.atEnd {
                let text = scanner.token()
                guard isInteger(text), let number = Int64(text) else { throw scanner.error("the timestamp \"\(text)\" is not an int64") }
                timestamp = number
                scanner.skipBlanks()
            }
            guard scanner.atEnd else { throw scanner.error("unexpected text after the sample: \"\(scanner.rest)\"") }

            let family = familyName(of: name)
            try open(family, at: scanner)
            let key = name + "{" + labels.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: "\u{0}") + "}"
            guard seenSamples.insert(key).inserted else { throw scanner.error("a second line for \(name) with the same labels") }
            let type = families[families.count - 1].type
            try check(name, labels: labels, family: family, type: type, at: scanner)
            families[families.count - 1].samples.append(.init(name: name, labels: labels, value: value, timestamp: timestamp))
            sampleLines[sampleLines.count - 1].append(scanner.number)
        }

        /// The family a sample belongs to: `x` for `x_bucket`, `x_sum` and `x_count` of a
        /// histogram `x`, and for `x_sum` and `x_count` of a summary `x`.
        func familyName(of name: String) -> String {
            for (suffix, types) in [("_bucket", ["histogram"]), ("_sum", ["histogram", "summary"]), ("_count", ["histogram", "summary"])] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if let family = families.last(where: { $0.name == base }), types.contains(family.type) { return base }
            }
            return name
        }

        func check(_ name: String, labels: [(name: String, value: String)], family: String, type: String, at scanner: LineScanner) throws(PrometheusTextError) {
            let names = labels.map(\.name)
            switch type {
            case "histogram":
                if name == family + "_bucket" {
                    guard names.contains("le") else { throw scanner.error("\(name) has no le label") }
                } else if names.contains("le") {
                    throw scanner.error("\(name) is not a bucket and cannot have an le label")
                }
                if name == family { throw scanner.error("a histogram's samples are \(family)_bucket, \(family)_sum and \(family)_count") }
            case "summary":
                if name == family {
                    guard names.contains("quantile") else { throw scanner.error("\(name) has no quantile label") }
                } else if names.contains("quantile") {
                    throw scanner.error("\(name) cannot have a quantile label")
                }
            default:
                break
            }
        }

        /// Checks each histogram's buckets and each summary's quantiles, series by series.
        func finish() throws(PrometheusTextError) -> PrometheusExposition {
            for (family, lines) in zip(families, sampleLines) where family.type == "histogram" || family.type == "summary" {
                try check(family, lines: lines)
            }
            return PrometheusExposition(families: families)
        }

        private func check(_ family: PrometheusExposition.Family, lines: [Int]) throws(PrometheusTextError) {
            let histogram = family.type == "histogram"
            let special = histogram ? "le" : "quantile"
            // Per series (the labels but le or quantile): its bounds with their values and lines.
            var series: [String: [(bound: Double, value: Double, line: Int)]] = [:]
            var counts: [String: (value: Double, line: Int)] = [:]
            var order: [String] = []
            for (sample, line) in zip(family.samples, lines) {
                let key = sample.labels.filter { $0.name != special }.map { "\($0.name)=\"\($0.value)\"" }.sorted().joined(separator: ",")
                if series[key] == nil, counts[key] == nil { order.append(key) }
                if sample.name == family.name + "_count" { counts[key] = (sample.value, line) }
                guard let text = sample.labelValues[special] else { continue }
                guard let bound = parseFloat(text) else { throw PrometheusTextError(line: line, message: "\(special)=\"\(text)\" is not a float") }
                if !histogram, !(0...1).contains(bound) {
                    throw PrometheusTextError(line: line, message: "the quantile \(text) is not between 0 and 1")
                }
                if let previous = series[key]?.last, !(previous.bound < bound) {
                    throw PrometheusTextError(line: line, message: "\(family.name){\(key)}: \(special) values must be in increasing order")
                }
                if histogram, sample.value < 0 || sample.value.isNaN || (series[key]?.last.map { sample.value < $0.value } ?? false) {
                    throw PrometheusTextError(line: line, message: "\(family.name){\(key)}: bucket counts must be cumulative from 0 up")
                }
                series[key, default: []].append((bound, sample.value, line))
            }
            guard histogram else { return }
            for key in order {
                let points = series[key] ?? []
                guard let last = points.last, last.bound == .infinity else {
                    throw PrometheusTextError(line: points.last?.line ?? counts[key]?.line ?? lines.last ?? 0, message: "\(family.name){\(key)}: a histogram needs an le=\"+Inf\" bucket")
                }
                if let count = counts[key], count.value != last.value {
                    throw PrometheusTextError(line: count.line, message: "\(family.name){\(key)}: the count \(count.value) is not the +Inf bucket's \(last.value)")
                }
            }
        }
    }

    static func isMetricName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isLetter || first == "_" || first == ":" else { return false }
        return text.unicodeScalars.allSatisfy { $0.isLetter || $0.isDigit || $0 == "_" || $0 == ":" }
    }

    static func isInteger(_ text: String) -> Bool {
        let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : text[...]
        return !digits.isEmpty && digits.unicodeScalars.allSatisfy(\.isDigit)
    }

    /// A float as Go's `strconv.ParseFloat` reads one in decimal: `[+-]digits[.digits][e[+-]digits]`
    /// (or `.digits`), and `NaN`, `Inf`, `Infinity` in any case, with a sign for the infinities.
    static func parseFloat(_ text: String) -> Double? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return text.first == "+" || text.first == "-" ? nil : .nan
        default: break
        }
        var scalars = Array(body.unicodeScalars)[...]
        let integer = scalars.prefix { $0.isDigit }.count
        scalars = scalars.dropFirst(integer)
        var fraction = 0
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            fraction = scalars.prefix { $0.isDigit }.count
            scalars = scalars.dropFirst(fraction)
        }
        guard integer + fraction > 0 else { return nil }
        if let e = scalars.first, e == "e" || e == "E" {
            scalars = scalars.dropFirst()
            if let sign = scalars.first, sign == "+" || sign == "-" { scalars = scalars.dropFirst() }
            let exponent = scalars.prefix { $0.isDigit }.count
            guard exponent > 0 else { return nil }
            scalars = scalars.dropFirst(exponent)
        }
        guard scalars.isEmpty, let value = Double(text) else { return nil }
        return value
    }
}

/// One line's scalars, read left to right.
private struct LineScanner {
    let line: [Unicode.Scalar]
    let number: Int
    var position = 0

    init(line: [Unicode.Scalar], number: Int) {
        self.line = line
        self.number = number
    }

    var atEnd: Bool { position >= line.count }
    var peek: Unicode.Scalar? { atEnd ? nil : line[position] }
    var rest: String { String(String.UnicodeScalarView(line[position...])) }

    mutating func advance() { position += 1 }

    func error(_ message: String) -> PrometheusTextError { PrometheusTextError(line: number, message: message) }

    /// Skips blanks and tabs; whether there were any.
    @discardableResult
    mutating func skipBlanks() -> Bool {
        let start = position
        while let scalar = peek, scalar == " " || scalar == "\t" { advance() }
        return position > start
    }

    /// Everything up to the next blank, tab or the end.
    mutating func token() -> String {
        let start = position
        while let scalar = peek, scalar != " ", scalar != "\t" { advance() }
        return String(String.UnicodeScalarView(line[start..<position]))
    }

    mutating func name(first: (Unicode.Scalar) -> Bool, rest: (Unicode.Scalar) -> Bool) -> String {
        guard let scalar = peek, first(scalar) else { return "" }
        let start = position
        advance()
        while let scalar = peek, rest(scalar) { advance() }
        return String(String.UnicodeScalarView(line[start..<position]))
    }

    /// After `{`: `name="value"` pairs separated by commas, an optional trailing comma, `}`.
    mutating func labels() throws(PrometheusTextError) -> [(name: String, value: String)] {
        var labels: [(name: String, value: String)] = []
        while true {
            skipBlanks()
            if peek == "}", !labels.isEmpty {
                advance()
                return labels
            }
            let name = self.name(first: { $0.isLetter || $0 == "_" }, rest: { $0.isLetter || $0.isDigit || $0 == "_" })
            guard !name.isEmpty else { throw error(atEnd ? "the labels are not closed with }" : "expected a label name at \"\(rest)\"") }
            guard !name.hasPrefix("__") else { throw error("the label name \(name) is reserved (it starts with __)") }
            guard !labels.contains(where: { $0.name == name }) else { throw error("the label \(name) appears twice") }
            skipBlanks()
            guard peek == "=" else { throw error("expected = after the label name \(name)") }
            advance()
            skipBlanks()
            guard peek == "\"" else { throw error("the value of the label \(name) must be in double quotes") }
            advance()
            labels.append((name, try quoted()))
            skipBlanks()
            switch peek {
            case ",": advance()
            case "}":
                advance()
                return labels
            default: throw error(atEnd ? "the labels are not closed with }" : "expected , or } after the label \(name)")
            }
        }
    }

    /// A label value after its opening quote, to its closing quote: `\\`, `\"` and `\n` escaped.
    mutating func quoted() throws(PrometheusTextError) -> String {
        var value = String.UnicodeScalarView()
        while let scalar = peek {
            advance()
            switch scalar {
            case "\"": return String(value)
            case "\\": value.append(try escape(allowingQuote: true))
            default: value.append(scalar)
            }
        }
        throw error("a label value is not closed with \"")
    }

    /// The rest of the line as a docstring: `\\` and `\n` escaped; trailing blanks dropped.
    mutating func escapedRest(allowingQuote: Bool) throws(PrometheusTextError) -> String {
        var value = String.UnicodeScalarView()
        var end = line.count
        while end > position, line[end - 1] == " " || line[end - 1] == "\t" { end -= 1 }
        while position < end {
            let scalar = line[position]
            advance()
            if scalar == "\\" { value.append(try escape(allowingQuote: allowingQuote)) } else { value.append(scalar) }
        }
        position = line.count
        return String(value)
    }

    private mutating func escape(allowingQuote: Bool) throws(PrometheusTextError) -> Unicode.Scalar {
        guard let next = peek else { throw error("a backslash at the end of the line") }
        advance()
        switch next {
        case "\\": return "\\"
        case "n": return "\n"
        case "\"" where allowingQuote: return "\""
        default: throw error("the escape sequence \\\(next) is not one the format defines")
        }
    }

    mutating func float() throws(PrometheusTextError) -> Double {
        let text = token()
        guard let value = PrometheusTextParser.parseFloat(text) else { throw error("the value \"\(text)\" is not a float") }
        return value
    }
}

extension Unicode.Scalar {
    /// ASCII letters only: metric and label names are ASCII.
    fileprivate var isLetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isDigit: Bool { ("0"..."9").contains(self) }
}
