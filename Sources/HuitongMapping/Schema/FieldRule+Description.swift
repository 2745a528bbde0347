extension FieldRule {
    /// The rule's constraints as a person reads them in a data dictionary:
    /// `1–32 characters`, `> 0`, `at most 2 decimals`, `codes: shelter_status`.
    var constraintPhrases: [String] {
        var phrases: [String] = []
        if let length { phrases.append(Self.phrase(for: length)) }
        if let pattern { phrases.append("pattern \(pattern)") }
        if let range { phrases.append(Self.phrase(for: range)) }
        if let decimals { phrases.append(decimals == 1 ? "at most 1 decimal" : "at most \(decimals) decimals") }
        if let codes { phrases.append("codes: \(codes)") }
        if let timeFormat, let name = Self.timeFormats.first(where: { $0.format == timeFormat })?.name {
            phrases.append("format \(name)")
        }
        return phrases
    }

    private static func phrase(for length: LengthLimits) -> String {
        switch (length.min, length.max) {
        case let (min?, max?) where min == max: "exactly \(max) characters"
        case let (min?, max?): "\(min)–\(max) characters"
        case let (nil, max?): "at most \(max) characters"
        case let (min?, nil): "at least \(min) characters"
        case (nil, nil): ""
        }
    }

    private static func phrase(for range: NumberRange) -> String {
        var parts: [String] = []
        if let lower = range.lower {
            parts.append("\(lower.isInclusive ? "≥" : ">") \(NumberFunctions.text(of: lower.value))")
        }
        if let upper = range.upper {
            parts.append("\(upper.isInclusive ? "≤" : "<") \(NumberFunctions.text(of: upper.value))")
        }
        return parts.joined(separator: " and ")
    }
}
