import HuitongCore

extension FieldRule {
    /// Every way `value` breaks this rule; empty when it satisfies it.
    ///
    /// Absent means `nil`, `.null` or, for a string, blank text: absent and required is one
    /// violation, absent and optional none. A value of the wrong type gets that one violation
    /// only, since its constraints would mean nothing; otherwise every broken constraint is
    /// listed (a string can be both too long and off its pattern).
    ///
    /// - Parameter codeTables: where the rule's `codes` table is looked up.
    package func violations(of value: Value?, codeTables: CodeTableSet) -> [RuleViolation] {
        guard let value, !Self.isAbsent(value) else {
            return required ? [RuleViolation(.requiredAbsent, "required but absent")] : []
        }
        switch type {
        case .string:
            guard case .string(let text) = value else { return [wrongType(value)] }
            return textViolations(text)
        case .integer:
            guard case .integer(let integer) = value else { return [wrongType(value)] }
            // The decimal text is written only for a coded integer: most integers have no table.
            guard codes != nil else { return numberViolations(value) }
            return numberViolations(value) + codeViolations(String(integer), codeTables: codeTables)
        case .decimal:
            guard value.doubleValue != nil else { return [wrongType(value)] }
            return numberViolations(value)
        case .boolean:
            guard case .bool = value else { return [wrongType(value)] }
            return []
        case .date:
            guard case .string(let text) = value, (try? Timestamp(parsing: text, as: .date, in: .utc)) != nil else {
                return [wrongType(value)]
            }
            return []
        case .datetime:
            return isInstant(value) ? [] : [wrongType(value)]
        case .code:
            guard case .string(let text) = value else { return [wrongType(value)] }
            return codeViolations(text, codeTables: codeTables)
        case .point:
            guard GeometryShape.isPoint(value) else { return [wrongType(value)] }
            return coordinateDecimalViolations(value)
        case .area:
            return GeometryShape.isArea(value) ? [] : [wrongType(value)]
        }
    }

    private static func isAbsent(_ value: Value) -> Bool {
        switch value {
        case .null: true
        case .string(let text):
            // Fast path: no White_Space scalar is visible ASCII or above U+3000, so a text
            // starting with one is present without looking up each scalar's properties.
            if let first = text.unicodeScalars.first, first.value > 0x3000 || (0x21...0x7E).contains(first.value) {
                false
            } else {
                text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
            }
        default: false
        }
    }

    /// The form the rule's type takes, for "expected …" messages.
    var expectedForm: String {
        switch type {
        case .string: "a string"
        case .integer: "an integer"
        case .decimal: "a number"
        case .boolean: "true or false"
        case .date: "a date yyyy-MM-dd"
        case .datetime:
            switch timeFormat {
            case .epochMilliseconds?: "an integer of epoch milliseconds"
            case .epochSeconds?: "an integer of epoch seconds"
            case .dateTime?: "a date and time yyyy-MM-dd HH:mm:ss"
            default: "an RFC 3339 date and time with offset"
            }
        case .code: "a code of table \(codes ?? "?")"
        case .point: "a point {\"lon\": x, \"lat\": y}"
        case .area: "an area (a polygon of at least 3 points, or a circle)"
        }
    }

    private func wrongType(_ value: Value) -> RuleViolation {
        RuleViolation(.wrongType, "expected \(expectedForm), found \(Self.shown(value))")
    }

    private func isInstant(_ value: Value) -> Bool {
        switch (timeFormat ?? .rfc3339, value) {
        case (.epochMilliseconds, .integer), (.epochSeconds, .integer):
            return true
        case (let format, .string(let text)) where format != .epochMilliseconds && format != .epochSeconds:
            return (try? Timestamp(parsing: text, as: format)) != nil
        default:
            return false
        }
    }

    private func textViolations(_ text: String) -> [RuleViolation] {
        var found: [RuleViolation] = []
        if let length {
            // A text of n UTF-8 bytes has between n/4 (rounded up) and n scalars, so most
            // lengths are settled by the byte count alone; otherwise scalars are counted on the
            // bytes, one per byte that does not continue a sequence (`unicodeScalars.count`
            // walks scalar by scalar, several times slower).
            let bytes = text.utf8.count
            let settled = (length.min.map { (bytes + 3) / 4 >= $0 } ?? true) && (length.max.map { bytes <= $0 } ?? true)
            let count = settled ? nil : UTF8Search.withBytes(of: text) { bytes in
                bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            }
            if let min = length.min, let count, count < min {
                found.append(RuleViolation(.tooShort, "shorter than \(Self.characters(min))"))
            }
            if let max = length.max, let count, count > max {
                found.append(RuleViolation(.tooLong, "longer than \(Self.characters(max))"))
            }
        }
        // Tested through the optional, without binding (and so copying) the compiled pattern.
        if compiledPattern?.wholeMatches(text) == false, let pattern {
            found.append(RuleViolation(.patternMismatch, "does not match the pattern \(pattern): \(StepFailure.quoted(text))"))
        }
        return found
    }

    private func numberViolations(_ value: Value) -> [RuleViolation] {
        var found: [RuleViolation] = []
        if let range, let number = value.doubleValue {
            do {
                try range.check(number)
            } catch {
                found.append(RuleViolation(.outOfRange, error.message))
            }
        }
        if let decimals, case .double(let double) = value, DecimalPlaces.count(of: double, exceeds: decimals) {
            found.append(RuleViolation(.tooManyDecimals, "more than \(Self.decimalsPhrase(decimals)): \(NumberFunctions.text(of: double))"))
        }
        return found
    }

    private func coordinateDecimalViolations(_ point: Value) -> [RuleViolation] {
        guard let decimals else { return [] }
        return ["lon", "lat"].compactMap { name in
            guard case .double(let double)? = point[name], DecimalPlaces.count(of: double, exceeds: decimals) else { return nil }
            return RuleViolation(.tooManyDecimals, "\(name) has more than \(Self.decimalsPhrase(decimals)): \(NumberFunctions.text(of: double))")
        }
    }

    private func codeViolations(_ text: String, codeTables: CodeTableSet) -> [RuleViolation] {
        guard let codes else { return [] }
        guard let table = codeTables[codes] else {
            return [RuleViolation(.unknownCode, "code table \(codes) is not loaded")]
        }
        guard table.entry(code: text) == nil else { return [] }
        return [RuleViolation(.unknownCode, "not one of the codes of table \(codes): \(StepFailure.quoted(text))")]
    }

    private static func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }

    private static func decimalsPhrase(_ count: Int) -> String {
        count == 1 ? "1 decimal" : "\(count) decimals"
    }

    /// A value as it reads in a message: `the integer 5`, `"2019/7/1"`, `an object`.
    static func shown(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "the boolean \(flag)"
        case .integer(let integer): "the number \(integer)"
        case .double(let double): "the number \(NumberFunctions.text(of: double))"
        case .string(let text): StepFailure.quoted(text)
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// The JSON shapes of points and areas (see `mappings/schema/README.md`).
enum GeometryShape {
    /// `{"lon": x, "lat": y}` with numbers in range and no other member.
    static func isPoint(_ value: Value) -> Bool {
        guard case .object(let object) = value, object.count == 2,
              let lon = object["lon"]?.doubleValue, let lat = object["lat"]?.doubleValue
        else { return false }
        return (-180...180).contains(lon) && (-90...90).contains(lat)
    }

    /// A polygon of at least three points or a circle with a positive radius, nothing else.
    static func isArea(_ value: Value) -> Bool {
        guard case .object(let object) = value else { return false }
        switch object["type"] {
        case .string("polygon")?:
            guard object.count == 2, let points = object["points"]?.arrayValue else { return false }
            return points.count >= 3 && points.allSatisfy(isPoint)
        case .string("circle")?:
            guard object.count == 3, let center = object["center"], let radius = object["radius_km"]?.doubleValue else {
                return false
            }
            return isPoint(center) && radius > 0 && radius.isFinite
        default:
            return false
        }
    }
}

/// How many decimals a double has in its shortest round-tripping form (`3315.55` has 2,
/// `1e-07` has 7, `120.0` none), which is what a JSON reader and a platform see.
enum DecimalPlaces {
    /// Whether `double` has more than `decimals` decimals: `count(of:) > decimals`, mostly
    /// answered without formatting the number, which costs far more than the check.
    ///
    /// The quick answer: if `double` is the double nearest to k / 10^decimals for a whole k, that
    /// decimal text round-trips, so the shortest round-tripping text has no more decimals.
    /// `scaled` is a whole number below 2^53 and 10^decimals is exact, so the one division is
    /// correctly rounded and the comparison proves it.
    static func count(of double: Double, exceeds decimals: Int) -> Bool {
        if decimals >= 0, decimals < DecimalScanner.powersOfTen.count, double.isFinite {
            let scale = DecimalScanner.powersOfTen[decimals]
            let scaled = (double * scale).rounded()
            if scaled.magnitude < 9_007_199_254_740_992, scaled / scale == double { return false }
        }
        return count(of: double) > decimals
    }

    static func count(of double: Double) -> Int {
        guard double.isFinite else { return 0 }
        let text = String(double.magnitude)
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        var fraction = parts[0].split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return max(0, fraction.count - exponent)
    }
}
