import HuitongCore

/// Checks one present, non-null value against its field's type and rule, and says in a short
/// phrase what is wrong (the `reason` of a rejection), or nothing when the value is fine.
struct ProvinceFieldCheck: Sendable {
    /// Today in Beijing as `yyyy-MM-dd`, from the platform clock: the limit of "not in the future".
    var today: String

    /// Jiangsu's box (contract §4), inclusive.
    static let longitudeRange = 116.3...121.95
    static let latitudeRange = 30.75...35.2
    static let coordinateDecimals = 6

    func problem(with value: Value, kind: ProvinceField.Kind) -> String? {
        switch kind {
        case let .string(length):
            guard case let .string(text) = value else { return "must be a string, not \(Self.show(value))" }
            let count = text.unicodeScalars.count
            if let length, count > length.upperBound { return "longer than \(length.upperBound) characters (\(count))" }
            if let length, count < length.lowerBound { return "shorter than \(length.lowerBound) characters" }
            return nil

        case let .integer(bounds):
            guard case let .integer(number) = value else {
                if case .double = value { return "must be an integer without a fraction part, not \(Self.show(value))" }
                return "must be an integer, not \(Self.show(value))"
            }
            return bounds.range.contains(number) ? nil : "must be \(bounds.description), not \(number)"

        case let .number(bounds):
            guard let number = value.doubleValue else { return "must be a number, not \(Self.show(value))" }
            if let limit = bounds.maximumDecimals, Self.decimals(of: value) > limit {
                return "more than \(limit) decimal\(limit == 1 ? "" : "s") (\(Self.show(value)))"
            }
            if let minimum = bounds.minimum {
                if bounds.minimumIsExclusive, number <= minimum { return "must be > \(Self.show(minimum)), not \(Self.show(value))" }
                if !bounds.minimumIsExclusive, number < minimum { return Self.rangeReason(bounds, value) }
            }
            if let maximum = bounds.maximum, number > maximum { return Self.rangeReason(bounds, value) }
            return nil

        case let .date(notInFuture):
            guard case let .string(text) = value else { return "must be a date string yyyy-MM-dd, not \(Self.show(value))" }
            do {
                _ = try Timestamp(parsing: text, as: .date)
            } catch {
                return "not a date yyyy-MM-dd: \(error.detail)"
            }
            if notInFuture, text > today { return "\(text) is in the future (today is \(today))" }
            return nil

        case .dateTime:
            guard case let .string(text) = value else {
                return "must be a datetime string yyyy-MM-dd HH:mm:ss, not \(Self.show(value))"
            }
            do {
                _ = try Timestamp(parsing: text, as: .dateTime)
            } catch {
                return "not a datetime yyyy-MM-dd HH:mm:ss: \(error.detail)"
            }
            return nil

        case let .code(list):
            guard case let .string(code) = value else {
                return "codes are strings: write \"\(Self.show(value))\", not \(Self.show(value))"
            }
            return list.contains(code) ? nil : "unknown code '\(code)'"

        case .longitude, .latitude:
            let isLongitude = if case .longitude = kind { true } else { false }
            let name = isLongitude ? "longitude" : "latitude"
            guard let number = value.doubleValue else { return "\(name) must be a number, not \(Self.show(value))" }
            if Self.decimals(of: value) > Self.coordinateDecimals {
                return "more than \(Self.coordinateDecimals) decimals (\(Self.show(value)))"
            }
            let range = isLongitude ? Self.longitudeRange : Self.latitudeRange
            guard range.contains(number) else {
                return "\(name) \(Self.show(value)) is outside Jiangsu (\(Self.show(range.lowerBound))–\(Self.show(range.upperBound)))"
            }
            return nil

        case .district:
            guard case let .string(code) = value else { return "must be a string of 6 digits, not \(Self.show(value))" }
            return ProvinceDistrictCode.problem(with: code)

        case .creditCode:
            guard case let .string(code) = value else { return "must be a string, not \(Self.show(value))" }
            return ProvinceCreditCode.problem(with: code)

        case .mobileNumber:
            guard case let .string(number) = value else { return "must be a string, not \(Self.show(value))" }
            return Self.mobileNumberProblem(number)
        }
    }

    /// `1[3-9]` followed by nine digits, nothing else.
    static func mobileNumberProblem(_ number: String) -> String? {
        let bytes = Array(number.utf8)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes.count == 11, bytes[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1]),
           bytes.allSatisfy(isDigit)
        {
            return nil
        }
        if number.contains("*") { return "masked mobile number '\(number)'; send the full number" }
        return "'\(number)' is not an 11-digit mainland mobile number (1[3-9] and 9 digits)"
    }

    /// How many digits after the decimal point the number has when written in its shortest
    /// round-trip form (`121.1234567` has 7, `1e-7` has 7, `120` and `120.0` have 0). The
    /// value, not the text it came in, decides: `1.50` is `1.5`.
    static func decimals(of value: Value) -> Int {
        guard case let .double(number) = value,
              let text = try? CanonicalJSONWriter.string(for: .double(number))
        else { return 0 }
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1].hasPrefix("+") ? parts[1].dropFirst() : parts[1]) ?? 0 : 0
        let fractionDigits = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        return max(0, fractionDigits - exponent)
    }

    private static func rangeReason(_ bounds: ProvinceNumberBounds, _ value: Value) -> String {
        switch (bounds.minimum, bounds.maximum) {
        case let (minimum?, maximum?): "must be from \(show(minimum)) to \(show(maximum)), not \(show(value))"
        case let (minimum?, nil): "must be ≥ \(show(minimum)), not \(show(value))"
        case let (nil, maximum?): "must be ≤ \(show(maximum)), not \(show(value))"
        case (nil, nil): "out of range"
        }
    }

    /// A value as short JSON text, for reasons: `3.0`, `"138****5678"`, `{…}`.
    static func show(_ value: Value) -> String {
        switch value {
        case .array: return "an array"
        case .object: return "an object"
        case .null: return "null"
        default:
            let text = (try? JSONWriter().string(for: value)) ?? "?"
            return text.unicodeScalars.count > 60 ? String(text.unicodeScalars.prefix(57)) + "…" : text
        }
    }

    /// A bound as the contract writes it: `0`, `-40`, `116.3`.
    static func show(_ number: Double) -> String {
        (try? CanonicalJSONWriter.string(for: .double(number))) ?? "\(number)"
    }
}
